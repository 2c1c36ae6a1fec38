/* SPDX-License-Identifier: MIT */
/*
 * For platforms only: the arm64 guest booted as a Linux arm64 Image with a
 * device tree (plat/common/arm64, option UKPLAT_ARM64_IMAGE), shared by
 * the kvm and xen platforms. The shared part is the Image header and
 * entry, the exception vectors and crash reports, the device-tree reading
 * (memory, UART, command line, PSCI conduit, interrupt controller, timer,
 * real-time clock) and the generic-timer ticks. A platform adds what
 * differs: the items below, ukplat_name, ukplat_halt and ukplat_crash.
 */
#ifndef PLAT_ARM64_H
#define PLAT_ARM64_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

/* ---- provided by the platform ---------------------------------------- */

/* The boot stack (in section .bss.boot) and its size in bytes. */
extern char plat_arm64_boot_stack[];
extern const size_t plat_arm64_boot_stack_size;

/*
 * Registers a console when the device tree names no UART the image has a
 * driver for (or there is no valid tree): the platform's usual one.
 */
void plat_arm64_console_default(void);

/* Keeps /chosen/bootargs (len bytes at most, NULL if absent). */
char *plat_arm64_cmdline_save(const char *bootargs, size_t len);

/*
 * Called first for a synchronous exception taken from EL1: a platform may
 * take over a trap that is not a fault of the guest (kvm: a semihosting
 * call QEMU did not accept). Returns when it does not.
 */
void plat_arm64_trap_check(const struct ukarch_regs *r);

/* ---- provided by plat/common/arm64 ----------------------------------- */

/* PSCI conduit from /psci "method": true for "smc", false for "hvc". */
extern bool plat_arm64_psci_smc;

#endif
