/* SPDX-License-Identifier: MIT */
/*
 * Power off carrying the exit status to the host, on arm64 and on arm32
 * (which compiles this file too: only the instructions differ).
 *
 * With CONFIG_KVM_ARM64_SEMIHOSTING the guest makes a semihosting exit
 * call (ARM "Semihosting for AArch32 and AArch64") with reason
 * ADP_Stopped_ApplicationExit and the status as subcode: QEMU started with
 * -semihosting exits with that code. On arm64 it is SYS_EXIT (operation
 * 0x18, AArch64 form with a parameter block) by `hlt #0xf000`; on arm32
 * SYS_EXIT_EXTENDED (0x20: AArch32's SYS_EXIT carries no status) by
 * `svc #0x123456` in ARM state. So:
 *
 *   host code s & 0xff   main returned s
 *   host code 255        crash (also what main returning 255/-1 gives)
 *   host code 0          powered off by PSCI (semihosting off/missing)
 *
 * If QEMU lacks -semihosting, the call traps (arm64: as an undefined
 * instruction; arm32: as an ordinary SVC); the exception handler
 * recognises it and we fall back to PSCI SYSTEM_OFF, losing the status
 * (a warning says so).
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <plat/arm64.h>
#include "arm64.h"

#define ADP_Stopped_ApplicationExit 0x20026
#define EXIT_CRASH 255

#if defined(__aarch64__)

#define SEMIHOSTING_SYS_EXIT        0x18
#define SEMIHOSTING_HLT             0xd45e0000u   /* hlt #0xf000 */
#define ESR_EC(esr)                 (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN                  0x00

static void psci_system_off_call(void)
{
	kvm_arm64_psci(PSCI_SYSTEM_OFF, 0, 0, 0);
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

/* An undefined "hlt #0xf000". */
static int semihosting_trapped(const struct ukarch_regs *r)
{
	return ESR_EC(r->esr) == EC_UNKNOWN &&
	       *(const uint32_t *)r->pc == SEMIHOSTING_HLT;
}

#else /* __arm__ */

#define SEMIHOSTING_SYS_EXIT_EXTENDED 0x20
#define SEMIHOSTING_SVC               0xef123456u   /* svc #0x123456 */

/* Through the conduit the device tree names (SMCCC: function in r0). */
static void psci_system_off_call(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;

	if (plat_arm64_psci_smc)
		__asm__ __volatile__(".arch_extension sec\n\tsmc #0"
				     : "+r"(r0) :: "r1", "r2", "r3", "memory");
	else
		__asm__ __volatile__(".arch_extension virt\n\thvc #0"
				     : "+r"(r0) :: "r1", "r2", "r3", "memory");
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

/* An SVC #0x123456 that reached the exception handler. */
static int semihosting_trapped(const struct ukarch_regs *r)
{
	return *(const uint32_t *)r->pc == SEMIHOSTING_SVC;
}

#endif

static void __noreturn psci_system_off(void)
{
	psci_system_off_call();
	for (;;)
		ukarch_halt();
}

/* A trapped semihosting call is one QEMU did not accept: not a crash of
 * the guest, a missing -semihosting. */
void plat_arm64_trap_check(const struct ukarch_regs *r)
{
	if (!semihosting_trapped(r))
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
