// tests/corpus/corpus.hpp: the captures of tests/corpus/*.txt, read by the hosted tests (the unit
// tests' FakeXen, the tool tests). Format (tests/corpus/README.md): one "key value" a line, the
// value running to the end of the line; '#' starts a comment line. A key that is absent was not
// captured, and whoever answers from the capture answers as Xen does for a fact it lacks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corpus {

struct Capture {
    std::string name; // the file name without ".txt"
    std::vector<std::pair<std::string, std::string>> entries;

    const std::string *find(std::string_view key) const {
        for (const auto &e : entries)
            if (e.first == key)
                return &e.second;
        return nullptr;
    }
    bool has(std::string_view key) const { return find(key) != nullptr; }
    const std::string &text(std::string_view key) const {
        const std::string *v = find(key);
        if (v == nullptr)
            throw std::runtime_error("corpus " + name + ": no key " + std::string(key));
        return *v;
    }
    std::vector<std::string> words(std::string_view key) const {
        std::istringstream in(text(key));
        std::vector<std::string> out;
        for (std::string w; in >> w;)
            out.push_back(w);
        return out;
    }
    // A number in C syntax (0x hex or decimal, optionally negative): word `index` of the value.
    long number(std::string_view key, size_t index = 0) const {
        const std::vector<std::string> w = words(key);
        if (index >= w.size())
            throw std::runtime_error("corpus " + name + ": " + std::string(key) + " is short");
        size_t used = 0;
        const long v = std::stol(w[index], &used, 0);
        if (used != w[index].size())
            throw std::runtime_error("corpus " + name + ": " + std::string(key) + ": not a number");
        return v;
    }
    // The number, or what to answer when the capture lacks the key.
    long number_or(std::string_view key, long absent, size_t index = 0) const {
        return has(key) ? number(key, index) : absent;
    }
    uint32_t u32(std::string_view key, size_t index = 0) const {
        return static_cast<uint32_t>(number(key, index));
    }
    // The verdict lines the real guests printed: guest-boot image name -> line.
    std::vector<std::pair<std::string, std::string>> verdicts() const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto &e : entries)
            if (e.first.rfind("verdict.", 0) == 0)
                out.push_back({e.first.substr(8), e.second});
        return out;
    }
};

// $XSHIM_CORPUS_DIR, else tests/corpus: the tests run from the top of the repository.
inline std::string dir() {
    const char *env = std::getenv("XSHIM_CORPUS_DIR");
    return env != nullptr && env[0] != '\0' ? env : "tests/corpus";
}

inline Capture parse(const std::string &name, std::istream &in) {
    Capture c;
    c.name = name;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        const size_t space = line.find(' ');
        if (space == 0 || space == std::string::npos || space + 1 == line.size())
            throw std::runtime_error("corpus " + name + ": not \"key value\": " + line);
        std::string key = line.substr(0, space);
        if (c.has(key))
            throw std::runtime_error("corpus " + name + ": key " + key + " twice");
        c.entries.push_back({std::move(key), line.substr(space + 1)});
    }
    return c;
}

// One capture by name, e.g. "xen-4.17-x86_64-pv-dom0"; read once, then kept.
inline const Capture &read(const std::string &name) {
    static std::map<std::string, Capture> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    const std::string path = dir() + "/" + name + ".txt";
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("corpus: cannot read " + path +
                                 " (run from the top of the repository or set XSHIM_CORPUS_DIR)");
    return cache.emplace(name, parse(name, in)).first->second;
}

// Every capture, in name order.
inline std::vector<const Capture *> all() {
    std::vector<std::string> names;
    for (const auto &f : std::filesystem::directory_iterator(dir()))
        if (f.path().extension() == ".txt")
            names.push_back(f.path().stem().string());
    std::sort(names.begin(), names.end());
    std::vector<const Capture *> out;
    for (const std::string &n : names)
        out.push_back(&read(n));
    return out;
}

// The capture the unit tests' FakeXen answers from unless told otherwise.
inline const char *const kDefault = "xen-4.17-x86_64-pv-dom0";

} // namespace corpus
