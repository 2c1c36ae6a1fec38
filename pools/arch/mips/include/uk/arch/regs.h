/* SPDX-License-Identifier: MIT */
/*
 * The register frame the exception entry saves on the stack: the 32
 * general registers ($0 as a zero slot), HI and LO, then the CP0
 * registers of the exception: EPC (pc), Status, Cause and BadVAddr (the
 * faulting address of an address error or TLB exception). The platform
 * builds it (plat/malta/mips/entry.S); crash reports print it.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

/* Offsets for the assembly that builds the frame (8-byte multiple). */
#define UKARCH_REGS_R(n)     ((n) * 4)
#define UKARCH_REGS_HI       128
#define UKARCH_REGS_LO       132
#define UKARCH_REGS_EPC      136
#define UKARCH_REGS_STATUS   140
#define UKARCH_REGS_CAUSE    144
#define UKARCH_REGS_BADVADDR 148
#define UKARCH_REGS_SIZE     152

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_regs {
	uint32_t r[32];   /* r[29] sp, r[30] fp, r[31] ra */
	uint32_t hi, lo;
	uint32_t epc, status, cause, badvaddr;
};

UK_CTASSERT(sizeof(struct ukarch_regs) == UKARCH_REGS_SIZE);
UK_CTASSERT(offsetof(struct ukarch_regs, badvaddr) == UKARCH_REGS_BADVADDR);

static inline uintptr_t ukarch_regs_pc(const struct ukarch_regs *r)
{
	return r->epc;
}

static inline uintptr_t ukarch_regs_sp(const struct ukarch_regs *r)
{
	return r->r[29];
}

/*
 * No frame-record chain on MIPS (GCC saves $ra and $fp at offsets only
 * the function's own code knows): backtraces stop at the pc.
 */
static inline uintptr_t ukarch_regs_fp(const struct ukarch_regs *r)
{
	return 0;
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_ARCH_REGS_H */
