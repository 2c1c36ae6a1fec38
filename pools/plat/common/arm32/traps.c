/* SPDX-License-Identifier: MIT */
/*
 * Exceptions end in a crash report naming the vector, the code address
 * and its function, and for aborts the faulting address and the cause
 * the fault status register gives (short-descriptor format: the MMU is
 * off or uses it). IRQs go to the interrupt-controller API.
 */
#include <uk/essentials.h>
#include <uk/crash.h>
#include <stdio.h>
#include <plat/fault.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#include <uk/preempt.h>
#endif
#include <plat/arm64.h>

#define VEC_UNDEF 1
#define VEC_SVC   2
#define VEC_PABT  3
#define VEC_DABT  4

static const char *const vector_names[8] = {
	"reset", "undefined instruction", "SVC instruction",
	"prefetch abort", "data abort", "exception at the unused vector",
	"IRQ", "FIQ"
};

/* FSR[10] and FSR[3:0]; WnR is DFSR[11]. */
#define FSR_STATUS(fsr) ((((fsr) >> 6) & 0x10) | ((fsr) & 0xf))
#define DFSR_WNR        (1u << 11)

static const char *abort_cause(unsigned int vector, uint32_t fsr)
{
	bool fetch = vector == VEC_PABT;
	bool write = !fetch && (fsr & DFSR_WNR);
	const char *access = fetch ? "instruction fetch from"
			     : write ? "write to" : "read of";
	static char buf[96];

	switch (FSR_STATUS(fsr)) {
	case 0x01:
		return ": unaligned access (alignment fault)";
	case 0x05:
	case 0x07:
		snprintf(buf, sizeof(buf), ": %s an unmapped address "
			 "(translation fault)", access);
		return buf;
	case 0x0d:
	case 0x0f:
		snprintf(buf, sizeof(buf), ": %s a protected page "
			 "(permission fault)", access);
		return buf;
	case 0x08:
		snprintf(buf, sizeof(buf), ": %s an address nothing answers "
			 "(external abort)", access);
		return buf;
	}
	return "";
}

void plat_arm32_trap(struct ukarch_regs *r, unsigned long vector) __noreturn;
void plat_arm32_trap(struct ukarch_regs *r, unsigned long vector)
{
	uintptr_t off;
	const char *fn = uk_symbol_name(r->pc, &off);

	/* A call the platform answers (semihosting without QEMU's
	 * -semihosting): not a fault of the guest. */
	if (vector == VEC_UNDEF || vector == VEC_SVC)
		plat_arm64_trap_check(r);

	if (vector == VEC_PABT || vector == VEC_DABT)
		PLAT_CRASH_REGS(r, "%s at %#lx (%s+0x%lx), address %#lx, "
			      "fsr %#lx%s%s%s", vector_names[vector],
			      (unsigned long)r->pc, fn, (unsigned long)off,
			      (unsigned long)r->far, (unsigned long)r->fsr,
			      abort_cause(vector, r->fsr),
			      plat_fault_hint(r->far),
			      /* after a branch with link, lr says whence */
			      vector == VEC_PABT ? plat_fault_caller(r->lr)
						 : "");
	PLAT_CRASH_REGS(r, "%s at %#lx (%s+0x%lx)", vector_names[vector & 7],
		      (unsigned long)r->pc, fn, (unsigned long)off);
}

#if CONFIG_LIBUKINTCTLR
void plat_arm32_irq(struct ukarch_regs *r);
void plat_arm32_irq(struct ukarch_regs *r)
{
	uk_intctlr_irq_handle(r, 0);
	uk_preempt_point();
}
#endif
