/*
 * tests/bench/hypercall_page.S: a stand-in for the hypercall page Xen writes (stub N at N * 32),
 * placed in .text so both the adapter path (the library's page transport) and the direct path
 * (call page + N * 32) run the same stub. Xen's stub would be "mov $N, %eax; syscall/vmcall;
 * ret"; here the xen_version stub (N = 17) answers what Xen 4.17 answered, 0x00040011, and every
 * other slot traps (int3): the bench makes no other call through it.
 */
    .section .text.bench_hypercall_page, "ax", @progbits
    .balign 4096
    .globl bench_hypercall_page
    .hidden bench_hypercall_page
    .type bench_hypercall_page, @object
bench_hypercall_page:
    .fill 17 * 32, 1, 0xcc
    mov $0x00040011, %eax
    ret
    .fill 4096 - 17 * 32 - 6, 1, 0xcc   /* mov $imm32, %eax is 5 bytes, ret 1 */
    .size bench_hypercall_page, 4096
    .section .note.GNU-stack, "", @progbits
