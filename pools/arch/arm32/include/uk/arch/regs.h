/* SPDX-License-Identifier: MIT */
/*
 * The register frame a trap or interrupt entry saves: r0-r12, the
 * interrupted mode's stack pointer and link register, the return address
 * (pc) and CPSR, then the fault status and address registers of an abort
 * (DFSR/DFAR for a data abort, IFSR/IFAR for a prefetch abort, else 0).
 * The shared arm32 boot builds it (pools/plat/common/arm32/entry.S), or
 * linuxu from a signal's context; crash reports print it and interrupt
 * handlers receive it.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

/* Offsets for the assembly that builds the frame (8-byte multiple). */
#define UKARCH_REGS_SP   52
#define UKARCH_REGS_LR   56
#define UKARCH_REGS_PC   60
#define UKARCH_REGS_CPSR 64
#define UKARCH_REGS_FSR  68
#define UKARCH_REGS_FAR  72
#define UKARCH_REGS_SIZE 80

/*
 * GCC's frame record in ARM state, {caller's r11, return address}, lies
 * this many bytes below where r11 points (`push {fp, lr}; add fp, sp, #4`).
 */
#define UKARCH_FRAME_RECORD 4

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_regs {
	uint32_t r[13];   /* r11 is the frame pointer (ARM state) */
	uint32_t sp, lr, pc, cpsr;
	uint32_t fsr, far;
	uint32_t pad;
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
	return r->r[11];
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_ARCH_REGS_H */
