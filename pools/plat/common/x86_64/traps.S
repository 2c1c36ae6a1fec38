/* SPDX-License-Identifier: MIT */
/*
 * Trap and interrupt entry stubs. Every stub builds the same frame,
 * struct ukarch_regs (uk/arch/regs.h): vector and error code (a zero for
 * vectors without one), then all general registers, on the interrupted
 * stack (-mno-red-zone makes that safe), or for exceptions with
 * CONFIG_PAGING on the exception stack (traps.c).
 *
 *  - vectors 0-31, CPU exceptions: plat_x86_trap() reports and crashes;
 *  - vectors 32-63 (with CONFIG_LIBUKINTCTLR), interrupt requests 0-31:
 *    plat_x86_irq() dispatches through the interrupt-controller API, then
 *    the stub restores everything and returns with iretq. Handlers are C
 *    code that may use SSE, so the SSE/x87 state is saved around them.
 */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
	 (v) == 29 || (v) == 30)

#define FXSAVE_SIZE 512

	.section .text.traps, "ax"
	.code64

/* Every stub is 16 bytes, so that stub v sits at plat_x86_stubs + 16 * v. */
.macro stub vec, target
	.balign 16
	.if HAS_ERROR_CODE(\vec) == 0
	pushq $0                    /* uniform frame: fake error code */
	.endif
	pushq $\vec
	jmp \target
.endm

.macro save_regs
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
.endm

.macro restore_regs
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
.endm

	.balign 16
	.globl plat_x86_stubs
plat_x86_stubs:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v, trap_common
.endr
#if CONFIG_LIBUKINTCTLR
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	stub \v, irq_common
.endr
#endif

trap_common:
	save_regs
	mov %rsp, %rdi              /* struct ukarch_regs * */
	and $-16, %rsp              /* ABI stack alignment for the call */
	call plat_x86_trap           /* does not return */
1:	cli
	hlt
	jmp 1b

#if CONFIG_LIBUKINTCTLR
irq_common:
	save_regs
	mov %rsp, %rbx              /* callee-saved: the frame */
	and $-16, %rsp
#if CONFIG_X86_64_SSE
	sub $FXSAVE_SIZE, %rsp
	fxsave64 (%rsp)
#endif
	mov %rbx, %rdi              /* struct ukarch_regs * */
	call plat_x86_irq
#if CONFIG_X86_64_SSE
	fxrstor64 (%rsp)
#endif
	mov %rbx, %rsp
	restore_regs
	add $16, %rsp               /* vector and error code */
	iretq
#endif

	.section .note.GNU-stack, "", @progbits
