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
