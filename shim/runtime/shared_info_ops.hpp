// shim/runtime/shared_info_ops.hpp: the shared_info operations, written once over a layout.
//
// Every shared_info adapter in shim/select/shared_info_table.cpp is this template instantiated with one of
// the abi/ layouts (x86_64, x86_32, Arm). The template reads and writes only through the
// layout's named fields; it holds no offsets, no inline assembly and no architecture #ifdef, so the same
// code serves the native layout of the build and the foreign ones a host tool or a unit test
// looks at.
//
// Concurrency: shared_info is written by Xen on other CPUs while the guest reads it.
//   - Version-counted records (vcpu_time_info under `version`, the wallclock under
//     `wc_version`) follow Xen's protocol: read the version (acquire), copy the fields, acquire
//     fence, read the version again; an odd version means Xen is mid-update, a changed one that
//     the copy may be torn. The copy uses volatile loads and the versions __atomic loads, so
//     the compiler can neither fold the second read into the first nor move the copy outside
//     them. The retry is bounded (XSHIM_TIME_RETRIES re-reads after the first read): a record
//     that never settles gives XSHIM_S_TORN instead of a hang.
//   - Event-channel bitmap words are changed with atomic read-modify-writes of the layout's
//     own word width (64-bit on x86_64 and Arm, 32-bit on x86_32), never through libatomic:
//     see detail::WordAtomics for the one case (64-bit words in the i386 build) that needs the
//     __sync builtins instead of __atomic.
#pragma once

#include "shim/runtime/pvclock.hpp"

#include <abi/base.h>
#include <xshim.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim {

// Where a layout keeps the high 32 bits of the wallclock seconds, if the release maintains them.
enum class WcSecHi {
    unmaintained, // before 4.6: the slot is padding (x86_64, Arm) or absent (x86_32)
    generic,      // shared_info.wc_sec_hi (x86_64 and Arm, 4.6+)
    in_arch,      // shared_info.arch.wc_sec_hi (x86_32, 4.6+: no room in the generic part)
};

// The read loop of a version-counted record, with its source injected so the bounded retry can
// be tested with a source whose version moves (tests/unit/test_shared_info.cpp). A Source has:
//   uint32_t version_first();  // the version before the copy (acquire)
//   void copy();               // copy the fields into the source's scratch
//   uint32_t version_again();  // acquire fence, then the version after the copy
// Returns XSHIM_S_OK with the copy consistent (equal, even versions), or XSHIM_S_TORN after
// 1 + XSHIM_TIME_RETRIES attempts.
// The first attempt is straight-line code; only a retry enters the counted loop, so the bound
// costs the common case nothing (docs/bench.md).
template <typename Source> __attribute__((always_inline)) inline bool read_attempt(Source &src) {
    const uint32_t before = src.version_first();
    if (before & 1u)
        return false; // Xen is writing it now
    src.copy();
    return src.version_again() == before;
}

template <typename Source>
[[nodiscard]] __attribute__((always_inline)) inline int read_versioned(Source &src) {
    if (__builtin_expect(read_attempt(src), 1))
        return XSHIM_S_OK;
    for (uint32_t retry = 0; retry < XSHIM_TIME_RETRIES; ++retry) {
        if (read_attempt(src))
            return XSHIM_S_OK;
    }
    return XSHIM_S_TORN;
}

namespace detail {

// A load the compiler must perform every time, of a field Xen may change under us.
template <typename T> inline T load_volatile(const T &field) {
    return *static_cast<const volatile T *>(&field);
}

// The 64-bit fields of vcpu_time_info are xshim_u64_a4 (4-aligned: x86_32 packs the struct).
// Read through a 4-aligned type, so no 8-aligned reference is ever formed to them (clang's
// -Walign-mismatch); x86 and Arm (-mstrict-align: two 32-bit loads) read them either way.
inline uint64_t load_volatile_a4(const xshim_u64_a4 &field) {
    return *static_cast<const volatile xshim_u64_a4 *>(&field);
}

template <typename T> inline uint32_t load_version(const T &field) {
    static_assert(sizeof(T) == 4, "version counters are 32-bit in every layout");
    return __atomic_load_n(&field, __ATOMIC_ACQUIRE);
}

template <typename T> inline uint32_t load_version_after_copy(const T &field) {
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&field, __ATOMIC_RELAXED);
}

