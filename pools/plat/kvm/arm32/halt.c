/* SPDX-License-Identifier: MIT */
/*
 * Power off carrying the exit status to the host, on arm32.
 *
 * With CONFIG_KVM_ARM64_SEMIHOSTING the guest makes the semihosting call
 * SYS_EXIT_EXTENDED (ARM "Semihosting for AArch32 and AArch64",
 * operation 0x20: AArch32's SYS_EXIT, 0x18, carries no status) with
 * reason ADP_Stopped_ApplicationExit and the status as subcode, by
 * `svc #0x123456` in ARM state: QEMU started with -semihosting exits with
 * that code. So, as on arm64:
 *
 *   host code s & 0xff   main returned s
 *   host code 255        crash (also what main returning 255/-1 gives)
 *   host code 0          powered off by PSCI (semihosting off/missing)
 *
 * If QEMU lacks -semihosting, the call is an ordinary SVC: the exception
 * handler recognises it and we fall back to PSCI SYSTEM_OFF, losing the
 * status (a warning says so).
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <plat/arm64.h>

#define SEMIHOSTING_SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit   0x20026
#define SEMIHOSTING_SVC               0xef123456u   /* svc #0x123456 */
#define PSCI_SYSTEM_OFF               0x84000008
#define EXIT_CRASH 255

/* PSCI SYSTEM_OFF through the conduit the device tree names (SMCCC:
 * function in r0). */
static void __noreturn psci_system_off(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;

	if (plat_arm64_psci_smc)
		__asm__ __volatile__(".arch_extension sec\n\tsmc #0"
				     : "+r"(r0) :: "r1", "r2", "r3", "memory");
	else
		__asm__ __volatile__(".arch_extension virt\n\thvc #0"
				     : "+r"(r0) :: "r1", "r2", "r3", "memory");
	for (;;)
		ukarch_halt();
}

#if CONFIG_KVM_ARM64_SEMIHOSTING
static void semihosting_exit(int status)
{
	uint32_t block[2] = { ADP_Stopped_ApplicationExit, (uint32_t)status };
	register uint32_t r0 __asm__("r0") = SEMIHOSTING_SYS_EXIT_EXTENDED;
	register uint32_t r1 __asm__("r1") = (uintptr_t)block;

	__asm__ __volatile__("svc #0x123456"
			     : "+r"(r0) : "r"(r1) : "memory");
}
#endif

/* An SVC #0x123456 that trapped is a semihosting call QEMU did not
 * accept: not a crash of the guest, a missing -semihosting. */
void plat_arm64_trap_check(const struct ukarch_regs *r)
{
	if (*(const uint32_t *)r->pc != SEMIHOSTING_SVC)
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
