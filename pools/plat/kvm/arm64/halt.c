/* SPDX-License-Identifier: MIT */
/*
 * Power off carrying the exit status to the host.
 *
 * With CONFIG_KVM_ARM64_SEMIHOSTING the guest makes the semihosting
 * SYS_EXIT call (ARM "Semihosting for AArch32 and AArch64", operation
 * 0x18, AArch64 form with a parameter block) with reason
 * ADP_Stopped_ApplicationExit and the status as subcode: QEMU started with
 * -semihosting exits with that code. So on arm64:
 *
 *   host code s & 0xff   main returned s
 *   host code 255        crash (also what main returning 255/-1 gives)
 *   host code 0          powered off by PSCI (semihosting off/missing)
 *
 * If QEMU lacks -semihosting, the call traps as an undefined instruction;
 * the exception handler recognises it and we fall back to PSCI
 * SYSTEM_OFF, losing the status (a warning says so).
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <plat/arm64.h>
#include "arm64.h"

#define SEMIHOSTING_SYS_EXIT        0x18
#define ADP_Stopped_ApplicationExit 0x20026
#define EXIT_CRASH 255
#define SEMIHOSTING_HLT             0xd45e0000u   /* hlt #0xf000 */
#define ESR_EC(esr)                 (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN                  0x00

static void __noreturn psci_system_off(void)
{
	kvm_arm64_psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		ukarch_halt();
}

#if CONFIG_KVM_ARM64_SEMIHOSTING
static void semihosting_exit(int status)
{
	uint64_t block[2] = { ADP_Stopped_ApplicationExit, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;

	__asm__ __volatile__("hlt #0xf000"
			     : "+r"(x0) : "r"(x1) : "memory");
}
#endif

/* An undefined "hlt #0xf000" is a semihosting call QEMU did not accept:
 * not a crash of the guest, a missing -semihosting. */
void plat_arm64_trap_check(const struct ukarch_regs *r)
{
	if (ESR_EC(r->esr) != EC_UNKNOWN ||
	    *(const uint32_t *)r->pc != SEMIHOSTING_HLT)
		return;
	uk_pr_warn("semihosting unavailable (QEMU needs -semihosting): "
		   "powering off without an exit status\n");
	psci_system_off();
}

static void __noreturn power_off(int status)
{
	ukarch_irq_disable();
#if CONFIG_KVM_ARM64_SEMIHOSTING
	semihosting_exit(status);
#endif
	psci_system_off();
}

void ukplat_halt(int status)
{
	power_off(status & 0xff);
}

void ukplat_crash(void)
{
	power_off(EXIT_CRASH);
}
