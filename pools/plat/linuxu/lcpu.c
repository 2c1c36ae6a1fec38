/* SPDX-License-Identifier: MIT */
/*
 * The interrupt primitives of uk/plat.h on linuxu: interrupts are the
 * signals the platform's own devices raise (SIGALRM, the timer's), and
 * disabling interrupts blocks them. The state always comes from the
 * kernel's signal mask, which is also right inside a handler (where the
 * kernel blocks the signal being handled).
 */
#include <uk/plat.h>
#include <linuxu/syscall.h>

static const uint64_t irq_signals = SIGMASK(SIGALRM);

static uint64_t change(int how)
{
	uint64_t old = 0;

	linuxu_syscall6(SYS_rt_sigprocmask, how, (long)&irq_signals,
			(long)&old, sizeof(old), 0, 0);
	return old;
}

void ukplat_lcpu_irq_enable(void)
{
	change(SIG_UNBLOCK);
}

void ukplat_lcpu_irq_disable(void)
{
	change(SIG_BLOCK);
}

unsigned long ukplat_lcpu_irq_save(void)
{
	return !(change(SIG_BLOCK) & irq_signals);
}

void ukplat_lcpu_irq_restore(unsigned long was_enabled)
{
	if (was_enabled)
		change(SIG_UNBLOCK);
}

bool ukplat_lcpu_irq_enabled(void)
{
	uint64_t old = 0;

	linuxu_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&old,
			sizeof(old), 0, 0);
	return !(old & irq_signals);
}

/* rt_sigsuspend unblocks, waits for a handled signal and blocks again,
 * all in one step: the halt-until-interrupt of a process. */
void ukplat_lcpu_halt_irq(void)
{
	const uint64_t none = 0;

	linuxu_syscall3(SYS_rt_sigsuspend, (long)&none, sizeof(none), 0);
}

/*
 * The thread pointer: the FS base through arch_prctl on x86_64 (a system
 * call per switch), TPIDR_EL0 directly on arm64 (user-writable); on arm32
 * TPIDRURO, read-only to a process, set by the kernel's ARM-private
 * set_tls call.
 */
#if defined(__x86_64__)
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

void ukplat_tlsp_set(uintptr_t tlsp)
{
	linuxu_syscall3(SYS_arch_prctl, ARCH_SET_FS, (long)tlsp, 0);
}

uintptr_t ukplat_tlsp_get(void)
{
	uintptr_t tlsp = 0;

	linuxu_syscall3(SYS_arch_prctl, ARCH_GET_FS, (long)&tlsp, 0);
	return tlsp;
}
#elif defined(__aarch64__)
void ukplat_tlsp_set(uintptr_t tlsp)
{
	__asm__ __volatile__("msr tpidr_el0, %0" :: "r"(tlsp));
}

uintptr_t ukplat_tlsp_get(void)
{
	uintptr_t tlsp;

	__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(tlsp));
	return tlsp;
}
#elif defined(__arm__)
void ukplat_tlsp_set(uintptr_t tlsp)
{
	linuxu_syscall3(SYS_ARM_set_tls, (long)tlsp, 0, 0);
}

uintptr_t ukplat_tlsp_get(void)
{
	uintptr_t tlsp;

	__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 3" : "=r"(tlsp));
	return tlsp;
}
#endif

const void *ukplat_bootinfo_fdt(void)
{
	return NULL;
}
