/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction's entry (LSTAR, trap.c): a Linux program's
 * system call made into a call of uk_syscall6().
 *
 * The image runs in ring 0, and so does the program: SYSCALL switches
 * neither privilege nor stack, and SYSRET would return to ring 3. So the
 * entry stays on the program's stack and returns with a jump:
 *
 *  - the 128 bytes under the program's stack pointer are its red zone
 *    (the System V ABI lets leaf code keep data there), stepped over
 *    before anything is pushed;
 *  - Linux's register ABI: number in rax, arguments in rdi, rsi, rdx,
 *    r10, r8, r9, result in rax; only rcx (the return address) and r11
 *    (the flags) are changed, every other register, SSE ones included,
 *    is as it was. The C code of the image may use SSE (CONFIG_X86_64_SSE),
 *    so then the SSE/x87 state is saved around the call;
 *  - the flags are restored (FMASK cleared IF, DF, TF and AC on entry)
 *    with popfq while the stack pointer is still under the red zone, and
 *    the stack pointer is moved back with lea, which keeps them.
 */
#define RED_ZONE    128
#define FXSAVE_SIZE 512

	.section .text.uk_syscall_trap, "ax"
	.code64
	.globl uk_syscall_trap_entry
	.type uk_syscall_trap_entry, @function
uk_syscall_trap_entry:
	lea -RED_ZONE(%rsp), %rsp
	push %rcx                   /* return address */
	push %r11                   /* flags */
	push %rdi
	push %rsi
	push %rdx
	push %r10
	push %r8
	push %r9
	push %rbp
	mov %rsp, %rbp
	and $-16, %rsp
#if CONFIG_X86_64_SSE
	sub $FXSAVE_SIZE, %rsp
	fxsave64 (%rsp)
#endif
	/* uk_syscall6(n, a1..a6): a6 goes on the stack, which stays aligned. */
	sub $8, %rsp
	push %r9
	mov %r8, %r9
	mov %r10, %r8
	mov %rdx, %rcx
	mov %rsi, %rdx
	mov %rdi, %rsi
	mov %rax, %rdi
	call uk_syscall6
	add $16, %rsp
#if CONFIG_X86_64_SSE
	fxrstor64 (%rsp)
#endif
	mov %rbp, %rsp
	pop %rbp
	pop %r9
	pop %r8
	pop %r10
	pop %rdx
	pop %rsi
	pop %rdi
	pop %r11
	pop %rcx
	push %r11
	popfq
	lea RED_ZONE(%rsp), %rsp
	jmp *%rcx
	.size uk_syscall_trap_entry, . - uk_syscall_trap_entry

	.section .note.GNU-stack, "", @progbits
