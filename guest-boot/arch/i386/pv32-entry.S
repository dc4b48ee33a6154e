/* guest-boot/arch/i386/pv32-entry.S: entry of the 32-bit PV guest (x86_32 PAE, "xen-3.0-x86_32p").
 *
 * Xen builds the domain from the ELF notes below (XEN_ELFNOTE_PAE_MODE "yes": the only 32-bit PV
 * mode a 64-bit Xen runs, and only when built with CONFIG_PV32) and enters _start in 32-bit
 * protected mode, ring 1, with %esi = the virtual address of start_info. We read the TSC first,
 * take our own stack and call guest_main(start_info, entry_tsc) (cdecl: the 64-bit TSC is the
 * second and third stack word). */
#include "abi/base.h" /* XSHIM_PAGE_SIZE */
#include "../x86_64/xen-notes.inc"
#define XEN_ELFNOTE_PAE_MODE 9

    XEN_NOTE_BEGIN XEN_ELFNOTE_XEN_VERSION;    .asciz "xen-3.0";          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_GUEST_OS;       .asciz "xshim-guest-boot"; XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_LOADER;         .asciz "generic";          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_PAE_MODE;       .asciz "yes";              XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_VIRT_BASE;      .long 0xc0000000;          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_PADDR_OFFSET;   .long 0xc0000000;          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_ENTRY;          .long _start;              XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_HYPERCALL_PAGE; .long guest_hypercall_page; XEN_NOTE_END

    .section .text.entry, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    mov     %esi, %ebx              /* start_info; rdtsc clobbers eax and edx only */
    rdtsc
    lea     guest_stack_top, %esp
    push    %edx                    /* entry_tsc, high word */
    push    %eax                    /* entry_tsc, low word */
    push    %ebx                    /* boot pointer: start_info */
    call    guest_main
    /* guest_main does not return; a PV kernel cannot hlt (ring 1): spin. */
1:  pause
    jmp     1b
    .size _start, . - _start

    /* Xen writes 32-byte hypercall stubs here while it builds the domain. */
    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl guest_hypercall_page
guest_hypercall_page:
    .fill XSHIM_PAGE_SIZE, 1, 0xcc
    .size guest_hypercall_page, XSHIM_PAGE_SIZE

    .section .bss.stack, "aw", @nobits
    .p2align 4
guest_stack:
    .skip 16384
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