// Atomic operations on an event-channel word, never a libatomic call.
//
// With __atomic builtins GCC inlines every width that is "always lock-free" for the target.
// The i386 build of the library (-m32 -mgeneral-regs-only) is the exception for 8 bytes: an
// atomic 64-bit plain load there needs x87 or SSE, so GCC declares 8-byte __atomic not
// lock-free and sends all of them (fetch_and and fetch_or included) to __atomic_*_8 in
// libatomic, which a freestanding kernel does not have. The legacy __sync read-modify-writes
// have no such coupling and inline `lock cmpxchg8b` loops, which are lock-free on every i586+.
// A bit test needs no 64-bit atomic load: the bit lies in one naturally aligned 32-bit half,
// which the CPU reads atomically, so a volatile load plus an acquire fence serves.
// UseSync is a template parameter so the unit tests run both paths on any host.
template <typename W, bool UseSync = !__atomic_always_lock_free(sizeof(W), 0)> struct WordAtomics {
    static W fetch_and(W *p, W v) {
        if constexpr (UseSync)
            return __sync_fetch_and_and(p, v);
        else
            return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
    }
    static W fetch_or(W *p, W v) {
        if constexpr (UseSync)
            return __sync_fetch_and_or(p, v);
        else
            return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
    }
    static W load(const W *p) {
        if constexpr (UseSync) {
            const W v = *static_cast<const volatile W *>(p);
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            return v;
        } else {
            return __atomic_load_n(p, __ATOMIC_ACQUIRE);
        }
    }
};

// The bit operations on an event-channel bitmap where the architecture offers nothing better:
// the word that holds the bit, changed by WordAtomics (word index and bit first). An arch with a
// bit-string instruction gives its own (shim/arch/x86/bitops.hpp: one `lock btr`), chosen by the
// arch's adapter entries (shim/arch/<arch>/entries.hpp), so generic code stays free of asm.
struct WordBitOps {
    template <typename Word> static bool test_and_clear(Word *words, uint32_t bit) {
        constexpr uint32_t bits = sizeof(Word) * 8;
        const Word b = static_cast<Word>(Word{1} << (bit % bits));
        return (WordAtomics<Word>::fetch_and(&words[bit / bits], static_cast<Word>(~b)) & b) != 0;
    }
    template <typename Word> static bool test_and_set(Word *words, uint32_t bit) {
        constexpr uint32_t bits = sizeof(Word) * 8;
        const Word b = static_cast<Word>(Word{1} << (bit % bits));
        return (WordAtomics<Word>::fetch_or(&words[bit / bits], b) & b) != 0;
    }
};

// The two reads of a vcpu_time_info (any layout's `time` member: all are Xen's struct
// vcpu_time_info).
template <typename Time> struct TimeSource {
    const Time &t;
    xshim_time_snapshot snap;
    uint32_t version_first() { return load_version(t.version); }
    void copy() {
        snap.tsc_timestamp = load_volatile_a4(t.tsc_timestamp);
        snap.system_time = load_volatile_a4(t.system_time);
        snap.tsc_to_system_mul = load_volatile(t.tsc_to_system_mul);
        snap.tsc_shift = load_volatile(t.tsc_shift);
        snap.flags = load_volatile(t.flags);
        snap.reserved = 0;
    }
    uint32_t version_again() { return load_version_after_copy(t.version); }
};

