/* SPDX-License-Identifier: MIT */
/* ARMv7-A CPU primitives used by platforms and libraries. */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#include <uk/essentials.h>

/* CP15 registers: arm32_read_cp15(c13, 0, c0, 3) reads TPIDRURO. */
#define arm32_read_cp15(crn, op1, crm, op2) ({				\
	uint32_t __v;							\
	__asm__ __volatile__("mrc p15, " #op1 ", %0, " #crn ", " #crm	\
			     ", " #op2 : "=r"(__v));			\
	__v; })

#define arm32_write_cp15(crn, op1, crm, op2, v)				\
	__asm__ __volatile__("mcr p15, " #op1 ", %0, " #crn ", " #crm	\
			     ", " #op2 :: "r"((uint32_t)(v)) : "memory")

#define arm32_isb() __asm__ __volatile__("isb" ::: "memory")
#define arm32_dsb() __asm__ __volatile__("dsb sy" ::: "memory")

/* Generic timer: virtual count (CNTVCT) and its fixed frequency (CNTFRQ). */
static inline uint64_t arm32_cntvct(void)
{
	uint64_t v;

	arm32_isb();
	__asm__ __volatile__("mrrc p15, 1, %Q0, %R0, c14" : "=r"(v));
	return v;
}

static inline uint64_t arm32_cntfrq(void)
{
	return arm32_read_cp15(c14, 0, c0, 0);
}

/* The PL1 virtual timer: compare value (CNTV_CVAL) and control (CNTV_CTL). */
static inline void arm32_cntv_cval_write(uint64_t v)
{
	__asm__ __volatile__("mcrr p15, 3, %Q0, %R0, c14" :: "r"(v));
}

static inline void arm32_cntv_ctl_write(uint32_t v)
{
	arm32_write_cp15(c14, 0, c3, 1, v);
}

#define ARM32_CPSR_I (1UL << 7)

static inline unsigned long arm32_cpsr(void)
{
	unsigned long v;

	__asm__ __volatile__("mrs %0, cpsr" : "=r"(v));
	return v;
}

/* Masks every exception that can be masked (used on the way out). */
static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("cpsid aif" ::: "memory");
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("cpsie i" ::: "memory");
}

/* Masks IRQs; the result gives the previous state back. */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long cpsr = arm32_cpsr();

	__asm__ __volatile__("cpsid i" ::: "memory");
	return cpsr;
}

static inline void ukarch_irq_restore(unsigned long cpsr)
{
	if (!(cpsr & ARM32_CPSR_I))
		ukarch_irq_enable();
}

static inline bool ukarch_irq_enabled(void)
{
	return !(arm32_cpsr() & ARM32_CPSR_I);
}

/*
 * Called with IRQs masked: sleeps until an interrupt is pending, lets it
 * be handled and returns with IRQs masked again. WFI wakes up on a pending
 * interrupt even while it is masked, so none is lost between the caller's
 * check and the wait.
 */
static inline void ukarch_halt_irq(void)
{
	__asm__ __volatile__("wfi; cpsie i; isb; cpsid i" ::: "memory");
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
 * The per-CPU base: TPIDRPRW (PL1 only) of each CPU points at its own
 * per-CPU data (uklcpu, uk/lcpu.h). TPIDRURO, which compiled code reads
 * as the thread pointer, stays free for thread-local storage.
 */
static inline void ukarch_lcpu_set_base(void *base)
{
	arm32_write_cp15(c13, 0, c0, 4, (uintptr_t)base);
}

static inline void *ukarch_lcpu_base(void)
{
	return (void *)arm32_read_cp15(c13, 0, c0, 4);
}

#endif /* UK_ARCH_LCPU_H */
