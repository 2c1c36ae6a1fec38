/* SPDX-License-Identifier: MIT */
/*
 * Exceptions end in a crash report naming the cause (Cause.ExcCode), the
 * code address and its function, and for address errors and TLB misses
 * the faulting address (BadVAddr). The image runs unmapped in KSEG0, so
 * a TLB exception is always an access outside the image's memory: kuseg,
 * where a NULL pointer points, or KSEG2/3.
 */
#include <uk/essentials.h>
#include <uk/crash.h>
#include <plat/fault.h>

#define CAUSE_EXCCODE(c) (((c) >> 2) & 0x1f)
#define CAUSE_BD         (1u << 31)   /* EPC is the branch before it */

static const char *const exc_names[32] = {
	[0] = "interrupt",
	[1] = "TLB modification",
	[2] = "TLB miss on load or fetch",
	[3] = "TLB miss on store",
	[4] = "address error on load or fetch",
	[5] = "address error on store",
	[6] = "bus error on fetch",
	[7] = "bus error on load or store",
	[8] = "syscall",
	[9] = "breakpoint",
	[10] = "reserved instruction",
	[11] = "coprocessor unusable",
	[12] = "integer overflow",
	[13] = "trap",
	[15] = "floating-point exception",
};

static bool has_address(unsigned int code)
{
	return code >= 1 && code <= 5;
}

void malta_trap(struct ukarch_regs *r) __noreturn;
void malta_trap(struct ukarch_regs *r)
{
	unsigned int code = CAUSE_EXCCODE(r->cause);
	const char *name = exc_names[code] ? exc_names[code] : "exception";
	uintptr_t off;
	const char *fn = uk_symbol_name(r->epc, &off);
	/* A fetch that failed: $ra says which call jumped there. */
	bool fetch = has_address(code) && r->badvaddr == r->epc;

	if (has_address(code))
		PLAT_CRASH_REGS(r, "%s (%u) at %#lx (%s+0x%lx), address %#lx%s%s%s",
				name, code, (unsigned long)r->epc, fn,
				(unsigned long)off, (unsigned long)r->badvaddr,
				r->cause & CAUSE_BD ? ", in a branch delay slot" : "",
				plat_fault_hint(r->badvaddr),
				fetch ? plat_fault_caller(r->r[31]) : "");
	PLAT_CRASH_REGS(r, "%s (%u) at %#lx (%s+0x%lx), cause %#lx", name, code,
			(unsigned long)r->epc, fn, (unsigned long)off,
			(unsigned long)r->cause);
}