template <typename Shared, WcSecHi Hi> struct WallclockSource {
    const Shared &s;
    xshim_wallclock wc;
    uint32_t version_first() { return load_version(s.wc_version); }
    void copy() {
        uint64_t sec = load_volatile(s.wc_sec);
        if constexpr (Hi == WcSecHi::generic)
            sec |= static_cast<uint64_t>(load_volatile(s.wc_sec_hi)) << 32;
        else if constexpr (Hi == WcSecHi::in_arch)
            sec |= static_cast<uint64_t>(load_volatile(s.arch.wc_sec_hi)) << 32;
        wc.sec = sec;
        wc.nsec = load_volatile(s.wc_nsec);
    }
    uint32_t version_again() {
        const uint32_t v = load_version_after_copy(s.wc_version);
        wc.version = v;
        return v;
    }
};

} // namespace detail

// The operations of one shared_info layout.
//   Shared: the abi/ shared_info struct; Vcpu: its vcpu_info struct; Word: its event-channel
//   bitmap word; Hi: whether and where the release maintains wc_sec_hi; BitOps: the locked bit
//   operations on the event-channel bitmaps (detail::WordBitOps, or the arch's own).
template <typename Shared, typename Vcpu, typename Word, WcSecHi Hi,
          typename BitOps = detail::WordBitOps>
struct SharedInfoOps {
    static constexpr uint32_t vcpu_slots =
        static_cast<uint32_t>(sizeof(Shared::vcpu_info) / sizeof(Shared::vcpu_info[0]));
    static constexpr uint32_t word_bits = static_cast<uint32_t>(sizeof(Word) * 8);
    static constexpr uint32_t evtchn_words =
        static_cast<uint32_t>(sizeof(Shared::evtchn_pending) / sizeof(Word));
    static constexpr uint32_t evtchn_ports = evtchn_words * word_bits;
    static constexpr uint32_t has_wc_sec_hi = Hi == WcSecHi::unmaintained ? 0u : 1u;

    static_assert(sizeof(Shared::vcpu_info[0]) == sizeof(Vcpu), "Vcpu is the layout's vcpu_info");
    static_assert(sizeof(Shared::evtchn_pending[0]) == sizeof(Word) &&
                      sizeof(Shared::evtchn_mask[0]) == sizeof(Word),
                  "Word is the layout's event-channel word");
    static_assert(sizeof(Shared::evtchn_mask) == sizeof(Shared::evtchn_pending),
                  "pending and mask cover the same ports");
    static_assert(evtchn_words == word_bits, "2-level event channels: word bits squared ports");
    static_assert(sizeof(Word) == 4 || sizeof(Word) == 8, "event-channel words are 32 or 64 bits");
    using Atomics = detail::WordAtomics<Word>;
    static_assert(
        Hi != WcSecHi::generic || requires(const Shared &s) { s.wc_sec_hi; },
        "layout has no generic wc_sec_hi");
    static_assert(
        Hi != WcSecHi::in_arch || requires(const Shared &s) { s.arch.wc_sec_hi; },
        "layout has no arch.wc_sec_hi");

    // Arm's vcpu_info has no PV upcall mask (that byte is padding; masking is the GIC's).
    static constexpr bool has_upcall_mask = requires(Vcpu & v) { v.evtchn_upcall_mask; };

    static void *vcpu_info(void *shared_info, uint32_t vcpu) {
        if (shared_info == nullptr || vcpu >= vcpu_slots)
            return nullptr;
        return &static_cast<Shared *>(shared_info)->vcpu_info[vcpu];
    }

    // ---- The hot path a kernel binds at compile time -------------------------------------
    // A kernel that knows its layout (x86_64 PV/PVH: one layout for every 4.6+ release) calls
    // these directly, inlined, with no function pointer. They do what a careful Xen-header
    // kernel does and no more: the caller guarantees what the checked adapter functions below
    // check on every call (pointers to a mapped shared_info / vcpu_info of this layout, port <
    // evtchn_ports), as it does once when it binds (xshim_verdict's adapter is this layout).
    // Same protocol and same answers as the adapter functions, which call them after checking.

