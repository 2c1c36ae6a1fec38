/* SPDX-License-Identifier: MIT */
/* Finding a registered driver for a device (uk/driver.h). */
#include <uk/driver.h>
#include <string.h>
#include <errno.h>

/*
 * Both lookups below are written out in full in each function: they run
 * on the path to main, where under QEMU TCG every function entered and
 * left costs boot time (each new block of code is translated).
 */
static __always_inline bool handles(const struct uk_driver *drv,
				    const char *compatible)
{
	const char *const *c;

	/* The linker merges equal string literals, so a platform that
	 * names a device with a literal matches without entering strcmp. */
	for (c = drv->compatible; *c; c++)
		if (*c == compatible || !strcmp(*c, compatible))
			return true;
	return false;
}

static __always_inline const struct uk_driver *
match(unsigned int subsystem, const char *compatible, size_t compatible_len)
{
	const char *s, *end = compatible + compatible_len;
	const struct uk_driver *drv;

	/* The device's strings in order: the most specific match wins. */
	for (s = compatible; s < end; s += strnlen(s, end - s) + 1)
		for (drv = __uk_drivertab_start; drv < __uk_drivertab_end;
		     drv++)
			if (drv->subsystem == subsystem && handles(drv, s))
				return drv;
	return NULL;
}

const struct uk_driver *uk_driver_find(unsigned int subsystem,
				       const char *compatible,
				       size_t compatible_len)
{
	return match(subsystem, compatible, compatible_len);
}

int uk_driver_probe(unsigned int subsystem, const struct uk_device *dev)
{
	const struct uk_driver *drv =
		match(subsystem, dev->compatible, dev->compatible_len);

	return drv ? drv->probe(dev) : -ENODEV;
}
