/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercalls on arm64 (xen/include/public/arch-arm.h): "hvc #0xea1",
 * the hypercall number in x16, arguments in x0-x4, the result in x0;
 * x16 and the argument registers are clobbered. Pointers are guest
 * addresses: with the MMU off, guest-physical ones.
 */
#ifndef XEN_ARM64_HYPERCALL_H
#define XEN_ARM64_HYPERCALL_H

#include <uk/essentials.h>

#define XEN_HYPERCALL_console_io 18
#define XEN_HYPERCALL_sched_op   29

#define XEN_CONSOLEIO_write   0
#define XEN_SCHEDOP_shutdown  2
#define XEN_SHUTDOWN_poweroff 0
#define XEN_SHUTDOWN_crash    3

static inline long xen_hypercall3(unsigned long nr, unsigned long a0,
				  unsigned long a1, unsigned long a2)
{
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x16 __asm__("x16") = nr;

	__asm__ __volatile__("hvc #0xea1"
			     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16)
			     :: "memory");
	return (long)x0;
}

#endif
