/* SPDX-License-Identifier: MIT */
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>
#include "arm64.h"

static const char *const slot_kinds[4] = {
	"synchronous", "IRQ", "FIQ", "SError"
};
static const char *const slot_origins[4] = {
	"EL1 with SP_EL0", "EL1", "lower EL (AArch64)", "lower EL (AArch32)"
};

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN  0x00

void kvm_arm64_trap(unsigned long slot) __noreturn;
void kvm_arm64_trap(unsigned long slot)
{
	uint64_t esr = arm64_read_sysreg(esr_el1);
	uint64_t elr = arm64_read_sysreg(elr_el1);
	uint64_t far = arm64_read_sysreg(far_el1);

	/* An undefined "hlt #0xf000" is a semihosting call QEMU did not
	 * accept: not a crash of the guest, a missing -semihosting. */
	if ((slot & 3) == 0 && ESR_EC(esr) == EC_UNKNOWN &&
	    *(const uint32_t *)elr == ARM64_SEMIHOSTING_HLT)
		kvm_arm64_semihosting_missing();

	UK_CRASH("%s exception from %s: esr %#lx (class %#lx) at pc %#lx, "
		 "address %#lx", slot_kinds[slot & 3], slot_origins[slot >> 2],
		 (unsigned long)esr, (unsigned long)ESR_EC(esr),
		 (unsigned long)elr, (unsigned long)far);
}
