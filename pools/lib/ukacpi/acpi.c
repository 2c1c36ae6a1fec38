/* SPDX-License-Identifier: MIT */
#include <uk/acpi.h>
#include <string.h>

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

#define RSDP_V1_LENGTH 20

static uintptr_t rsdp_addr;
static bool rsdp_searched;

static uint8_t sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (len--)
		s += *b++;
	return s;
}

void ukacpi_set_rsdp(uintptr_t rsdp)
{
	rsdp_addr = rsdp;
}

/* "RSD PTR " as one little-endian word: one compare per candidate. */
#define RSDP_SIGNATURE 0x2052545020445352ULL

static uintptr_t scan(uintptr_t from, uintptr_t to)
{
	uintptr_t a;

	for (a = from; a < to; a += 16)
		if (*(const uint64_t *)a == RSDP_SIGNATURE &&
		    !sum((const void *)a, RSDP_V1_LENGTH))
			return a;
	return 0;
}

/*
 * The RSDP lives on a 16-byte boundary in the BIOS area, 0xE0000-0xFFFFF
 * (5.2.5.1). Firmware (SeaBIOS) puts it in the upper half: look there
 * first, it halves the search under emulation.
 */
static const struct rsdp *find_rsdp(void)
{
	if (!rsdp_addr && !rsdp_searched) {
		rsdp_searched = true;
		rsdp_addr = scan(0xF0000, 0x100000);
		if (!rsdp_addr)
			rsdp_addr = scan(0xE0000, 0xF0000);
	}
	return (const struct rsdp *)rsdp_addr;
}

static uint32_t read32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

const struct ukacpi_sdt_header *ukacpi_find(const char *sig)
{
	const struct rsdp *r = find_rsdp();
	const struct ukacpi_sdt_header *root;
	int entry_size, i, n;

	if (!r)
		return NULL;
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
		const struct ukacpi_sdt_header *t =
			(const void *)(uintptr_t)read32(e);

		if (t && !memcmp(t->signature, sig, 4) && !sum(t, t->length))
			return t;
	}
	return NULL;
}
