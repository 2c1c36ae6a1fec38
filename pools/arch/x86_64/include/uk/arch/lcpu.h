/* SPDX-License-Identifier: MIT */
/* x86_64 CPU primitives used by platforms and libraries. */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#include <uk/essentials.h>

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			     uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     :: "c"(msr), "a"((uint32_t)v),
			        "d"((uint32_t)(v >> 32)));
}

static inline unsigned long x86_read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

#define X86_RFLAGS_IF (1UL << 9)

static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* Disables interrupts; the result gives the previous state back. */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
	return flags;
}

static inline void ukarch_irq_restore(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF)
		ukarch_irq_enable();
}

static inline bool ukarch_irq_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return flags & X86_RFLAGS_IF;
}

/*
 * Called with interrupts disabled: sleeps until an interrupt arrives, lets
 * it be handled and returns with interrupts disabled again. No interrupt
 * can slip in between the check that made the caller wait and the halt:
 * sti takes effect only after the instruction that follows it.
 */
static inline void ukarch_halt_irq(void)
{
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

static inline void ukarch_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/*
 * The per-CPU base: the GS segment base of each CPU points at its own
 * per-CPU data, whose first word points at itself, so one load through
 * %gs gives the pointer (uklcpu, uk/lcpu.h). FS stays free for thread-local
 * storage.
 */
#define X86_MSR_GS_BASE 0xc0000101

static inline void ukarch_lcpu_set_base(void *base)
{
	x86_wrmsr(X86_MSR_GS_BASE, (uintptr_t)base);
}

static inline void *ukarch_lcpu_base(void)
{
	void *base;

	__asm__ __volatile__("mov %%gs:0, %0" : "=r"(base));
	return base;
}

#endif /* UK_ARCH_LCPU_H */
