/* SPDX-License-Identifier: MIT */
/* For platforms only: crash reports of traps, words for those of memory faults. */
#ifndef PLAT_FAULT_H
#define PLAT_FAULT_H

#include <uk/essentials.h>
#include <uk/crash.h>
#include <uk/plat.h>

/* A trap's crash report, under the platform's name ("CRASH: [kvm] ...",
 * whose image this is) rather than the shared library's. */
#define PLAT_CRASH_REGS(r, fmt, ...) \
	_uk_crash_regs(ukplat_name, r, fmt, ##__VA_ARGS__)

/*
 * For the crash report of a memory fault at `addr`: " (NULL pointer)",
 * " (stack overflow into the guard page of the boot stack)" and the like,
 * or "" when the address says nothing more.
 */
const char *plat_fault_hint(uintptr_t addr);

/*
 * ", called from 0x... (fn+0x...)" for a call that jumped to memory that
 * cannot run, when `ret` (the return address the call left) is in a
 * known function; otherwise "".
 */
const char *plat_fault_caller(uintptr_t ret);

#endif
