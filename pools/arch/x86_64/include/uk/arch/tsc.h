/* SPDX-License-Identifier: MIT */
#ifndef UK_ARCH_TSC_H
#define UK_ARCH_TSC_H

#include <uk/essentials.h>

/*
 * TSC frequency as reported by the CPU or the hypervisor, without any
 * measurement: CPUID leaf 0x15 (crystal ratio), leaf 0x16 (base MHz) or
 * the hypervisor timing leaf 0x40000010. Returns 0 if none is available;
 * *how (if not NULL) names the source.
 */
uint64_t x86_tsc_hz_cpuid(const char **how);

#endif
