# Compiler flags and toolchains. Every freestanding build is one of ARCHES; everything an
# architecture needs is a variable suffixed with its name, read by the one template of each
# kind (mk/lib.mk: the library; guest-boot/guest-boot.mk: the guests), never by a condition.
CC_FOR  ?= gcc
CXX_FOR ?= g++

WARN      := -Wall -Wextra -Werror -Wshadow -Wundef -Wcast-align
CSTD      := -std=gnu11
CXXSTD    := -std=c++20
INCLUDES  := -I. -Ishim/include
# Every compile writes its header dependencies beside its object (Makefile includes them).
DEPFLAGS  := -MMD -MP

# Freestanding: no libc, no exceptions, no RTTI, no heap, no unwind tables, no stack protector.
FREESTANDING := -ffreestanding -fno-exceptions -fno-rtti -nostdlib -fno-stack-protector \
                -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-threadsafe-statics \
                -fno-tree-loop-distribute-patterns -fno-builtin -O2 -g

ARCHES := x86_64 i386 aarch64

# x86_64 and i386: Debian's GCC and binutils.
# x86_64: position-independent code so one archive links into a kernel at any address
# (guest-boot links it into a top-2-GiB PV kernel and a PVH kernel); no red zone, no SSE.
# i386: 32-bit PV (int $0x82) and 32-bit PVH/HVM guests.
define gnu_toolchain
CXX_$(1)     := $$(CXX_FOR)
CC_$(1)      := $$(CC_FOR)
AR_$(1)      := ar
NM_$(1)      := nm
OBJCOPY_$(1) := objcopy
READELF_$(1) := readelf
FREESTANDING_$(1) := $$(FREESTANDING)
endef
$(foreach a,x86_64 i386,$(eval $(call gnu_toolchain,$(a))))
LD_x86_64   := ld -m elf_x86_64
LD_i386     := ld -m elf_i386
ARCH_x86_64 := -m64 -fpie -mno-red-zone -mgeneral-regs-only
ARCH_i386   := -m32 -fno-pic -mgeneral-regs-only

# aarch64: Debian's clang and lld for --target=aarch64-none-elf (TESTBED.md "Arm64"); never
# gcc-aarch64-linux-gnu, which would remove gcc-multilib. The library is built -fpie: its adapter
# tables hold pointers, and a kernel loaded where Xen chooses (a RAM bank, MMU off) applies its
# R_AARCH64_RELATIVE relocations itself, as the guest's entry code does. FREESTANDING minus the
# GCC-only -fno-tree-loop-distribute-patterns (clang does not turn the shim's byte loops into
# memset/memcpy calls under -fno-builtin -ffreestanding: test-nm checks).
CXX_aarch64     := clang++ --target=aarch64-none-elf
CC_aarch64      := clang --target=aarch64-none-elf
AR_aarch64      := llvm-ar
LD_aarch64      := ld.lld
NM_aarch64      := llvm-nm
OBJCOPY_aarch64 := llvm-objcopy
READELF_aarch64 := llvm-readelf
ARCH_aarch64    := -fpie -mgeneral-regs-only -mstrict-align
FREESTANDING_aarch64 := $(filter-out -fno-tree-loop-distribute-patterns,$(FREESTANDING))

# The library's C++ flags for an architecture.
lib_cxxflags = $(CXXSTD) $(WARN) $(FREESTANDING_$(1)) $(ARCH_$(1)) $(INCLUDES)

# Hosted builds of the same sources for the unit tests.
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOSTOPT  := -O1 -g
