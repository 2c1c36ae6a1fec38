/* SPDX-License-Identifier: MIT */
/*
 * Library parameters: a word "lib.name=value" sets the variable declared
 * with UK_LIBPARAM (uk/libparam.h). Which words are parameters is the boot
 * library's business (those before "--").
 */
#include <uk/libparam.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>

static const struct uk_libparam *find(const char *word, size_t namelen)
{
	const struct uk_libparam *p;

	for (p = __uk_libparams_start; p < __uk_libparams_end; p++) {
		size_t liblen = strlen(p->libname);

		if (namelen == liblen + 1 + strlen(p->name) &&
		    !memcmp(word, p->libname, liblen) && word[liblen] == '.' &&
		    !memcmp(word + liblen + 1, p->name, namelen - liblen - 1))
			return p;
	}
	return NULL;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "1", "y", "yes", "true", "on" };
	static const char *const no[] = { "0", "n", "no", "false", "off" };
	unsigned i;

	for (i = 0; i < UK_ARRAY_SIZE(yes); i++) {
		if (!strcmp(v, yes[i]))
			return *out = 1, 0;
		if (!strcmp(v, no[i]))
			return *out = 0, 0;
	}
	return -EINVAL;
}

/* Stores v into an integer of `size` bytes if it fits. */
static int store_int(void *addr, unsigned size, int is_signed,
		     unsigned long long v)
{
	unsigned bits = size * 8;

	if (bits < 64) {
		if (is_signed) {
			long long s = (long long)v;
			long long lim = 1LL << (bits - 1);

			if (s < -lim || s >= lim)
				return -ERANGE;
		} else if (v >> bits) {
			return -ERANGE;
		}
	}
	switch (size) {
	case 1: *(uint8_t *)addr = v; break;
	case 2: *(uint16_t *)addr = v; break;
	case 4: *(uint32_t *)addr = v; break;
	case 8: *(uint64_t *)addr = v; break;
	default: return -EINVAL;
	}
	return 0;
}

static int apply(const struct uk_libparam *p, char *value)
{
	unsigned long long v;
	char *end;
	int b;

	switch (p->type) {
	case UK_LIBPARAM_T_BOOL:
		if (!value)  /* a bare "lib.flag" means true */
			b = 1;
		else if (parse_bool(value, &b))
			return -EINVAL;
		*(_Bool *)p->addr = b;
		return 0;
	case UK_LIBPARAM_T_STR:
		if (!value)
			return -EINVAL;
		*(char **)p->addr = value;
		return 0;
	case UK_LIBPARAM_T_INT:
	case UK_LIBPARAM_T_UINT:
		if (!value || !*value)
			return -EINVAL;
		errno = 0;
		if (p->type == UK_LIBPARAM_T_INT)
			v = (unsigned long long)strtoll(value, &end, 0);
		else
			v = strtoull(value, &end, 0);
		if (*end)
			return -EINVAL;
		if (errno)
			return -ERANGE;
		return store_int(p->addr, p->size,
				 p->type == UK_LIBPARAM_T_INT, v);
	}
	return -EINVAL;
}

int uk_libparam_set(char *word)
{
	char *eq = strchr(word, '=');
	size_t namelen = eq ? (size_t)(eq - word) : strlen(word);
	const struct uk_libparam *p = find(word, namelen);

	if (!p)
		return -ENOENT;
	return apply(p, eq ? eq + 1 : NULL);
}
