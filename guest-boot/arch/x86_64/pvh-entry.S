/* guest-boot/arch/x86_64/pvh-entry.S: entry of the PVH guest, with or without Xen.
 *
 * Xen's PVH dom0 builder, and QEMU's own -kernel loader when no Xen is there, enter
 * pvh_start32 (XEN_ELFNOTE_PHYS32_ENTRY) in 32-bit protected mode, paging off, flat segments,
 * %ebx = physical address of hvm_start_info, no usable stack. Like a real kernel we load
 * page tables that identity-map the first 4 GiB with 2 MiB pages (RAM, and the console and
 * XenStore pages libxl puts just below 4 GiB for a PVH domU), enable PAE and EFER.LME,
 * turn paging on, jump to a 64-bit code segment and call the same 64-bit C++ main as the PV
 * guest: guest_main(hvm_start_info, entry_tsc). The image is linked at its physical address
 * (1 MiB), so virtual = physical. */
#include "abi/base.h" /* XSHIM_PAGE_SIZE */
#include "xen-notes.inc"

    XEN_NOTE_BEGIN XEN_ELFNOTE_PHYS32_ENTRY; .long pvh_start32; XEN_NOTE_END

#define CR0_PE      (1 << 0)
#define CR0_PG      (1 << 31)
#define CR4_PAE     (1 << 5)
#define MSR_EFER    0xc0000080
#define EFER_LME    (1 << 8)
#define PTE_P_RW    0x003
#define PTE_PS      0x080
#define SEL_CODE64  0x08
#define SEL_DATA    0x10

    .section .text.entry, "ax", @progbits
    .code32
    .globl pvh_start32
    .type pvh_start32, @function
pvh_start32:
    cli
    rdtsc                               /* first thing: cycles are counted from here */
    mov     %eax, guest_entry_tsc
    mov     %edx, guest_entry_tsc + 4
    mov     $guest_stack_top, %esp

    lgdt    gdt_desc

    mov     %cr4, %eax
    or      $CR4_PAE, %eax
    mov     %eax, %cr4
    mov     $pml4, %eax
    mov     %eax, %cr3
    mov     $MSR_EFER, %ecx
    rdmsr
    or      $EFER_LME, %eax
    wrmsr
    mov     %cr0, %eax
    or      $(CR0_PG | CR0_PE), %eax
    mov     %eax, %cr0
    ljmp    $SEL_CODE64, $start64
    .size pvh_start32, . - pvh_start32

    .code64
start64:
    mov     $SEL_DATA, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs
    mov     $guest_stack_top, %esp
    mov     %ebx, %edi                  /* hvm_start_info, zero-extended */
    mov     guest_entry_tsc, %rsi
    call    guest_main
1:  cli
    hlt
    jmp     1b

    .section .rodata.gdt, "a", @progbits
    .p2align 3
gdt:
    .quad   0                           /* null */
    .quad   0x00af9a000000ffff          /* 0x08: 64-bit code, DPL 0 */
    .quad   0x00cf92000000ffff          /* 0x10: flat data */
gdt_end:
    .p2align 3
gdt_desc:
    .word   gdt_end - gdt - 1
    .long   gdt

    /* Page tables, fully initialised at link time: PML4[0] -> PDPT[0..3] -> four PDs of 512
     * 2 MiB identity pages each (0 .. 4 GiB). */
    .section .data.pagetables, "aw", @progbits
    .p2align 12
pml4:
    .quad   pdpt + PTE_P_RW
    .fill   511, 8, 0
pdpt:
    .quad   pd + PTE_P_RW
    .quad   pd + 0x1000 + PTE_P_RW
    .quad   pd + 0x2000 + PTE_P_RW
    .quad   pd + 0x3000 + PTE_P_RW
    .fill   508, 8, 0
pd:
    .set    i, 0
    .rept   2048
    .quad   (i << 21) + PTE_P_RW + PTE_PS
    .set    i, i + 1
    .endr

    .section .data.entry_tsc, "aw", @progbits
    .p2align 3
    .globl guest_entry_tsc
guest_entry_tsc:
    .quad   0

    /* A page for the hypercall page Xen writes when asked through the MSR (identity-mapped, so
     * its guest-physical address is its address). */
    .section .bss.hypercall_page, "aw", @nobits
    .p2align 12
    .globl guest_hypercall_page
guest_hypercall_page:
    .skip XSHIM_PAGE_SIZE

    .section .bss.stack, "aw", @nobits
    .p2align 4
guest_stack:
    .skip 16384
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
