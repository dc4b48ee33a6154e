// shim/arch/x86/bitops.hpp: the locked bit operations on an event-channel bitmap, as x86 does
// them best: one `lock btr` / `lock bts` with the port as a bit-string offset from the bitmap's
// base (Linux's sync_test_and_clear_bit / sync_test_and_set_bit, arch/x86/include/asm/sync_bitops.h).
// x86 is little-endian, so bit `port` of the bit string is bit port % W of word port / W for any
// word width W: the same bit Xen sets with its own locked operation on the word.
//
// The operand size is the word's where the CPU has it (btrl for 32-bit words, btrq for 64-bit
// words on x86_64). The i386 build has no btrq: for a 64-bit word (a foreign layout a host tool
// or a -m32 unit test looks at) it uses btrl, which locks the 32-bit half that holds the bit;
// Xen never changes that bit without a lock either, so the result is the same.
//
// SharedInfoOps<..., BitOps> (shim/runtime/shared_info_ops.hpp) takes this as its BitOps for the
// x86 layouts (shim/arch/x86_64/entries.hpp, shim/arch/i386/entries.hpp).
#pragma once

#include <stdint.h>

namespace xshim::arch_x86 {

struct BitOps {
    // Atomically clear bit `bit` of the bitmap at `words`; true if it was set.
    template <typename Word> static bool test_and_clear(Word *words, uint32_t bit) {
        bool old;
        if constexpr (sizeof(Word) == 8 && sizeof(long) == 8) {
            asm volatile("lock btrq %q[bit], %[mem]"
                         : "=@ccc"(old), [mem] "+m"(*words)
                         : [bit] "r"(static_cast<uint64_t>(bit))
                         : "memory");
        } else {
            static_assert(sizeof(Word) == 4 || sizeof(Word) == 8, "event-channel words");
            asm volatile("lock btrl %[bit], %[mem]"
                         : "=@ccc"(old), [mem] "+m"(*reinterpret_cast<uint32_t *>(words))
                         : [bit] "r"(bit)
                         : "memory");
        }
        return old;
    }

    // Atomically set bit `bit`; true if it was already set.
    template <typename Word> static bool test_and_set(Word *words, uint32_t bit) {
        bool old;
        if constexpr (sizeof(Word) == 8 && sizeof(long) == 8) {
            asm volatile("lock btsq %q[bit], %[mem]"
                         : "=@ccc"(old), [mem] "+m"(*words)
                         : [bit] "r"(static_cast<uint64_t>(bit))
                         : "memory");
        } else {
            static_assert(sizeof(Word) == 4 || sizeof(Word) == 8, "event-channel words");
            asm volatile("lock btsl %[bit], %[mem]"
                         : "=@ccc"(old), [mem] "+m"(*reinterpret_cast<uint32_t *>(words))
                         : [bit] "r"(bit)
                         : "memory");
        }
        return old;
    }
};

} // namespace xshim::arch_x86
