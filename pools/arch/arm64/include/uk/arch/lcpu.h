/* SPDX-License-Identifier: MIT */
/* AArch64 CPU primitives used by platforms and libraries. */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#include <uk/essentials.h>

#define arm64_read_sysreg(reg) ({					\
	uint64_t __v;							\
	__asm__ __volatile__("mrs %0, " #reg : "=r"(__v));		\
	__v; })

#define arm64_write_sysreg(reg, v) \
	__asm__ __volatile__("msr " #reg ", %0" :: "r"((uint64_t)(v)))

#define arm64_isb() __asm__ __volatile__("isb" ::: "memory")
#define arm64_dsb() __asm__ __volatile__("dsb sy" ::: "memory")

/* Generic timer: virtual count and its fixed frequency (no calibration). */
static inline uint64_t arm64_cntvct(void)
{
	arm64_isb();
	return arm64_read_sysreg(cntvct_el0);
}

static inline uint64_t arm64_cntfrq(void)
{
	return arm64_read_sysreg(cntfrq_el0);
}

#define ARM64_DAIF_I (1UL << 7)

/* Masks every exception that can be masked (used on the way out). */
static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

/* Masks IRQs; the result gives the previous state back. */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long daif = arm64_read_sysreg(daif);

	__asm__ __volatile__("msr daifset, #2" ::: "memory");
	return daif;
}

static inline void ukarch_irq_restore(unsigned long daif)
{
	if (!(daif & ARM64_DAIF_I))
		ukarch_irq_enable();
}

static inline bool ukarch_irq_enabled(void)
{
	return !(arm64_read_sysreg(daif) & ARM64_DAIF_I);
}

/*
 * Called with IRQs masked: sleeps until an interrupt is pending, lets it
 * be handled and returns with IRQs masked again. WFI wakes up on a pending
 * interrupt even while it is masked, so none is lost between the caller's
 * check and the wait.
 */
static inline void ukarch_halt_irq(void)
{
	__asm__ __volatile__("wfi; msr daifclr, #2; isb; msr daifset, #2"
			     ::: "memory");
}

static inline void ukarch_halt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

/*
 * The per-CPU base: TPIDR_EL1 of each CPU points at its own per-CPU data
 * (uklcpu, uk/lcpu.h). TPIDR_EL0 stays free for thread-local storage.
 */
static inline void ukarch_lcpu_set_base(void *base)
{
	arm64_write_sysreg(tpidr_el1, (uintptr_t)base);
}

static inline void *ukarch_lcpu_base(void)
{
	return (void *)arm64_read_sysreg(tpidr_el1);
}

#endif /* UK_ARCH_LCPU_H */
