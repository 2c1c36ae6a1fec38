/* SPDX-License-Identifier: MIT */
/*
 * The register frame a trap or interrupt entry saves on the stack: x0-x30,
 * the interrupted stack pointer, ELR (pc) and SPSR (pstate), then the
 * syndrome and fault address registers (meaningful for synchronous
 * exceptions only). Platforms build it (plat/kvm/arm64/entry.S, or from a
 * signal's context on linuxu); crash reports print it and interrupt
 * handlers receive it.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

/* Offsets for the assembly that builds the frame (16-byte multiple). */
#define UKARCH_REGS_SP     248
#define UKARCH_REGS_PC     256
#define UKARCH_REGS_PSTATE 264
#define UKARCH_REGS_ESR    272
#define UKARCH_REGS_FAR    280
#define UKARCH_REGS_SIZE   288

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_regs {
	uint64_t x[31];   /* x29 is the frame pointer, x30 the link register */
	uint64_t sp;
	uint64_t pc;
	uint64_t pstate;
	uint64_t esr, far;
};

UK_CTASSERT(sizeof(struct ukarch_regs) == UKARCH_REGS_SIZE);
UK_CTASSERT(offsetof(struct ukarch_regs, sp) == UKARCH_REGS_SP);
UK_CTASSERT(offsetof(struct ukarch_regs, far) == UKARCH_REGS_FAR);

static inline uintptr_t ukarch_regs_pc(const struct ukarch_regs *r)
{
	return r->pc;
}

static inline uintptr_t ukarch_regs_sp(const struct ukarch_regs *r)
{
	return r->sp;
}

/* The frame pointer: start of the frame-record chain a backtrace walks. */
static inline uintptr_t ukarch_regs_fp(const struct ukarch_regs *r)
{
	return r->x[29];
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_ARCH_REGS_H */
