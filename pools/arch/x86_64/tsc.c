/* SPDX-License-Identifier: MIT */
#include <uk/arch/tsc.h>
#include <uk/arch/lcpu.h>

uint64_t x86_tsc_hz_cpuid(const char **how)
{
	uint32_t max, a, b, c, d;

	x86_cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		/* TSC = crystal (ECX Hz) * EBX / EAX */
		x86_cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c) {
			if (how)
				*how = "cpuid 0x15";
			return (uint64_t)c * b / a;
		}
	}
	if (max >= 0x16) {
		x86_cpuid(0x16, 0, &a, &b, &c, &d);
		if (a & 0xffff) {
			if (how)
				*how = "cpuid 0x16";
			return (uint64_t)(a & 0xffff) * 1000000;
		}
	}
	/* Hypervisor leaves exist only when CPUID.1:ECX bit 31 is set. */
	x86_cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 31)) {
		x86_cpuid(0x40000000, 0, &max, &b, &c, &d);
		if (max >= 0x40000010) {
			x86_cpuid(0x40000010, 0, &a, &b, &c, &d);
			if (a) {
				if (how)
					*how = "hypervisor cpuid";
				return (uint64_t)a * 1000;  /* kHz */
			}
		}
	}
	return 0;
}
