/* SPDX-License-Identifier: MIT */
/*
 * Power off carrying the exit status to the host.
 *
 * QEMU's isa-debug-exit device makes QEMU exit with (value << 1) | 1 when
 * `value` is written to its port. QEMU itself exits with 1 on its own
 * errors, so the guest never writes 0 and the host decodes:
 *
 *   host code 2*s + 3 (3, 5, ... 251)  main returned s, 0 <= s <= 124
 *   host code 253                      main returned s < 0 or s > 124
 *   host code 255                      crash (UK_CRASH, exception, abort)
 *   host code 1                        QEMU error (never the guest)
 *   host code 0                        guest powered off without the device
 *
 * Without the device (not configured on the QEMU command line) the guest
 * falls back to ACPI S5 through the PM1a control port, then to a triple
 * fault, which QEMU turns into an exit with code 0 under -no-reboot.
 */
#include <uk/plat.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <plat/x86_64.h>

#define STATUS_MAX_EXACT 124
#define VALUE_OUT_OF_RANGE 126
#define VALUE_CRASH 127

#define PM1_SLP_EN    (1u << 13)
#define PM1_SLP_TYP_S5 (0u << 10)   /* QEMU's \_S5 package is {0, 0} */

static void __noreturn power_off(uint8_t value)
{
	ukarch_irq_disable();
#if CONFIG_KVM_X86_DEBUG_EXIT
	outb(CONFIG_KVM_X86_DEBUG_EXIT_PORT, value);
#endif
	/* Still running: no debug-exit device. */
	if (plat_x86_acpi_get()->pm1a_cnt_port)
		outw(plat_x86_acpi_get()->pm1a_cnt_port,
		     PM1_SLP_EN | PM1_SLP_TYP_S5);

	/* Last resort: an empty IDT makes the next exception a triple
	 * fault, which resets (or, with -no-reboot, stops) the machine. */
	{
		struct {
			uint16_t limit;
			uint64_t base;
		} __packed none = { 0, 0 };

		__asm__ __volatile__("lidt %0; int3" :: "m"(none));
	}
	for (;;)
		ukarch_halt();
}

void ukplat_halt(int status)
{
	uint8_t value;

	if (status >= 0 && status <= STATUS_MAX_EXACT)
		value = status + 1;
	else
		value = VALUE_OUT_OF_RANGE;
	power_off(value);
}

void ukplat_crash(void)
{
	power_off(VALUE_CRASH);
}