    // The vCPU's system time in ns at `tsc`: the bounded version-counted read and the pvclock
    // formula, without a snapshot. False (ns untouched) if the record never settled.
    [[nodiscard]] static bool hot_time_ns(const void *vcpu_info, uint64_t tsc, uint64_t &ns) {
        const auto &t = static_cast<const Vcpu *>(vcpu_info)->time;
        // The first read inline, the bounded retries out of line: the common case pays for
        // neither the counter nor the registers it would hold. The result travels by value
        // (rax:rdx), so the caller's `ns` never escapes into the out-of-line part.
        TimeRead r = time_attempt(t, tsc);
        if (__builtin_expect(!r.ok, 0))
            r = time_retry(t, tsc);
        if (r.ok)
            ns = r.ns;
        return r.ok;
    }

    struct TimeRead {
        uint64_t ns;
        bool ok;
    };

    template <typename Time>
    __attribute__((always_inline)) static TimeRead time_attempt(const Time &t, uint64_t tsc) {
        // An odd version (Xen mid-update) is cleared to even here, so it can never equal the
        // version read after the copy (odd, or moved on): one test covers both (Linux's
        // pvclock_read_begin does the same).
        const uint32_t before = detail::load_version(t.version) & ~1u;
        const uint64_t stamp = detail::load_volatile_a4(t.tsc_timestamp);
        const uint64_t system = detail::load_volatile_a4(t.system_time);
        const uint32_t mul = detail::load_volatile(t.tsc_to_system_mul);
        const int8_t shift = detail::load_volatile(t.tsc_shift);
        if (detail::load_version_after_copy(t.version) != before)
            return {0, false};
        return {pvclock_ns(system, stamp, mul, shift, tsc), true};
    }

    // XSHIM_TIME_RETRIES more attempts after the first (1 + XSHIM_TIME_RETRIES in all).
    template <typename Time>
    __attribute__((noinline, cold)) static TimeRead time_retry(const Time &t, uint64_t tsc) {
        for (uint32_t retry = 0; retry < XSHIM_TIME_RETRIES; ++retry) {
            const TimeRead r = time_attempt(t, tsc);
            if (r.ok)
                return r;
        }
        return {0, false};
    }

    [[nodiscard]] static int hot_wallclock(const void *shared_info, xshim_wallclock &out) {
        detail::WallclockSource<Shared, Hi> src{*static_cast<const Shared *>(shared_info), {}};
        const int rc = read_versioned(src);
        if (rc == XSHIM_S_OK)
            out = src.wc;
        return rc;
    }

    static bool hot_test_and_clear(void *shared_info, uint32_t port) {
        return BitOps::test_and_clear(static_cast<Shared *>(shared_info)->evtchn_pending, port);
    }

    static uint8_t hot_upcall_mask(void *vcpu_info, uint8_t mask) {
        static_assert(has_upcall_mask, "Arm's vcpu_info has no PV upcall mask");
        return __atomic_exchange_n(&static_cast<Vcpu *>(vcpu_info)->evtchn_upcall_mask, mask,
                                   __ATOMIC_SEQ_CST);
    }

