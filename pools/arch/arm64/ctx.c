/* SPDX-License-Identifier: MIT */
/*
 * Thread context switch (uk/arch/ctx.h). Assembly at file scope in a C
 * file: it is preprocessed with the image's C flags, so __ARM_FP says
 * whether compiled code may hold values in d8-d15 and depend on FPCR (a .S
 * file does not get -mgeneral-regs-only and would always see it).
 */
#include <uk/arch/ctx.h>

/* Field offsets the assembly below uses. */
UK_CTASSERT(offsetof(struct ukarch_ctx, fp) == 80);
UK_CTASSERT(offsetof(struct ukarch_ctx, sp) == 96);
UK_CTASSERT(offsetof(struct ukarch_ctx, d8_d15) == 104);
UK_CTASSERT(offsetof(struct ukarch_ctx, fpcr) == 168);

void ukarch_ctx_start(void);

__asm__(
"	.section .text.ukarch_ctx_switch, \"ax\"\n"
"	.globl ukarch_ctx_switch\n"
"	.type ukarch_ctx_switch, %function\n"
"ukarch_ctx_switch:\n"
"	stp x19, x20, [x0, #0]\n"
"	stp x21, x22, [x0, #16]\n"
"	stp x23, x24, [x0, #32]\n"
"	stp x25, x26, [x0, #48]\n"
"	stp x27, x28, [x0, #64]\n"
"	stp x29, x30, [x0, #80]\n"   /* x30: resume at our return address */
"	mov x9, sp\n"
"	str x9, [x0, #96]\n"
#if defined(__ARM_FP)
"	stp d8, d9, [x0, #104]\n"
"	stp d10, d11, [x0, #120]\n"
"	stp d12, d13, [x0, #136]\n"
"	stp d14, d15, [x0, #152]\n"
"	mrs x9, fpcr\n"
"	mrs x10, fpsr\n"
"	stp x9, x10, [x0, #168]\n"
"	ldp x9, x10, [x1, #168]\n"
"	msr fpcr, x9\n"
"	msr fpsr, x10\n"
"	ldp d8, d9, [x1, #104]\n"
"	ldp d10, d11, [x1, #120]\n"
"	ldp d12, d13, [x1, #136]\n"
"	ldp d14, d15, [x1, #152]\n"
#endif
"	ldp x19, x20, [x1, #0]\n"
"	ldp x21, x22, [x1, #16]\n"
"	ldp x23, x24, [x1, #32]\n"
"	ldp x25, x26, [x1, #48]\n"
"	ldp x27, x28, [x1, #64]\n"
"	ldp x29, x30, [x1, #80]\n"
"	ldr x9, [x1, #96]\n"
"	mov sp, x9\n"
"	ret\n"
"	.size ukarch_ctx_switch, . - ukarch_ctx_switch\n"
/* A new context's first instructions: fn in x19, arg in x20. */
"	.section .text.ukarch_ctx_start, \"ax\"\n"
"	.globl ukarch_ctx_start\n"
"	.type ukarch_ctx_start, %function\n"
"ukarch_ctx_start:\n"
"	mov x0, x20\n"
"	blr x19\n"
"	brk #0\n"                    /* fn returned: it must not */
"	.size ukarch_ctx_start, . - ukarch_ctx_start\n"
"	.text\n");

void ukarch_ctx_init(struct ukarch_ctx *ctx, uintptr_t stack_top,
		     void (*fn)(void *), void *arg)
{
	*ctx = (struct ukarch_ctx){
		.x19_x28 = { (uintptr_t)fn, (uintptr_t)arg },
		.fp = 0,
		.lr = (uintptr_t)ukarch_ctx_start,
		.sp = UK_ALIGN_DOWN(stack_top, 16),
	};
}
