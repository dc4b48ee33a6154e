/*
 * guest-boot/arch/aarch64/arm64-entry.S: the Arm64 guest's first instructions.
 *
 * The image starts with the 64-byte arm64 Image header (Linux Documentation/arch/arm64/
 * booting.rst), which is what Xen's dom0 builder and QEMU's -kernel look for. Xen loads the
 * image at a RAM bank it chooses and enters here at EL1 with the MMU and caches off and x0 = the
 * device tree's physical address. The image is linked at 0 as a static PIE: this code finds where
 * it runs, applies the R_AARCH64_RELATIVE relocations the linker left in .rela.dyn (the shim's
 * adapter tables hold pointers), zeroes .bss, sets a stack and calls guest_main(dtb, counter).
 * No FP/SIMD, no unaligned access (everything is Device memory while the MMU is off).
 */
#define R_AARCH64_RELATIVE 1027

    .section .text.head, "ax"
    .globl _start
_start:
    b       entry               /* code0 */
    .long   0                   /* code1 */
    .quad   0                   /* text_offset: load at the start of a 2 MiB-aligned block */
    .quad   __image_size        /* image_size: file plus .bss and stack (linker script) */
    .quad   0xa                 /* flags: little-endian, 4 KiB pages, anywhere in RAM */
    .quad   0                   /* res2 */
    .quad   0                   /* res3 */
    .quad   0                   /* res4 */
    .ascii  "ARM\x64"           /* magic 0x644d5241 */
    .long   0                   /* res5: no PE header */

    .text
entry:
    mov     x19, x0             /* the device tree */
    isb
    mrs     x20, cntvct_el0     /* entry time, for the cycles line */
    adr     x21, _start         /* where the image runs (it is linked at 0) */

    adrp    x0, __stack_top
    add     x0, x0, :lo12:__stack_top
    mov     sp, x0

    /* .bss (with the stack) is 16-byte aligned and sized by the linker script. */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b

    /* Elf64_Rela {r_offset, r_info, r_addend}: *(base + offset) = base + addend. The build
     * checks that RELATIVE is the only dynamic relocation type in the image. */
2:  adrp    x0, __rela_start
    add     x0, x0, :lo12:__rela_start
    adrp    x1, __rela_end
    add     x1, x1, :lo12:__rela_end
3:  cmp     x0, x1
    b.hs    4f
    ldp     x2, x3, [x0], #16
    ldr     x4, [x0], #8
    cmp     w3, #R_AARCH64_RELATIVE
    b.ne    3b
    add     x4, x4, x21
    str     x4, [x21, x2]
    b       3b

4:  adrp    x0, guest_vectors
    add     x0, x0, :lo12:guest_vectors
    msr     vbar_el1, x0
    isb

    mov     x0, x19
    mov     x1, x20
    bl      guest_main
5:  wfi
    b       5b

/*
 * Exception vectors: the guest takes no exceptions on purpose, so any one is a bug. Without a
 * table the CPU would jump through VBAR_EL1's reset value; this one ends the run at once
 * (the log then has no verdict line, which the boot test reports) instead of running until the
 * boot test's timeout.
 */
    .balign 2048
guest_vectors:
    .rept 16
    b       guest_exception
    .balign 128
    .endr

guest_exception:
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, far_el1
    bl      guest_fault
6:  wfi
    b       6b
