/* SPDX-License-Identifier: MIT */
/*
 * Finding ACPI tables (specification 6.x, chapter 5.2): the RSDP, then the
 * XSDT or RSDT, then a table by its signature. Tables are only located and
 * checksummed; interpreting them is the user's business. No AML.
 */
#ifndef UK_ACPI_H
#define UK_ACPI_H

#include <uk/essentials.h>

struct ukacpi_sdt_header {
	char signature[4];
	uint32_t length;        /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/* ---- MADT ("APIC", 5.2.12): interrupt controllers and CPUs --------------- */

struct ukacpi_madt {
	struct ukacpi_sdt_header h;
	uint32_t lapic_address;
	uint32_t flags;
	uint8_t entries[];      /* each: type, length, ... */
} __packed;

#define UKACPI_MADT_PCAT_COMPAT 0x1   /* flags: an 8259 pair is present */

#define UKACPI_MADT_LAPIC    0
#define UKACPI_MADT_IOAPIC   1
#define UKACPI_MADT_OVERRIDE 2
#define UKACPI_MADT_X2APIC   9

/* A CPU (its local APIC); x2APIC IDs above 254 come as UKACPI_MADT_X2APIC. */
struct ukacpi_madt_lapic {
	uint8_t type, length;
	uint8_t uid;
	uint8_t apic_id;
	uint32_t flags;
} __packed;

struct ukacpi_madt_x2apic {
	uint8_t type, length;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t uid;
} __packed;

#define UKACPI_MADT_CPU_ENABLED        0x1
#define UKACPI_MADT_CPU_ONLINE_CAPABLE 0x2

struct ukacpi_madt_ioapic {
	uint8_t type, length;
	uint8_t id, reserved;
	uint32_t address;
	uint32_t gsi_base;
} __packed;

/* An ISA line routed to another GSI or trigger mode. */
struct ukacpi_madt_override {
	uint8_t type, length;
	uint8_t bus, source;
	uint32_t gsi;
	uint16_t flags;         /* MPS INTI flags: polarity 1:0, trigger 3:2 */
} __packed;

/*
 * The MADT entry after `prev` (NULL: the first), or NULL after the last;
 * entries that would run past the table end the walk. Entries are not
 * aligned: copy one (memcpy) into its structure to read it.
 */
static inline const uint8_t *ukacpi_madt_next(const struct ukacpi_madt *m,
					      const uint8_t *prev)
{
	const uint8_t *end = (const uint8_t *)m + m->h.length;
	const uint8_t *p = prev ? prev + prev[1] : m->entries;

	return p + 2 <= end && p[1] >= 2 && p + p[1] <= end ? p : NULL;
}

/*
 * Records the RSDP address a loader handed over (PVH start info). Without
 * one, the first lookup searches the BIOS area for it. Cheap: nothing is
 * read before the first lookup.
 */
void ukacpi_set_rsdp(uintptr_t rsdp);

/*
 * The table with signature `sig` ("FACP", "APIC", ...) if its checksum is
 * right, else NULL (also when there is no ACPI at all).
 */
const struct ukacpi_sdt_header *ukacpi_find(const char *sig);

#endif /* UK_ACPI_H */
