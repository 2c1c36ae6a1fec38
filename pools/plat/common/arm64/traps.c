/* SPDX-License-Identifier: MIT */
/*
 * Exceptions end in a crash report naming the cause (from the exception
 * class of ESR_EL1), the code address and its function, and for aborts
 * the faulting data address. IRQs go to the interrupt-controller API.
 */
#include <uk/essentials.h>
#include <uk/crash.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <stdio.h>
#include <plat/fault.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#include <uk/preempt.h>
#endif
#include <plat/arm64.h>
#include <uk/plat.h>

static const char *const slot_kinds[4] = {
	"synchronous", "IRQ", "FIQ", "SError"
};
static const char *const slot_origins[4] = {
	"EL1 with SP_EL0", "EL1", "lower EL (AArch64)", "lower EL (AArch32)"
};

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN     0x00
#define EC_IABORT_LOW  0x20
#define EC_IABORT      0x21
#define EC_PC_ALIGN    0x22
#define EC_DABORT_LOW  0x24
#define EC_DABORT      0x25
#define EC_SP_ALIGN    0x26

static const char *class_name(unsigned int ec)
{
	switch (ec) {
	case EC_UNKNOWN:    return "undefined instruction";
	case 0x01:          return "trapped WFI/WFE";
	case 0x07:          return "FP/SIMD access trap";
	case 0x0e:          return "illegal execution state";
	case 0x15:          return "SVC instruction";
	case 0x18:          return "trapped system register access";
	case EC_IABORT_LOW:
	case EC_IABORT:     return "instruction abort";
	case EC_PC_ALIGN:   return "PC alignment fault";
	case EC_DABORT_LOW:
	case EC_DABORT:     return "data abort";
	case EC_SP_ALIGN:   return "SP alignment fault";
	case 0x3c:          return "BRK instruction";
	}
	return "synchronous exception";
}

/* Exception classes for which FAR_EL1 holds the faulting address. */
static bool has_address(unsigned int ec)
{
	return ec == EC_IABORT_LOW || ec == EC_IABORT || ec == EC_PC_ALIGN ||
	       ec == EC_DABORT_LOW || ec == EC_DABORT;
}

static bool is_fetch(unsigned int ec)
{
	return ec == EC_IABORT_LOW || ec == EC_IABORT;
}

/*
 * ": write to a read-only page (permission fault, level 3)" and the like,
 * from the fault status code of an abort; "" for the kinds not named.
 */
static const char *abort_cause(unsigned int ec, uint64_t esr)
{
	static char buf[96];
	unsigned int fsc = esr & 0x3f, level = ARM64_FSC_LEVEL(fsc);
	bool write = !is_fetch(ec) && (esr & ARM64_ESR_WNR);
	const char *access = is_fetch(ec) ? "instruction fetch from"
			     : write ? "write to" : "read of";

	if (!is_fetch(ec) && ec != EC_DABORT && ec != EC_DABORT_LOW)
		return "";
	switch (ARM64_FSC_TYPE(fsc)) {
	case ARM64_FSC_TRANSLATION:
		snprintf(buf, sizeof(buf), ": %s an unmapped address "
			 "(translation fault, level %u)", access, level);
		break;
	case ARM64_FSC_PERMISSION:
		snprintf(buf, sizeof(buf), ": %s (permission fault, level %u)",
			 is_fetch(ec) ? "instruction fetch from a "
					"non-executable page"
			 : write ? "write to a read-only page"
				 : "read of a protected page", level);
		break;
	case ARM64_FSC_ADDR_SIZE:
		snprintf(buf, sizeof(buf), ": %s an address beyond the "
			 "physical address range (address size fault, "
			 "level %u)", access, level);
		break;
	case ARM64_FSC_ACCESS_FLAG:
		snprintf(buf, sizeof(buf), ": %s a page never accessed "
			 "(access flag fault, level %u)", access, level);
		break;
	default:
		return "";
	}
	return buf;
}

void plat_arm64_trap(struct ukarch_regs *r, unsigned long slot) __noreturn;
void plat_arm64_trap(struct ukarch_regs *r, unsigned long slot)
{
	unsigned int ec = ESR_EC(r->esr);
	uintptr_t off;
	const char *fn = uk_symbol_name(r->pc, &off);

	/* Synchronous, from EL1 (slot 0: while on the trap stack). */
	if ((slot & 3) == 0)
		plat_arm64_trap_check(r);

	if ((slot & 3) != 0)
		PLAT_CRASH_REGS(r, "%s exception from %s at %#lx (%s+0x%lx)",
			      slot_kinds[slot & 3], slot_origins[slot >> 2],
			      r->pc, fn, off);
	if (has_address(ec))
		PLAT_CRASH_REGS(r, "%s at %#lx (%s+0x%lx), address %#lx, "
			      "esr %#lx%s%s%s", class_name(ec), r->pc, fn, off,
			      r->far, r->esr, abort_cause(ec, r->esr),
			      plat_fault_hint(r->far),
			      /* after a branch with link, x30 says whence */
			      is_fetch(ec) ? plat_fault_caller(r->x[30]) : "");
	PLAT_CRASH_REGS(r, "%s at %#lx (%s+0x%lx), esr %#lx%s", class_name(ec),
		      r->pc, fn, off, r->esr,
		      slot >= 4 ? "" : " (during a crash report)");
}

#if CONFIG_LIBUKINTCTLR
void plat_arm64_irq(struct ukarch_regs *r);
void plat_arm64_irq(struct ukarch_regs *r)
{
	uk_intctlr_irq_handle(r, 0);
	uk_preempt_point();
}
#endif
