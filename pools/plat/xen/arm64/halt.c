/* SPDX-License-Identifier: MIT */
/*
 * Power off: print the final status line, then shut the domain down with
 * the SCHEDOP_shutdown hypercall (xen/include/public/sched.h).
 *
 * Xen keeps a domU's shutdown reason to itself: a dom0less machine prints
 * nothing when a domU stops, and nobody collects a status. So the status
 * goes on the console first, as the last line the guest writes:
 *
 *   xen: shutdown poweroff, status S     main returned S (S = status & 0xff)
 *   xen: shutdown crash, status 255      crash (after the crash report)
 *
 * which is what "ukconfig run" reads (plat/halt.h; the numbers match
 * kvm-arm64's).
 * The reason given to Xen is poweroff after main, crash after a crash.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <plat/arm64.h>
#include <plat/halt.h>
#include "hypercall.h"

void plat_power_off(int status, int crashed)
{
	/* struct sched_shutdown */
	static uint32_t shutdown_reason __attribute__((aligned(64)));

	plat_halt_status(crashed ? "shutdown crash" : "shutdown poweroff",
			 status);

	shutdown_reason = crashed ? XEN_SHUTDOWN_crash : XEN_SHUTDOWN_poweroff;
	plat_arm64_dcache_sync(&shutdown_reason, sizeof(shutdown_reason));
	xen_hypercall3(XEN_HYPERCALL_sched_op, XEN_SCHEDOP_shutdown,
		       (unsigned long)&shutdown_reason, 0);
	/* Not reached: Xen pauses the vCPU for good. */
	for (;;)
		ukarch_halt();
}
