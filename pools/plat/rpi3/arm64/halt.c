/* SPDX-License-Identifier: MIT */
/*
 * Power off on a Raspberry Pi 3. Nothing carries a status off the board
 * (QEMU raspi3b has no PSCI and no exit device), so the status is the
 * last line the image writes:
 *
 *   rpi3: halt, status S      main returned S (S = status & 0xff)
 *   rpi3: crash, status 255   crash (after the crash report)
 *
 * which is what "ukconfig run" reads (plat/halt.h; the numbers match
 * kvm-arm64's).
 * Then the board resets through the power-management block's watchdog
 * (PM_RSTC full reset, as Linux's bcm2835-wdt restarts it), after 1000
 * watchdog ticks of 16 us, time for the UART to send the line: QEMU started
 * with -no-reboot exits there; a real board reboots. Should the reset not
 * come, the core stops with interrupts off.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <plat/halt.h>
#include "rpi3.h"

#define PM_RSTC             0x1c
#define PM_WDOG             0x24
#define PM_PASSWORD         0x5a000000u
#define PM_RSTC_WRCFG_MASK  0x00000030u
#define PM_RSTC_FULL_RESET  0x00000020u
#define PM_WDOG_TICKS       1000

void plat_power_off(int status, int crashed)
{
	volatile uint32_t *pm = (volatile uint32_t *)RPI3_PM;

	plat_halt_status(crashed ? "crash" : "halt", status);
	pm[PM_WDOG / 4] = PM_PASSWORD | PM_WDOG_TICKS;
	pm[PM_RSTC / 4] = PM_PASSWORD |
			  (pm[PM_RSTC / 4] & ~PM_RSTC_WRCFG_MASK) |
			  PM_RSTC_FULL_RESET;
	for (;;)
		ukarch_halt();
}
