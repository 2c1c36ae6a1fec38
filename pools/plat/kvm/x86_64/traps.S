/* SPDX-License-Identifier: MIT */
/*
 * CPU exception stubs (vectors 0-31). Every exception is fatal for now:
 * the stub gives the C handler a uniform frame (vector, error code, then
 * what the CPU pushed) and the handler prints the reason and crashes.
 * Interrupt handling proper (IRQs, timers) will extend this file.
 */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
	 (v) == 29 || (v) == 30)

	.section .text.traps, "ax"
	.code64

.macro trap_stub vec
	.align 8
trap_stub_\vec:
	.if HAS_ERROR_CODE(\vec) == 0
	pushq $0                    /* uniform frame: fake error code */
	.endif
	pushq $\vec
	jmp trap_common
.endm

.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	trap_stub \v
.endr

trap_common:
	mov %rsp, %rdi              /* struct kvm_x86_trap_frame * */
	and $-16, %rsp              /* ABI stack alignment for the call */
	call kvm_x86_trap           /* does not return */
1:	cli
	hlt
	jmp 1b

	.section .rodata.traps, "a"
	.align 8
	.globl kvm_x86_trap_stubs
kvm_x86_trap_stubs:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad trap_stub_\v
.endr

	.section .note.GNU-stack, "", @progbits
