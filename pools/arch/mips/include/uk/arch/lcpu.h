/* SPDX-License-Identifier: MIT */
/* MIPS32r2 CPU primitives used by platforms and libraries (kernel mode). */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#include <uk/essentials.h>

/* Coprocessor 0 registers, by number and select (literals: they are
 * pasted into the instruction). Count is 9, Status 12. */
#define mips_read_c0(reg, sel) ({					\
	uint32_t __v;							\
	__asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(__v));	\
	__v; })

#define mips_write_c0(reg, sel, v)					\
	__asm__ __volatile__("mtc0 %0, $" #reg ", " #sel "; ehb"	\
			     :: "r"((uint32_t)(v)) : "memory")

#define MIPS_STATUS_IE   (1u << 0)

/* The cycle counter: half the pipeline clock on most cores, 32 bits. */
static inline uint32_t mips_count(void)
{
	return mips_read_c0(9, 0);
}

static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("di; ehb" ::: "memory");
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("ei; ehb" ::: "memory");
}

/* Disables interrupts; the result (Status before) gives the state back. */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long status;

	__asm__ __volatile__("di %0; ehb" : "=r"(status) :: "memory");
	return status;
}

static inline void ukarch_irq_restore(unsigned long status)
{
	if (status & MIPS_STATUS_IE)
		ukarch_irq_enable();
}

static inline bool ukarch_irq_enabled(void)
{
	return mips_read_c0(12, 0) & MIPS_STATUS_IE;
}

/*
 * Called with interrupts disabled: WAIT ends on an interrupt pending
 * under the Status mask even while IE is off, so none is lost between
 * the caller's check and the wait; it is then taken with IE set, and
 * interrupts are off again on return.
 */
static inline void ukarch_halt_irq(void)
{
	__asm__ __volatile__("wait; ei; ehb; di; ehb" ::: "memory");
}

static inline void ukarch_halt(void)
{
	__asm__ __volatile__("wait" ::: "memory");
}

static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("nop" ::: "memory");
}

/*
 * No per-CPU base (ukarch_lcpu_set_base): the platforms start one CPU,
 * and the libraries that keep per-CPU data (uklcpu) are not offered.
 */

#endif /* UK_ARCH_LCPU_H */
