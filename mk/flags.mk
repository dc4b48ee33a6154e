# Compiler flags shared by every build of the library.
CC_FOR  ?= gcc
CXX_FOR ?= g++

WARN      := -Wall -Wextra -Werror -Wshadow -Wundef -Wcast-align
CSTD      := -std=gnu11
CXXSTD    := -std=c++20
INCLUDES  := -I. -Ishim/include

# Freestanding: no libc, no exceptions, no RTTI, no heap, no unwind tables, no stack protector.
FREESTANDING := -ffreestanding -fno-exceptions -fno-rtti -nostdlib -fno-stack-protector \
                -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-threadsafe-statics \
                -fno-tree-loop-distribute-patterns -fno-builtin -O2 -g
# x86_64: position-independent code so one archive links into a kernel at any address
# (guest-boot links it into a top-2-GiB PV kernel and a PVH kernel); no red zone, no SSE.
ARCH_x86_64 := -m64 -fpie -mno-red-zone -mgeneral-regs-only
# i386: 32-bit PV (int $0x82) and 32-bit PVH/HVM guests.
ARCH_i386   := -m32 -fno-pic -mgeneral-regs-only

# Hosted builds of the same sources for the unit tests.
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOSTOPT  := -O1 -g
