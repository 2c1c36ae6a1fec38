/* SPDX-License-Identifier: MIT */
/*
 * Thread context switch (uk/arch/ctx.h). Assembly at file scope in a C
 * file, as on arm64: it is preprocessed with the image's C flags, so that
 * CONFIG_X86_64_SSE (SSE allowed to compiled code: its control registers
 * belong to the context) is the condition the compiler itself obeys.
 */
#include <uk/arch/ctx.h>

/* Field offsets the assembly below uses. */
UK_CTASSERT(offsetof(struct ukarch_ctx, rsp) == 48);
UK_CTASSERT(offsetof(struct ukarch_ctx, rip) == 56);
UK_CTASSERT(offsetof(struct ukarch_ctx, mxcsr) == 64);
UK_CTASSERT(offsetof(struct ukarch_ctx, fcw) == 68);

#define MXCSR_DEFAULT 0x1f80   /* all exceptions masked, round to nearest */
#define FCW_DEFAULT   0x037f   /* the same for x87, 64-bit precision */

void ukarch_ctx_start(void);

__asm__(
"	.section .text.ukarch_ctx_switch, \"ax\"\n"
"	.globl ukarch_ctx_switch\n"
"	.type ukarch_ctx_switch, @function\n"
"ukarch_ctx_switch:\n"
"	mov (%rsp), %rax\n"          /* resume at our return address, */
"	lea 8(%rsp), %rdx\n"         /* with the stack as after a ret */
"	mov %rbx, 0(%rdi)\n"
"	mov %rbp, 8(%rdi)\n"
"	mov %r12, 16(%rdi)\n"
"	mov %r13, 24(%rdi)\n"
"	mov %r14, 32(%rdi)\n"
"	mov %r15, 40(%rdi)\n"
"	mov %rdx, 48(%rdi)\n"
"	mov %rax, 56(%rdi)\n"
#if CONFIG_X86_64_SSE
"	stmxcsr 64(%rdi)\n"
"	fnstcw 68(%rdi)\n"
"	ldmxcsr 64(%rsi)\n"
"	fldcw 68(%rsi)\n"
#endif
"	mov 0(%rsi), %rbx\n"
"	mov 8(%rsi), %rbp\n"
"	mov 16(%rsi), %r12\n"
"	mov 24(%rsi), %r13\n"
"	mov 32(%rsi), %r14\n"
"	mov 40(%rsi), %r15\n"
"	mov 48(%rsi), %rsp\n"
"	jmp *56(%rsi)\n"
"	.size ukarch_ctx_switch, . - ukarch_ctx_switch\n"
/*
 * A new context's first instructions: fn in r12, arg in r13, the stack
 * pointer 16-byte aligned, so the call leaves it as the ABI wants at a
 * function's entry.
 */
"	.section .text.ukarch_ctx_start, \"ax\"\n"
"	.globl ukarch_ctx_start\n"
"	.type ukarch_ctx_start, @function\n"
"ukarch_ctx_start:\n"
"	mov %r13, %rdi\n"
"	call *%r12\n"
"	ud2\n"                        /* fn returned: it must not */
"	.size ukarch_ctx_start, . - ukarch_ctx_start\n"
"	.text\n");

void ukarch_ctx_init(struct ukarch_ctx *ctx, uintptr_t stack_top,
		     void (*fn)(void *), void *arg)
{
	*ctx = (struct ukarch_ctx){
		.r12 = (uintptr_t)fn,
		.r13 = (uintptr_t)arg,
		.rbp = 0,
		.rsp = UK_ALIGN_DOWN(stack_top, 16),
		.rip = (uintptr_t)ukarch_ctx_start,
		.mxcsr = MXCSR_DEFAULT,
		.fcw = FCW_DEFAULT,
	};
}
