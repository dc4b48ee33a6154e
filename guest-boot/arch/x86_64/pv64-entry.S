/* guest-boot/arch/x86_64/pv64-entry.S: entry of the 64-bit PV guest.
 *
 * Xen builds the domain from the ELF notes below and enters _start in 64-bit mode, ring 3,
 * with %rsi = the virtual address of start_info. We read the TSC first (the guest reports
 * cycles from here to its verdict), take our own stack and call
 * guest_main(start_info, entry_tsc). */
#include "abi/base.h" /* XSHIM_PAGE_SIZE */
#include "xen-notes.inc"

    XEN_NOTE_BEGIN XEN_ELFNOTE_XEN_VERSION;    .asciz "xen-3.0";          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_GUEST_OS;       .asciz "xshim-guest-boot"; XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_LOADER;         .asciz "generic";          XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_VIRT_BASE;      .quad 0xffffffff80000000;  XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_PADDR_OFFSET;   .quad 0xffffffff80000000;  XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_ENTRY;          .quad _start;              XEN_NOTE_END
    XEN_NOTE_BEGIN XEN_ELFNOTE_HYPERCALL_PAGE; .quad guest_hypercall_page; XEN_NOTE_END

    .section .text.entry, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    mov     %rsi, %rbx              /* start_info; rdtsc clobbers rax and rdx only */
    rdtsc
    shl     $32, %rdx
    or      %rax, %rdx
    lea     guest_stack_top(%rip), %rsp
    mov     %rbx, %rdi
    mov     %rdx, %rsi
    call    guest_main
    /* guest_main does not return; a PV kernel cannot hlt (ring 3): spin. */
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
