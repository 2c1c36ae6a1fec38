/* SPDX-License-Identifier: MIT */
/* Finding a registered driver for a device (uk/driver.h). */
#include <uk/driver.h>
#include <string.h>

static bool handles(const struct uk_driver *drv, const char *compatible)
{
	const char *const *c;

	/*
	 * The linker merges equal string literals, so a platform that names
	 * a device with a literal finds its driver without entering strcmp
	 * (on the path to main, each new block of code costs boot time).
	 */
	for (c = drv->compatible; *c; c++)
		if (*c == compatible || !strcmp(*c, compatible))
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
