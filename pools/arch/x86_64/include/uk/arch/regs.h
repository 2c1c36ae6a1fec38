/* SPDX-License-Identifier: MIT */
/*
 * The register frame a trap or interrupt entry saves on the stack, lowest
 * address first: the general registers pushed by the entry code, the
 * vector and error code, then what the CPU pushed. Platforms build it
 * (plat/kvm/x86_64/traps.S, or from a signal's context on linuxu); crash
 * reports print it and interrupt handlers receive it.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

/* Size of the frame, for the assembly that builds it. */
#define UKARCH_REGS_SIZE 176

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

UK_CTASSERT(sizeof(struct ukarch_regs) == UKARCH_REGS_SIZE);

static inline uintptr_t ukarch_regs_pc(const struct ukarch_regs *r)
{
	return r->rip;
}

static inline uintptr_t ukarch_regs_sp(const struct ukarch_regs *r)
{
	return r->rsp;
}

/* The frame pointer: start of the saved-rbp chain a backtrace walks. */
static inline uintptr_t ukarch_regs_fp(const struct ukarch_regs *r)
{
	return r->rbp;
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_ARCH_REGS_H */
