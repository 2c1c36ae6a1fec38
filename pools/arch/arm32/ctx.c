/* SPDX-License-Identifier: MIT */
/* Thread context switch (uk/arch/ctx.h), ARM state. */
#include <uk/arch/ctx.h>

/* Field offsets the assembly below uses. */
UK_CTASSERT(offsetof(struct ukarch_ctx, sp) == 32);
UK_CTASSERT(offsetof(struct ukarch_ctx, d8_d15) == 40);
UK_CTASSERT(offsetof(struct ukarch_ctx, fpscr) == 104);

void ukarch_ctx_start(void);

__asm__(
"	.section .text.ukarch_ctx_switch, \"ax\"\n"
"	.globl ukarch_ctx_switch\n"
"	.type ukarch_ctx_switch, %function\n"
"ukarch_ctx_switch:\n"
"	stmia r0, {r4-r11}\n"
"	str sp, [r0, #32]\n"
"	str lr, [r0, #36]\n"          /* resume at our return address */
"	add r2, r0, #40\n"
"	vstmia r2, {d8-d15}\n"
"	vmrs r3, fpscr\n"
"	str r3, [r0, #104]\n"
"	ldr r3, [r1, #104]\n"
"	vmsr fpscr, r3\n"
"	add r2, r1, #40\n"
"	vldmia r2, {d8-d15}\n"
"	ldmia r1, {r4-r11}\n"
"	ldr sp, [r1, #32]\n"
"	ldr lr, [r1, #36]\n"
"	bx lr\n"
"	.size ukarch_ctx_switch, . - ukarch_ctx_switch\n"
/* A new context's first instructions: fn in r4, arg in r5. */
"	.section .text.ukarch_ctx_start, \"ax\"\n"
"	.globl ukarch_ctx_start\n"
"	.type ukarch_ctx_start, %function\n"
"ukarch_ctx_start:\n"
"	mov r0, r5\n"
"	blx r4\n"
"	udf #0\n"                     /* fn returned: it must not */
"	.size ukarch_ctx_start, . - ukarch_ctx_start\n"
"	.text\n");

void ukarch_ctx_init(struct ukarch_ctx *ctx, uintptr_t stack_top,
		     void (*fn)(void *), void *arg)
{
	*ctx = (struct ukarch_ctx){
		.r4_r11 = { (uintptr_t)fn, (uintptr_t)arg },
		.lr = (uintptr_t)ukarch_ctx_start,
		.sp = UK_ALIGN_DOWN(stack_top, 8),
	};
}
