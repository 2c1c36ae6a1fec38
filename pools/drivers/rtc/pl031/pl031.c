/* SPDX-License-Identifier: MIT */
/*
 * The Arm PrimeCell PL031 real-time clock as uktimer's wall-clock source:
 * its data register counts seconds since the Unix epoch (QEMU starts it
 * at the host's time). The platform probes it from its device-tree node.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/driver.h>
#include <uk/arch/mmio.h>
#include <errno.h>

#define RTCDR 0x000

static uintptr_t base;

static int pl031_read(uint64_t *ns)
{
	*ns = (uint64_t)mmio_read32(base + RTCDR) * UK_NSEC_PER_SEC;
	return 0;
}

static const struct uk_wallclock pl031 = {
	.name = "pl031",
	.read = pl031_read,
};

static int pl031_probe(const struct uk_device *dev)
{
	if (!dev->base)
		return -ENODEV;   /* a node without "reg" */
	base = dev->base;
	return uk_wallclock_register(&pl031);
}

static const char *const compatible[] = { "arm,pl031", NULL };
UK_DRIVER(pl031, UK_DRIVER_RTC, compatible, pl031_probe);
