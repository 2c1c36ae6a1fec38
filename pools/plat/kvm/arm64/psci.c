/* SPDX-License-Identifier: MIT */
/*
 * PSCI calls (Arm DEN 0022) through the conduit the device tree's /psci
 * node names: HVC, or SMC with EL3 firmware.
 */
#include <plat/arm64.h>
#include "arm64.h"

/*
 * SMC Calling Convention: function ID and arguments in x0-x3, result in
 * x0; x4-x17 may be changed by the callee (SMCCC 1.0).
 */
int64_t kvm_arm64_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (plat_arm64_psci_smc)
		__asm__ __volatile__("smc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :: "x4", "x5", "x6", "x7", "x8", "x9",
				        "x10", "x11", "x12", "x13", "x14",
				        "x15", "x16", "x17", "memory");
	else
		__asm__ __volatile__("hvc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :: "x4", "x5", "x6", "x7", "x8", "x9",
				        "x10", "x11", "x12", "x13", "x14",
				        "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}