    // Upcall masking as a kernel's irq save/disable/restore does it (Linux xen_save_fl,
    // xen_irq_disable, xen_restore_fl): a plain byte load and stores, ordered against the
    // surrounding code by compiler barriers. Only the owning vCPU writes its mask (Xen sets it
    // only when it delivers an upcall to that vCPU, between two of its instructions, and the
    // upcall returns with it restored), so no locked exchange is needed. After restoring 0 the
    // caller checks hot_upcall_pending(), as Xen's protocol requires.
    static uint8_t hot_upcall_disable(void *vcpu_info) {
        static_assert(has_upcall_mask, "Arm's vcpu_info has no PV upcall mask");
        uint8_t &m = static_cast<Vcpu *>(vcpu_info)->evtchn_upcall_mask;
        const uint8_t prev = __atomic_load_n(&m, __ATOMIC_RELAXED);
        __atomic_store_n(&m, uint8_t{1}, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        return prev;
    }

    static void hot_upcall_restore(void *vcpu_info, uint8_t prev) {
        static_assert(has_upcall_mask, "Arm's vcpu_info has no PV upcall mask");
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        __atomic_store_n(&static_cast<Vcpu *>(vcpu_info)->evtchn_upcall_mask, prev,
                         __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    }

    static uint8_t hot_upcall_pending(const void *vcpu_info) {
        return __atomic_load_n(&static_cast<const Vcpu *>(vcpu_info)->evtchn_upcall_pending,
                               __ATOMIC_ACQUIRE);
    }

    // ---- The checked operations behind the adapter's function pointers --------------------

    static int vcpu_time(const void *vcpu_info, xshim_time_snapshot *out) {
        if (vcpu_info == nullptr || out == nullptr)
            return XSHIM_S_EINVAL;
        detail::TimeSource<decltype(Vcpu::time)> src{static_cast<const Vcpu *>(vcpu_info)->time,
                                                     {}};
        const int rc = read_versioned(src);
        if (rc == XSHIM_S_OK)
            *out = src.snap;
        return rc;
    }

    static int wallclock(const void *shared_info, xshim_wallclock *out) {
        if (shared_info == nullptr || out == nullptr)
            return XSHIM_S_EINVAL;
        return hot_wallclock(shared_info, *out);
    }

    static Word bit(uint32_t port) { return static_cast<Word>(Word{1} << (port % word_bits)); }

    static int evtchn_test_and_clear(void *shared_info, uint32_t port) {
        if (shared_info == nullptr || port >= evtchn_ports)
            return XSHIM_S_RANGE;
        return hot_test_and_clear(shared_info, port) ? 1 : 0;
    }

    static int evtchn_test(const void *shared_info, uint32_t port) {
        if (shared_info == nullptr || port >= evtchn_ports)
            return XSHIM_S_RANGE;
        const Word *w = &static_cast<const Shared *>(shared_info)->evtchn_pending[port / word_bits];
        return (Atomics::load(w) & bit(port)) ? 1 : 0;
    }

    static int evtchn_mask(void *shared_info, uint32_t port) {
        if (shared_info == nullptr || port >= evtchn_ports)
            return XSHIM_S_RANGE;
        return BitOps::test_and_set(static_cast<Shared *>(shared_info)->evtchn_mask, port) ? 1 : 0;
    }

    // Clears the mask bit only. An event that arrived while masked raised no upcall: the caller
    // checks evtchn_test() afterwards and handles it (or uses EVTCHNOP_unmask, which makes Xen
    // re-raise it), as Xen's event-channel protocol requires.
    static int evtchn_unmask(void *shared_info, uint32_t port) {
        if (shared_info == nullptr || port >= evtchn_ports)
            return XSHIM_S_RANGE;
        return BitOps::test_and_clear(static_cast<Shared *>(shared_info)->evtchn_mask, port) ? 1
                                                                                             : 0;
    }

    static uint8_t upcall_mask(void *vcpu_info, uint8_t mask) {
        if constexpr (has_upcall_mask) {
            return hot_upcall_mask(vcpu_info, mask);
        } else {
            (void)vcpu_info;
            (void)mask;
            return 0; // unreachable: the adapter's pointer is NULL for such a layout
        }
    }

    static uint8_t upcall_pending(const void *vcpu_info) { return hot_upcall_pending(vcpu_info); }

    // One table entry for this layout; name and release range are the caller's.
    static constexpr xshim_shared_info_adapter adapter(const char *name, uint32_t arch,
                                                       uint32_t min_release, uint32_t max_release) {
        return xshim_shared_info_adapter{
            name,
            arch,
            min_release,
            max_release,
            static_cast<uint32_t>(sizeof(Shared)),
            vcpu_slots,
            evtchn_ports,
            has_wc_sec_hi,
            &vcpu_info,
            &vcpu_time,
            &wallclock,
            &evtchn_test_and_clear,
            &evtchn_test,
            &evtchn_mask,
            &evtchn_unmask,
            has_upcall_mask ? &upcall_mask : nullptr,
            &upcall_pending,
        };
    }
};

} // namespace xshim
