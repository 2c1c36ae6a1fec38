/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

/*
 * Parses the magnitude for the whole strto* family; *neg tells the sign.
 * Saturates at `limit` (already adjusted for the sign by the caller) and
 * sets ERANGE, as C requires.
 */
static unsigned long long parse(const char *s, char **end, int base,
				int *neg, unsigned long long limit)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0, overflow = 0;

	while (isspace((unsigned char)*p))
		p++;
	*neg = 0;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (isalpha((unsigned char)*p))
			d = (*p | 32) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (limit - d) / base)
			overflow = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (overflow) {
		errno = ERANGE;
		return limit;
	}
	return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg;
	unsigned long long v;
	const char *p = s;

	/* Peek at the sign to know how far the magnitude may go. */
	while (isspace((unsigned char)*p))
		p++;
	v = parse(s, end, base, &neg,
		  *p == '-' ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX);
	return neg ? (long long)-v : (long long)v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	int neg;
	unsigned long long v = parse(s, end, base, &neg, ULLONG_MAX);

	return neg ? -v : v;
}

/* Narrower results saturate too (long is 32-bit on a future arm32). */
long strtol(const char *restrict s, char **restrict end, int base)
{
	long long v = strtoll(s, end, base);

	if (v > LONG_MAX || v < LONG_MIN) {
		errno = ERANGE;
		return v > 0 ? LONG_MAX : LONG_MIN;
	}
	return (long)v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	unsigned long long v = strtoull(s, end, base);

	if (v > ULONG_MAX) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return (unsigned long)v;
}

int atoi(const char *s)  { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }
