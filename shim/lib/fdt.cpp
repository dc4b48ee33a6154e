// shim/lib/fdt.cpp: the flattened device tree reader (see fdt.hpp for what a blob must satisfy).
// One walker checks the structure block; open() and the lookups are visitors over it.
#include "shim/lib/fdt.hpp"

#include "shim/lib/text.hpp"

namespace xshim::fdt {
namespace {

// struct fdt_header: ten big-endian 32-bit words (devicetree specification, 5.2).
enum HeaderField : uint32_t {
    kHdrMagic = 0,
    kHdrTotalSize = 4,
    kHdrOffStruct = 8,
    kHdrOffStrings = 12,
    kHdrOffMemRsvmap = 16,
    kHdrVersion = 20,
    kHdrLastCompVersion = 24,
    kHdrBootCpuid = 28,
    kHdrSizeStrings = 32,
    kHdrSizeStruct = 36, // version 17
};

// off..off+len inside 0..limit, without overflow.
constexpr bool within(uint32_t off, uint32_t len, uint32_t limit) {
    return off <= limit && len <= limit - off;
}

constexpr uint32_t pad4(uint32_t n) { return (4 - (n & 3)) & 3; }

// Length of the NUL-terminated string at p, reading at most max bytes; max means "no NUL".
uint32_t name_len(const uint8_t *p, uint32_t max) {
    uint32_t n = 0;
    while (n < max && p[n] != 0)
        ++n;
    return n;
}

// Walk the structure block, calling v.begin(depth, name, len) on each node (depth 1 = root),
// v.prop(depth, name, len, value) on each property and v.end(depth) on each END_NODE. A visitor
// returning non-zero stops the walk with that value (1: found). Every iteration consumes at least
// one 4-byte token of a block of at most 4 GiB, so the loop is bounded by the block's size.
template <typename Visitor> int walk(const Blob &b, Visitor &v) {
    if (b.base == nullptr)
        return kNullBlob;
    if (!within(b.struct_off, b.struct_size, b.size) ||
        !within(b.strings_off, b.strings_size, b.size))
        return kStructRange;
    const uint8_t *s = b.base + b.struct_off;
    const uint8_t *strings = b.base + b.strings_off;
    const uint32_t n = b.struct_size;
    uint32_t pos = 0; // invariant: pos <= n
    uint32_t depth = 0;
    bool root_seen = false;
    for (;;) {
        if (n - pos < 4)
            return kNoEnd;
        const uint32_t token = be32(s + pos);
        pos += 4;
        switch (token) {
        case kBeginNode: {
            if (depth == 0 && root_seen)
                return kBadNesting; // a second root
            const uint32_t len = name_len(s + pos, n - pos);
            if (len == n - pos)
                return kUnterminatedName;
            if (depth >= kMaxDepth)
                return kTooDeep;
            ++depth;
            root_seen = true;
            if (int rc = v.begin(depth, reinterpret_cast<const char *>(s + pos), len); rc != 0)
                return rc;
            const uint32_t skip = len + 1 + pad4(len + 1);
            if (skip > n - pos)
                return kUnterminatedName; // the name's padding runs past the block
            pos += skip;
            break;
        }
        case kEndNode:
            if (depth == 0)
                return kBadNesting;
            if (int rc = v.end(depth); rc != 0)
                return rc;
            --depth;
            break;
        case kProp: {
            if (depth == 0)
                return kBadNesting; // a property outside any node
            if (n - pos < 8)
                return kPropRange;
            const uint32_t len = be32(s + pos);
            const uint32_t nameoff = be32(s + pos + 4);
            pos += 8;
            if (len > n - pos || pad4(len) > n - pos - len)
                return kPropRange;
            if (nameoff >= b.strings_size)
                return kBadNameOffset;
            const uint32_t nlen = name_len(strings + nameoff, b.strings_size - nameoff);
            if (nlen == b.strings_size - nameoff)
                return kBadNameOffset; // the name runs off the strings block
            if (int rc = v.prop(depth, reinterpret_cast<const char *>(strings + nameoff), nlen,
                                Bytes{s + pos, len});
                rc != 0)
                return rc;
            pos += len + pad4(len);
            break;
        }
        case kNop:
            break;
        case kEnd:
            if (depth != 0 || !root_seen)
                return kBadNesting;
            return kOk;
        default:
            return kBadToken;
        }
    }
}

// open(): count nodes; the walk itself does the checking.
struct Counter {
    uint32_t nodes = 0;
    int begin(uint32_t, const char *, uint32_t) {
        ++nodes;
        return 0;
    }
    int end(uint32_t) { return 0; }
    int prop(uint32_t, const char *, uint32_t, const Bytes &) { return 0; }
};

struct Component {
    const char *s;
    uint32_t len;
};

// A lookup by absolute path. `matched` is how many open nodes, from the root down, lie on the
// path; the target is open when matched == depth == components + 1.
struct PathFinder {
    Component comps[kMaxDepth];
    uint32_t ncomps = 0;
    uint32_t matched = 0;
    bool in_target = false;
    bool found_node = false;
    const char *prop_name = nullptr; // NULL: find the node only
    Bytes value{nullptr, 0};

    int parse(const char *path) {
        if (path == nullptr || path[0] != '/')
            return kBadPath;
        const char *p = path;
        while (*p != '\0') {
            while (*p == '/')
                ++p;
            if (*p == '\0')
                break;
            if (ncomps == kMaxDepth - 1)
                return kBadPath; // deeper than any blob open() accepts
            const char *start = p;
            while (*p != '\0' && *p != '/')
                ++p;
            comps[ncomps++] = {start, static_cast<uint32_t>(p - start)};
        }
        return kOk;
    }

    static bool component_matches(const Component &c, const char *name, uint32_t len) {
        if (len < c.len)
            return false;
        for (uint32_t i = 0; i < c.len; ++i)
            if (name[i] != c.s[i])
                return false;
        return len == c.len || name[c.len] == '@';
    }

    int begin(uint32_t depth, const char *name, uint32_t len) {
        const uint32_t above = depth - 1; // open nodes above this one
        if (matched == above && above <= ncomps &&
            (above == 0 || component_matches(comps[above - 1], name, len))) {
            matched = depth;
            if (depth == ncomps + 1) {
                in_target = true;
                found_node = true;
                if (prop_name == nullptr)
                    return 1;
            }
        }
        return 0;
    }

    int end(uint32_t depth) {
        if (in_target && depth == ncomps + 1)
            return kNoProperty; // the first matching node closed without the property
        if (matched >= depth)
            matched = depth - 1;
        return 0;
    }

    int prop(uint32_t depth, const char *name, uint32_t len, const Bytes &v) {
        if (in_target && depth == ncomps + 1 && same(name, len, prop_name)) {
            value = v;
            return 1;
        }
        return 0;
    }
};

int lookup(const Blob &blob, const char *path, const char *prop, Bytes *out) {
    PathFinder f;
    f.prop_name = prop;
    if (int rc = f.parse(path); rc != kOk)
        return rc;
    int rc = walk(blob, f);
    if (rc == 1) {
        if (out != nullptr)
            *out = f.value;
        return kOk;
    }
    if (rc == kOk)
        return f.found_node ? kNoProperty : kNotFound;
    return rc;
}

} // namespace

int open(const void *data, size_t len, Blob *out) {
    if (data == nullptr || out == nullptr)
        return kNullBlob;
    const uint8_t *h = static_cast<const uint8_t *>(data);
    if (len < kHeaderSize)
        return kTruncated;
    if (be32(h + kHdrMagic) != kMagic)
        return kBadMagic;
    const uint32_t total = be32(h + kHdrTotalSize);
    if (total < kHeaderSize || total > len)
        return kBadTotalSize;
    const uint32_t version = be32(h + kHdrVersion);
    if (version < kOldestCompatible || be32(h + kHdrLastCompVersion) > kVersion)
        return kBadVersion;
    Blob b{};
    b.base = h;
    b.size = total;
    b.version = version;
    b.struct_off = be32(h + kHdrOffStruct);
    // Version 16 has no size_dt_struct: the block may run to the end of the blob.
    const bool has_struct_size = version >= kVersion;
    b.struct_size = has_struct_size ? be32(h + kHdrSizeStruct)
                                    : (b.struct_off <= total ? total - b.struct_off : 0);
    b.strings_off = be32(h + kHdrOffStrings);
    b.strings_size = be32(h + kHdrSizeStrings);
    if (b.struct_off < kHeaderSize || (b.struct_off & 3) != 0 ||
        !within(b.struct_off, b.struct_size, total))
        return kStructRange;
    if (b.strings_off < kHeaderSize || !within(b.strings_off, b.strings_size, total))
        return kStringsRange;
    Counter c;
    if (int rc = walk(b, c); rc != kOk)
        return rc;
    b.nodes = c.nodes;
    *out = b;
    return kOk;
}

int find_property(const Blob &blob, const char *path, const char *prop, Bytes *out) {
    if (prop == nullptr)
        return kBadPath;
    return lookup(blob, path, prop, out);
}

int find_node(const Blob &blob, const char *path) { return lookup(blob, path, nullptr, nullptr); }

bool next_string(const Bytes &list, uint32_t *pos, const char **s, uint32_t *len, bool *malformed) {
    if (list.data == nullptr || *pos >= list.len)
        return false;
    const uint32_t rest = list.len - *pos;
    const uint8_t *p = list.data + *pos;
    const uint32_t n = name_len(p, rest);
    if (n == rest) { // the last string has no NUL inside the value
        *malformed = true;
        *pos = list.len;
        return false;
    }
    *s = reinterpret_cast<const char *>(p);
    *len = n;
    *pos += n + 1;
    return true;
}

} // namespace xshim::fdt
