/* SPDX-License-Identifier: MIT */
/*
 * The printf formatting engine, shared by the whole printf family. It
 * emits through a sink callback so that the same code fills a buffer
 * (snprintf) or streams to the console (printf) without a heap.
 *
 * Supported: flags "-+ #0", width and precision (also "*"), length
 * modifiers hh h l ll z j t, conversions d i u o x X c s p %.
 * No floating point yet.
 */
#include "fmt.h"
#include <stdint.h>
#include <string.h>

#define F_LEFT   0x01
#define F_PLUS   0x02
#define F_SPACE  0x04
#define F_ALT    0x08
#define F_ZERO   0x10
#define F_UPPER  0x20

struct out {
	nolibc_sink_t sink;
	void *ctx;
	int count;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += n;
	}
}

static void pad(struct out *o, char c, int n)
{
	char buf[16];

	memset(buf, c, sizeof(buf));
	while (n > 0) {
		int k = n < (int)sizeof(buf) ? n : (int)sizeof(buf);

		put(o, buf, k);
		n -= k;
	}
}

/* Formats one integer with all the padding rules of printf. */
static void emit_int(struct out *o, uintmax_t v, int neg, unsigned base,
		     int flags, int width, int prec)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF"
					       : "0123456789abcdef";
	char buf[24];
	char prefix[3];
	int plen = 0, len = 0, zeros;
	int nonzero = v != 0;

	while (v) {
		buf[sizeof(buf) - ++len] = digits[v % base];
		v /= base;
	}
	/* "%.0d" of 0 prints nothing; otherwise at least one digit. */
	if (len == 0 && prec != 0)
		buf[sizeof(buf) - ++len] = '0';

	if (neg)
		prefix[plen++] = '-';
	else if (flags & F_PLUS)
		prefix[plen++] = '+';
	else if (flags & F_SPACE)
		prefix[plen++] = ' ';
	if ((flags & F_ALT) && base == 16 && nonzero) {
		prefix[plen++] = '0';
		prefix[plen++] = (flags & F_UPPER) ? 'X' : 'x';
	}
	if ((flags & F_ALT) && base == 8 && buf[sizeof(buf) - len] != '0' &&
	    prec <= len)
		prec = len + 1;

	zeros = prec > len ? prec - len : 0;
	if (prec < 0 && (flags & F_ZERO) && !(flags & F_LEFT) &&
	    width > plen + len)
		zeros = width - plen - len;

	width -= plen + zeros + len;
	if (!(flags & F_LEFT))
		pad(o, ' ', width);
	put(o, prefix, plen);
	pad(o, '0', zeros);
	put(o, buf + sizeof(buf) - len, len);
	if (flags & F_LEFT)
		pad(o, ' ', width);
}

static void emit_str(struct out *o, const char *s, int flags, int width,
		     int prec)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = prec >= 0 ? strnlen(s, prec) : strlen(s);
	width -= (int)len;
	if (!(flags & F_LEFT))
		pad(o, ' ', width);
	put(o, s, len);
	if (flags & F_LEFT)
		pad(o, ' ', width);
}

int nolibc_vfmt(nolibc_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *lit = fmt;
		int flags = 0, width = 0, prec = -1, lng = 0;
		uintmax_t uv;
		intmax_t sv;
		char c;

		while (*fmt && *fmt != '%')
			fmt++;
		put(&o, lit, fmt - lit);
		if (!*fmt)
			break;
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')      flags |= F_LEFT;
			else if (*fmt == '+') flags |= F_PLUS;
			else if (*fmt == ' ') flags |= F_SPACE;
			else if (*fmt == '#') flags |= F_ALT;
			else if (*fmt == '0') flags |= F_ZERO;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long, 2 long long / intmax */
		for (;; fmt++) {
			if (*fmt == 'h')      lng--;
			else if (*fmt == 'l') lng++;
			else if (*fmt == 'z' || *fmt == 't') lng = 1;
			else if (*fmt == 'j') lng = 2;
			else break;
		}

		switch ((c = *fmt++)) {
		case 'd':
		case 'i':
			if (lng >= 2)      sv = va_arg(args, long long);
			else if (lng == 1) sv = va_arg(args, long);
			else               sv = va_arg(args, int);
			if (lng == -1)     sv = (short)sv;
			else if (lng <= -2) sv = (signed char)sv;
			emit_int(&o, sv < 0 ? -(uintmax_t)sv : (uintmax_t)sv,
				 sv < 0, 10, flags, width, prec);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2)      uv = va_arg(args, unsigned long long);
			else if (lng == 1) uv = va_arg(args, unsigned long);
			else               uv = va_arg(args, unsigned int);
			if (lng == -1)     uv = (unsigned short)uv;
			else if (lng <= -2) uv = (unsigned char)uv;
			if (c == 'X')
				flags |= F_UPPER;
			emit_int(&o, uv, 0, c == 'u' ? 10 : c == 'o' ? 8 : 16,
				 flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'p':
			uv = (uintptr_t)va_arg(args, void *);
			emit_int(&o, uv, 0, 16, flags | F_ALT, width, prec);
			break;
		case 'c': {
			char ch = (char)va_arg(args, int);

			flags &= F_LEFT;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, &ch, 1);
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		}
		case 's':
			emit_str(&o, va_arg(args, const char *), flags, width,
				 prec);
			break;
		case '%':
			put(&o, "%", 1);
			break;
		case '\0':
			fmt--;  /* lone '%' at the end: print nothing more */
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			put(&o, fmt - 2, 2);
			break;
		}
	}
	va_end(args);
	return o.count;
}
