/* SPDX-License-Identifier: MIT */
/*
 * Just enough ACPI (specification 6.x, chapter 5.2) to find the Fixed ACPI
 * Description Table: it gives the PM timer port (a fixed 3.579545 MHz
 * clock, used to measure the TSC frequency when CPUID does not report it)
 * and the PM1a control port (a shutdown path when isa-debug-exit is
 * absent). No AML is interpreted.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <string.h>
#include "x86.h"

static struct kvm_x86_acpi acpi;
static uintptr_t rsdp_hint;
static bool acpi_read;

struct rsdp {
	char signature[8];      /* "RSD PTR " */
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;       /* 0: ACPI 1.0, 2: ACPI 2.0+ */
	uint32_t rsdt_address;
	uint32_t length;        /* revision >= 2 from here on */
	uint64_t xsdt_address;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __packed;

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/* Byte offsets of the FADT fields used here. */
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM_TMR_BLK   76
#define FADT_FLAGS        112
#define FADT_TMR_VAL_EXT  (1u << 8)

static uint8_t sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (len--)
		s += *b++;
	return s;
}

/* The RSDP lives on a 16-byte boundary in the BIOS area (5.2.5.1). */
static const struct rsdp *find_rsdp(void)
{
	uintptr_t a;

	for (a = 0xE0000; a < 0x100000; a += 16) {
		const struct rsdp *r = (const struct rsdp *)a;

		if (!memcmp(r->signature, "RSD PTR ", 8) && !sum(r, 20))
			return r;
	}
	return NULL;
}

static uint32_t read32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static const struct sdt_header *find_table(const struct rsdp *r,
					   const char *sig)
{
	const struct sdt_header *root;
	int entry_size, i, n;

	if (r->revision >= 2 && r->xsdt_address) {
		root = (const void *)(uintptr_t)r->xsdt_address;
		entry_size = 8;
	} else {
		root = (const void *)(uintptr_t)r->rsdt_address;
		entry_size = 4;
	}
	if (!root || sum(root, root->length))
		return NULL;
	n = (root->length - sizeof(*root)) / entry_size;
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry_size;
		/* Tables sit below 4 GiB here, the upper XSDT half is 0. */
		const struct sdt_header *t =
			(const void *)(uintptr_t)read32(e);

		if (t && !memcmp(t->signature, sig, 4) && !sum(t, t->length))
			return t;
	}
	return NULL;
}

void kvm_x86_acpi_set_rsdp(uintptr_t rsdp)
{
	rsdp_hint = rsdp;
}

static void read_fadt(void)
{
	const struct rsdp *r = rsdp_hint ? (const void *)rsdp_hint
					 : find_rsdp();
	const struct sdt_header *fadt;
	const uint8_t *f;

	if (!r)
		return;
	fadt = find_table(r, "FACP");
	if (!fadt)
		return;
	f = (const uint8_t *)fadt;
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

const struct kvm_x86_acpi *kvm_x86_acpi_get(void)
{
	if (!acpi_read) {
		acpi_read = true;
		read_fadt();
	}
	return &acpi;
}
