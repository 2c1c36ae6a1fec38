/* SPDX-License-Identifier: MIT */
/*
 * What every platform shares (pools/plat/common): the memory-region
 * table, the entry tick stamp, the architecture name, and the driver table
 * with its matching rule (the device's most specific compatible string
 * wins), tried with two drivers registered here.
 */
#include <string.h>
#include <errno.h>
#include <uk/plat.h>
#include <uk/driver.h>
#include "check.h"

static uintptr_t probed_base;

static int probe_a(const struct uk_device *dev)
{
	probed_base = dev->base;
	return 0;
}

static int probe_b(const struct uk_device *dev)
{
	return -EIO;
}

static const char *const compatible_a[] = { "selftest,a", NULL };
static const char *const compatible_b[] = { "selftest,b", "selftest,generic", NULL };
UK_DRIVER(selftest_a, UK_DRIVER_UART, compatible_a, probe_a);
UK_DRIVER(selftest_b, UK_DRIVER_UART, compatible_b, probe_b);

/* A device-tree style compatible value: strings with their NULs. */
#define DEVICE(compat, addr) \
	((struct uk_device){ .compatible = compat, \
			     .compatible_len = sizeof(compat), .base = addr })

static const char *found(const char *compat, size_t len)
{
	const struct uk_driver *drv = uk_driver_find(UK_DRIVER_UART, compat, len);

	return drv ? drv->name : "none";
}
#define FOUND(compat) found(compat, sizeof(compat))

static void test_drivers(void)
{
	struct uk_device dev_a = DEVICE("vendor,unknown\0selftest,a", 0x1234);
	struct uk_device dev_b = DEVICE("selftest,generic", 0);
	struct uk_device nothing = DEVICE("vendor,unknown", 0);
	/* Not a literal the linker could merge with the driver's: the
	 * strings are compared, as for a device tree's. */
	char copy[] = "vendor,unknown\0selftest,generic";

	/* Table order is a, b: the device's order decides, not the table's. */
	CHECK_STR(FOUND("selftest,b\0selftest,a"), "selftest_b");
	CHECK_STR(FOUND("selftest,a\0selftest,b"), "selftest_a");
	CHECK_STR(FOUND("selftest,generic"), "selftest_b");
	CHECK_STR(found(copy, sizeof(copy)), "selftest_b");
	copy[sizeof(copy) - 2] = 'X';
	CHECK_STR(found(copy, sizeof(copy)), "none");
	CHECK_STR(FOUND("selftest"), "none");
	/* A length that cuts the value short hides what follows. */
	CHECK_STR(found("x\0selftest,a", 2), "none");

	CHECK(uk_driver_probe(UK_DRIVER_UART, &dev_a) == 0 &&
	      probed_base == 0x1234);
	CHECK(uk_driver_probe(UK_DRIVER_UART, &dev_b) == -EIO);
	CHECK(uk_driver_probe(UK_DRIVER_UART, &nothing) == -ENODEV);
#if CONFIG_LIBNS16550
	/* The platform probed COM1 at boot: the console driver is taken. */
	{
		struct uk_device com1 = DEVICE("ns16550a", 0x3f8);

		com1.flags = UK_DEVICE_IOPORT;
		CHECK_STR(FOUND("ns16550a"), "ns16550");
		CHECK(uk_driver_probe(UK_DRIVER_UART, &com1) == -EBUSY);
	}
#endif
#if CONFIG_LIBPL011
	CHECK_STR(FOUND("arm,pl011\0arm,primecell"), "pl011");
#endif
}

static void test_memregions(void)
{
	struct ukplat_memregion mr, prev = { 0 };
	int i, n = ukplat_memregion_count(), free_regions = 0, holds_code = 0;
	uintptr_t code = (uintptr_t)test_memregions;

	CHECK(n >= 2);
	for (i = 0; i < n; i++) {
		CHECK(ukplat_memregion_get(i, &mr) == 0);
		/* Sorted by base, never overlapping. */
		CHECK(i == 0 || prev.base + prev.len <= mr.base);
		if (mr.flags & UKPLAT_MEMRF_FREE)
			free_regions++;
		if ((mr.flags & UKPLAT_MEMRF_KERNEL) && mr.base <= code &&
		    code < mr.base + mr.len)
			holds_code++;
		prev = mr;
	}
	CHECK(ukplat_memregion_get(n, &mr) == -1);
	CHECK(ukplat_memregion_get(-1, &mr) == -1);
	CHECK(free_regions >= 1);
	CHECK(holds_code == 1);
}

void test_plat(void)
{
	uint64_t entry = ukplat_ticks_at_entry();

	test_drivers();
	test_memregions();
	CHECK(entry != 0 && entry < ukplat_ticks());
#if defined(__x86_64__)
	CHECK_STR(ukplat_arch, "x86_64");
#elif defined(__aarch64__)
	CHECK_STR(ukplat_arch, "arm64");
#elif defined(__arm__)
	CHECK_STR(ukplat_arch, "arm32");
#elif defined(__mips__)
	CHECK_STR(ukplat_arch, "mips");
#endif
}
