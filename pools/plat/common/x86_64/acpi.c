/* SPDX-License-Identifier: MIT */
/*
 * The Fixed ACPI Description Table gives the PM timer port (a fixed
 * 3.579545 MHz clock, used to measure the TSC frequency when CPUID does
 * not report it) and the PM1a control port (a shutdown path when
 * isa-debug-exit is absent). Read on first use, never on the way to main.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/acpi.h>
#include <string.h>
#include <plat/x86_64.h>

static struct plat_x86_acpi acpi;
static bool acpi_read;

/* Byte offsets of the FADT fields used here. */
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM_TMR_BLK   76
#define FADT_FLAGS        112
#define FADT_TMR_VAL_EXT  (1u << 8)

static uint32_t read32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void read_fadt(void)
{
	const struct ukacpi_sdt_header *fadt = ukacpi_find("FACP");
	const uint8_t *f = (const uint8_t *)fadt;

	if (!fadt)
		return;
	if (fadt->length >= FADT_PM_TMR_BLK + 4)
		acpi.pm_tmr_port = read32(f + FADT_PM_TMR_BLK);
	if (fadt->length >= FADT_PM1A_CNT_BLK + 4)
		acpi.pm1a_cnt_port = read32(f + FADT_PM1A_CNT_BLK);
	if (fadt->length >= FADT_FLAGS + 4)
		acpi.pm_tmr_32bit =
			!!(read32(f + FADT_FLAGS) & FADT_TMR_VAL_EXT);
	uk_pr_debug("acpi: pm timer %#x, pm1a_cnt %#x\n",
		    acpi.pm_tmr_port, acpi.pm1a_cnt_port);
}

const struct plat_x86_acpi *plat_x86_acpi_get(void)
{
	if (!acpi_read) {
		acpi_read = true;
		read_fadt();
	}
	return &acpi;
}
