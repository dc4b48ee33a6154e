/*
 * tests/bench/hypercall_page.S: a stand-in for the hypercall page Xen writes (stub N at N * 32),
 * placed in .text so the adapter path (the library's page transport), the bound path
 * (PageAt<bench_hypercall_page>: call page + N * 32) and the direct path (the same call, as
 * Linux's _hypercallN) all run the same stub. Xen's stub would be "mov $N, %eax;
 * syscall/vmcall; ret"; here two stubs answer and every other slot traps (int3):
 *   17 xen_version: what Xen 4.17 answered to XENVER_version, 0x00040011
 *   32 event_channel_op: records cmd (%edi) and the port of the op %rsi points at (through %edx, which
 *      _hypercallN declares clobbered; rcx and r11 are kept, as Xen's stubs keep them), counts the
 *      call and answers 0, so the bench can check every notify it makes
 */
    .section .text.bench_hypercall_page, "ax", @progbits
    .balign 4096
    .globl bench_hypercall_page
    .hidden bench_hypercall_page
    .type bench_hypercall_page, @object
bench_hypercall_page:
    .fill 17 * 32, 1, 0xcc
1:  mov $0x00040011, %eax
    ret
    .fill 32 - (. - 1b), 1, 0xcc
    .fill (32 - 18) * 32, 1, 0xcc
2:  mov %edi, bench_evtchn_op_cmd(%rip)
    mov (%rsi), %edx
    mov %edx, bench_evtchn_op_port(%rip)
    incq bench_evtchn_op_calls(%rip)
    xor %eax, %eax
    ret
    .fill 32 - (. - 2b), 1, 0xcc
    .fill 4096 - 33 * 32, 1, 0xcc
    .size bench_hypercall_page, 4096

    .bss
    .balign 8
    .globl bench_evtchn_op_calls, bench_evtchn_op_cmd, bench_evtchn_op_port
bench_evtchn_op_calls:
    .quad 0
bench_evtchn_op_cmd:
    .long 0
bench_evtchn_op_port:
    .long 0
    .section .note.GNU-stack, "", @progbits
