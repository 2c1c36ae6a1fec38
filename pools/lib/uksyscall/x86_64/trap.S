/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction's entry (LSTAR, trap.c): a Linux program's
 * system call made into a call of uk_syscall_trap() (trap.c), with the
 * program's registers in a struct uk_syscall_frame (uk/syscall_trap.h).
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

/* struct uk_syscall_frame */
#define F_R15     8
#define F_R14     16
#define F_R13     24
#define F_R12     32
#define F_RBP     40
#define F_RBX     48
#define F_R9      56
#define F_R8      64
#define F_R10     72
#define F_RDX     80
#define F_RSI     88
#define F_RDI     96
#define F_RAX     104
#define F_RFLAGS  112
#define F_RIP     120

	.section .text.uk_syscall_trap, "ax"
	.code64
	.globl uk_syscall_trap_entry
	.type uk_syscall_trap_entry, @function
uk_syscall_trap_entry:
	lea -RED_ZONE(%rsp), %rsp
	push %rcx                   /* return address */
	push %r11                   /* flags */
	push %rax
	push %rdi
	push %rsi
	push %rdx
	push %r10
	push %r8
	push %r9
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	sub $8, %rsp                /* the thread pointer, trap.c's */
	mov %rsp, %rbx              /* the frame (callee-saved) */
	and $-16, %rsp
#if CONFIG_X86_64_SSE
	sub $FXSAVE_SIZE, %rsp
	fxsave64 (%rsp)
#endif
	mov %rbx, %rdi
	call uk_syscall_trap        /* result in rax */
#if CONFIG_X86_64_SSE
	fxrstor64 (%rsp)
#endif
	lea 8(%rbx), %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	pop %r9
	pop %r8
	pop %r10
	pop %rdx
	pop %rsi
	pop %rdi
	lea 8(%rsp), %rsp           /* the number: rax is the result */
	pop %r11
	pop %rcx
	push %r11
	popfq
	lea RED_ZONE(%rsp), %rsp
	jmp *%rcx
	.size uk_syscall_trap_entry, . - uk_syscall_trap_entry

/* void uk_syscall_trap_resume(const struct uk_syscall_frame *f (rdi),
 *                             unsigned long sp (rsi)): no return. The
 * thread pointer is trap.c's business. */
	.globl uk_syscall_trap_resume_regs
	.type uk_syscall_trap_resume_regs, @function
uk_syscall_trap_resume_regs:
	pushq F_RFLAGS(%rdi)
	popfq
	mov F_RIP(%rdi), %rcx
	mov F_RFLAGS(%rdi), %r11
	mov F_R15(%rdi), %r15
	mov F_R14(%rdi), %r14
	mov F_R13(%rdi), %r13
	mov F_R12(%rdi), %r12
	mov F_RBP(%rdi), %rbp
	mov F_RBX(%rdi), %rbx
	mov F_R9(%rdi), %r9
	mov F_R8(%rdi), %r8
	mov F_R10(%rdi), %r10
	mov F_RDX(%rdi), %rdx
	mov F_RAX(%rdi), %rax
	mov %rsi, %rsp
	mov F_RSI(%rdi), %rsi
	mov F_RDI(%rdi), %rdi
	jmp *%rcx
	.size uk_syscall_trap_resume_regs, . - uk_syscall_trap_resume_regs

	.section .note.GNU-stack, "", @progbits
