/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction's entry (CONFIG_UKSYSCALL_TRAP, x86_64 kvm):
 * the state of a program that made a system call, for the calls that
 * start or change a program thread (clone, arch_prctl).
 */
#ifndef UK_SYSCALL_TRAP_H
#define UK_SYSCALL_TRAP_H

#include <uk/essentials.h>

/* The program's registers at the `syscall` instruction, as x86_64/trap.S
 * pushes them (lowest address first). */
struct uk_syscall_frame {
	unsigned long fs;       /* its thread pointer (the FS base) */
	unsigned long r15, r14, r13, r12, rbp, rbx;
	unsigned long r9, r8, r10, rdx, rsi, rdi, rax;
	unsigned long rflags;   /* r11 at the instruction */
	unsigned long rip;      /* rcx: the instruction after it */
};

/* Its stack pointer: above the frame, past the red zone left alone. */
#define UK_SYSCALL_FRAME_RED_ZONE 128
static inline unsigned long uk_syscall_frame_sp(const struct uk_syscall_frame *f)
{
	return (unsigned long)(f + 1) + UK_SYSCALL_FRAME_RED_ZONE;
}

/* The frame of the system call the calling thread is in. */
struct uk_syscall_frame *uk_syscall_trap_frame(void);

/*
 * Continues a program in the state `f` describes (its thread pointer
 * included), on the stack `sp`: what a new program thread starts with.
 */
void uk_syscall_trap_resume(const struct uk_syscall_frame *f,
			    unsigned long sp) __noreturn;

#endif
