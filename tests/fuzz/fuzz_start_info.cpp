// tests/fuzz/fuzz_start_info.cpp: PV start_info bytes through every PV start_info adapter
// (x86_64 and x86_32 layouts), the magic parser and the probe's magic recorder.
//
// Input: the structure's bytes; each adapter gets them in a heap buffer of exactly its size
// (shorter input zero-padded), so ASan flags any read past the structure. Checked: a parse
// either fails with a refusal reason and a zeroed result, or succeeds with a result that keeps
// its promises (cmdline inside the structure and terminated, dom0 console info inside the page).
#include "fuzz_input.hpp"

#include "abi/start_info_x86.h"
#include "shim/select/tables.hpp"
#include "shim/probe/probe.hpp"
#include "shim/handoff/start_info.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

namespace {

bool all_zero(const void *p, size_t n) {
    const auto *b = static_cast<const uint8_t *>(p);
    for (size_t i = 0; i < n; ++i)
        if (b[i] != 0)
            return false;
    return true;
}

void check_adapter(const xshim_start_info_adapter &a, const uint8_t *data, size_t size) {
    std::unique_ptr<uint8_t[]> raw(new uint8_t[a.size]);
    fuzz::Input in(data, size);
    in.take_into(raw.get(), a.size);

    xshim_boot_info bi;
    memset(&bi, 0xa5, sizeof bi); // the parse must overwrite all of it
    const int rc = a.parse(raw.get(), &bi);
    if (rc != XSHIM_S_OK) {
        FUZZ_CHECK(rc > 0 && rc < XSHIM_REASON_COUNT);
        FUZZ_CHECK(all_zero(&bi, sizeof bi));
        return;
    }
    FUZZ_CHECK(bi.protocol == XSHIM_BOOT_PV);
    const uint8_t *end = raw.get() + a.size;
    if (bi.cmdline == nullptr) {
        FUZZ_CHECK(bi.cmdline_len == xshim::cmdline_unterminated);
    } else {
        const auto *c = reinterpret_cast<const uint8_t *>(bi.cmdline);
        FUZZ_CHECK(c >= raw.get() && c + bi.cmdline_len < end);
        FUZZ_CHECK(bi.cmdline_len < XSHIM_MAX_GUEST_CMDLINE);
        FUZZ_CHECK(strlen(bi.cmdline) == bi.cmdline_len);
    }
    if (bi.flags & XSHIM_SIF_INITDOMAIN) {
        FUZZ_CHECK(bi.console_mfn == 0 && bi.console_evtchn == 0);
        FUZZ_CHECK(bi.console_info_size == 0 ||
                   uint64_t{bi.console_info_off} + bi.console_info_size <=
                       xshim::start_info_page_size);
    }
    // The magic said this layout's platform.
    xshim::StartMagic m{};
    FUZZ_CHECK(xshim::parse_start_magic(reinterpret_cast<const char *>(raw.get()),
                                        XSHIM_START_INFO_MAGIC_SIZE, &m) == XSHIM_S_OK);
    FUZZ_CHECK(m.major >= 3);
}

void check_magic(const uint8_t *data, size_t size) {
    char magic[XSHIM_START_INFO_MAGIC_SIZE];
    fuzz::Input in(data, size);
    in.take_into(magic, sizeof magic);
    xshim::StartMagic m{};
    const int rc = xshim::parse_start_magic(magic, sizeof magic, &m);
    if (rc == XSHIM_S_OK || rc == XSHIM_REASON_OLD_GENERATION) {
        FUZZ_CHECK(m.suffix >= magic && m.suffix + m.suffix_len < magic + sizeof magic);
        FUZZ_CHECK(m.suffix_len > 0 && m.suffix[m.suffix_len] == '\0');
        FUZZ_CHECK(m.major <= 99999 && m.minor <= 99999);
        FUZZ_CHECK((rc == XSHIM_REASON_OLD_GENERATION) == (m.major < 3));
    } else {
        FUZZ_CHECK(rc == XSHIM_REASON_BAD_START_INFO);
    }
    xshim_identity id{};
    xshim::record_start_magic(magic, sizeof magic, &id);
    FUZZ_CHECK(strlen(id.start_magic) <= XSHIM_START_MAGIC_LEN);
    for (const char *c = id.start_magic; *c != '\0'; ++c)
        FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    for (const auto &a : xshim::start_info_adapters)
        if (a.protocol == XSHIM_BOOT_PV)
            check_adapter(a, data, size);
    check_magic(data, size);

    // The lookup a kernel does first, for each PV layout's arch: reads nothing for PV.
    uint8_t byte = size != 0 ? data[0] : 0;
    for (uint32_t arch : {XSHIM_ARCH_X86_64, XSHIM_ARCH_X86_32}) {
        const xshim_start_info_adapter *a =
            xshim::find_start_info_adapter(XSHIM_BOOT_PV, arch, &byte);
        FUZZ_CHECK(a != nullptr && a->arch == arch);
    }
    return 0;
}
