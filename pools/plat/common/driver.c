/* SPDX-License-Identifier: MIT */
/* Finding a registered driver for a device (uk/driver.h). */
#include <uk/driver.h>
#include <string.h>
#include <errno.h>

static bool handles(const struct uk_driver *drv, const char *compatible)
{
	const char *const *c;

	for (c = drv->compatible; *c; c++)
		if (!strcmp(*c, compatible))
			return true;
	return false;
}

const struct uk_driver *uk_driver_find(unsigned int subsystem,
				       const char *compatible,
				       size_t compatible_len)
{
	const char *s = compatible, *end = compatible + compatible_len;
	const struct uk_driver *drv;

	/* The device's strings in order: the most specific match wins. */
	for (; s < end; s += strnlen(s, end - s) + 1)
		for (drv = __uk_drivertab_start; drv < __uk_drivertab_end;
		     drv++)
			if (drv->subsystem == subsystem && handles(drv, s))
				return drv;
	return NULL;
}

int uk_driver_probe(unsigned int subsystem, const struct uk_device *dev)
{
	const struct uk_driver *drv =
		uk_driver_find(subsystem, dev->compatible, dev->compatible_len);

	return drv ? drv->probe(dev) : -ENODEV;
}
