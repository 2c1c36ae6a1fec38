/* SPDX-License-Identifier: MIT */
/*
 * The end of the image. The Malta board has no device that carries a
 * status to anyone, so the status is the last line the guest writes:
 *
 *   malta: halt, status S      main returned S (S = status & 0xff)
 *   malta: crash, status 255   crash (after the crash report)
 *
 * which is what "ukconfig run" reads (plat/halt.h; the numbers match
 * baremetal's and xen's). Then the board resets through the FPGA's
 * software reset register (writing 0x42 to SOFTRES, 0x1f000500): QEMU
 * under -no-reboot exits on a reset. Should that do nothing, the CPU
 * waits forever with interrupts off.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <plat/halt.h>

#define MALTA_SOFTRES     0xbf000500u   /* KSEG1 | 0x1f000500 */
#define MALTA_GORESET     0x42

void plat_power_off(int status, int crashed)
{
	plat_halt_status(crashed ? "crash" : "halt", status);
	*(volatile uint32_t *)MALTA_SOFTRES = MALTA_GORESET;
	for (;;)
		ukarch_halt();
}
