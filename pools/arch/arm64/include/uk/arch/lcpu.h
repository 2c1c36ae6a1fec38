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

static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
}

static inline void ukarch_halt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

#endif /* UK_ARCH_LCPU_H */
