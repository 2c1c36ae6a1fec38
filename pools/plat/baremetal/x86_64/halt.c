/* SPDX-License-Identifier: MIT */
/*
 * Power off on a PC. Nothing on a PC carries a status to anyone, so the
 * status is the last line the guest writes, on every console:
 *
 *   baremetal: halt, status S      main returned S (S = status & 0xff)
 *   baremetal: crash, status 255   crash (after the crash report)
 *
 * which is what "ukconfig run" reads (plat/halt.h; the numbers match
 * xen's and kvm-arm64's). With BAREMETAL_DEBUG_EXIT the status also goes
 * to QEMU's isa-debug-exit, encoded as kvm-x86_64 does. Then ACPI S5
 * through the FADT's PM1a control port; with the SLP_TYP of QEMU's \_S5
 * (0): a real PC's \_S5 value is in its DSDT's AML, which the image does
 * not interpret, so there the write may do nothing. Last, the CPU stops
 * with interrupts off: no reset, which would boot the image again.
 */
#include <uk/plat.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <plat/halt.h>
#include <plat/x86_64.h>

#define PM1_SLP_EN     (1u << 13)
#define PM1_SLP_TYP_S5 (0u << 10)   /* QEMU's \_S5 package is {0, 0} */

#if CONFIG_BAREMETAL_DEBUG_EXIT
#define DEBUG_EXIT_PORT 0xf4
/* kvm-x86_64's encoding (plat/kvm/x86_64/halt.c, native/README.md). */
static uint8_t debug_exit_value(int status, int crashed)
{
	if (crashed)
		return 127;
	return status <= 124 ? status + 1 : 126;
}
#endif

void plat_power_off(int status, int crashed)
{
	plat_halt_status(crashed ? "crash" : "halt", status);
#if CONFIG_BAREMETAL_DEBUG_EXIT
	outb(DEBUG_EXIT_PORT, debug_exit_value(status, crashed));
#endif
	if (plat_x86_acpi_get()->pm1a_cnt_port)
		outw(plat_x86_acpi_get()->pm1a_cnt_port,
		     PM1_SLP_EN | PM1_SLP_TYP_S5);
	for (;;)
		ukarch_halt();
}
