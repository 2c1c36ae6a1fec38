/* SPDX-License-Identifier: MIT */
/*
 * setjmp and longjmp. Assembly at file scope in a C file: it is
 * preprocessed with the image's C flags, so __ARM_FP tells whether
 * compiled code may keep values in d8-d15 (not with -mgeneral-regs-only,
 * where an FP instruction would even trap).
 */
#include <setjmp.h>

#if defined(__x86_64__)
__asm__(
"	.section .text.setjmp, \"ax\"\n"
"	.globl setjmp\n"
"	.type setjmp, @function\n"
"setjmp:\n"
"	mov %rbx, 0(%rdi)\n"
"	mov %rbp, 8(%rdi)\n"
"	mov %r12, 16(%rdi)\n"
"	mov %r13, 24(%rdi)\n"
"	mov %r14, 32(%rdi)\n"
"	mov %r15, 40(%rdi)\n"
"	lea 8(%rsp), %rdx\n"          /* the caller's stack pointer */
"	mov %rdx, 48(%rdi)\n"
"	mov (%rsp), %rdx\n"           /* where setjmp returns to */
"	mov %rdx, 56(%rdi)\n"
"	xor %eax, %eax\n"
"	ret\n"
"	.size setjmp, . - setjmp\n"
"	.section .text.longjmp, \"ax\"\n"
"	.globl longjmp\n"
"	.type longjmp, @function\n"
"longjmp:\n"
"	mov %esi, %eax\n"
"	test %eax, %eax\n"            /* setjmp returns val, or 1 for 0 */
"	jnz 1f\n"
"	inc %eax\n"
"1:	mov 0(%rdi), %rbx\n"
"	mov 8(%rdi), %rbp\n"
"	mov 16(%rdi), %r12\n"
"	mov 24(%rdi), %r13\n"
"	mov 32(%rdi), %r14\n"
"	mov 40(%rdi), %r15\n"
"	mov 48(%rdi), %rsp\n"
"	jmp *56(%rdi)\n"
"	.size longjmp, . - longjmp\n"
"	.text\n");
#elif defined(__aarch64__)
__asm__(
"	.section .text.setjmp, \"ax\"\n"
"	.globl setjmp\n"
"	.type setjmp, %function\n"
"setjmp:\n"
"	stp x19, x20, [x0, #0]\n"
"	stp x21, x22, [x0, #16]\n"
"	stp x23, x24, [x0, #32]\n"
"	stp x25, x26, [x0, #48]\n"
"	stp x27, x28, [x0, #64]\n"
"	stp x29, x30, [x0, #80]\n"
"	mov x2, sp\n"
"	str x2, [x0, #96]\n"
#if defined(__ARM_FP)
"	stp d8, d9, [x0, #104]\n"
"	stp d10, d11, [x0, #120]\n"
"	stp d12, d13, [x0, #136]\n"
"	stp d14, d15, [x0, #152]\n"
#endif
"	mov w0, #0\n"
"	ret\n"
"	.size setjmp, . - setjmp\n"
"	.section .text.longjmp, \"ax\"\n"
"	.globl longjmp\n"
"	.type longjmp, %function\n"
"longjmp:\n"
"	ldp x19, x20, [x0, #0]\n"
"	ldp x21, x22, [x0, #16]\n"
"	ldp x23, x24, [x0, #32]\n"
"	ldp x25, x26, [x0, #48]\n"
"	ldp x27, x28, [x0, #64]\n"
"	ldp x29, x30, [x0, #80]\n"
"	ldr x2, [x0, #96]\n"
"	mov sp, x2\n"
#if defined(__ARM_FP)
"	ldp d8, d9, [x0, #104]\n"
"	ldp d10, d11, [x0, #120]\n"
"	ldp d12, d13, [x0, #136]\n"
"	ldp d14, d15, [x0, #152]\n"
#endif
"	cmp w1, #0\n"                 /* setjmp returns val, or 1 for 0 */
"	csinc w0, w1, wzr, ne\n"
"	ret\n"
"	.size longjmp, . - longjmp\n"
"	.text\n");
#elif defined(__arm__)
/* ARM state, hard-float EABI: r4-r11, sp, lr, then d8-d15. */
__asm__(
"	.section .text.setjmp, \"ax\"\n"
"	.globl setjmp\n"
"	.type setjmp, %function\n"
"setjmp:\n"
"	stmia r0!, {r4-r11}\n"
"	str sp, [r0], #4\n"
"	str lr, [r0], #4\n"
"	vstmia r0, {d8-d15}\n"
"	mov r0, #0\n"
"	bx lr\n"
"	.size setjmp, . - setjmp\n"
"	.section .text.longjmp, \"ax\"\n"
"	.globl longjmp\n"
"	.type longjmp, %function\n"
"longjmp:\n"
"	ldmia r0!, {r4-r11}\n"
"	ldr sp, [r0], #4\n"
"	ldr lr, [r0], #4\n"
"	vldmia r0, {d8-d15}\n"
"	movs r0, r1\n"               /* setjmp returns val, or 1 for 0 */
"	moveq r0, #1\n"
"	bx lr\n"
"	.size longjmp, . - longjmp\n"
"	.text\n");
#endif
