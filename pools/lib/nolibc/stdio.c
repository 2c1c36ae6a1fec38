/* SPDX-License-Identifier: MIT */
/*
 * stdout and stderr write to the console (stderr as its error stream, which
 * linuxu keeps apart as the host's stderr). Each call formats into a small
 * stack buffer that is flushed when full and at the end of the call, so a
 * printf reaches the console as few writes as possible and nothing is left
 * pending in a global buffer when the guest stops.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <uk/console.h>
#include "fmt.h"

struct __nolibc_file {
	int fd;
};

static struct __nolibc_file files[3] = { { 0 }, { 1 }, { 2 } };
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

struct stream_buf {
	FILE *f;
	size_t used;
	char data[128];
};

/* stdin is not written to; stderr is the console's error stream. */
static void file_write(FILE *f, const char *buf, size_t len)
{
	if (f->fd == 2)
		uk_console_write_err(buf, len);
	else if (f->fd != 0)
		uk_console_write(buf, len);
}

static void stream_flush(struct stream_buf *b)
{
	if (b->used)
		file_write(b->f, b->data, b->used);
	b->used = 0;
}

static void stream_sink(void *ctx, const char *s, size_t n)
{
	struct stream_buf *b = ctx;

	while (n) {
		size_t k = sizeof(b->data) - b->used;

		if (k > n)
			k = n;
		memcpy(b->data + b->used, s, k);
		b->used += k;
		s += k;
		n -= k;
		if (b->used == sizeof(b->data))
			stream_flush(b);
	}
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct stream_buf b;
	int n;

	b.f = f;
	b.used = 0;
	n = nolibc_vfmt(stream_sink, &b, fmt, ap);
	stream_flush(&b);
	return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

struct string_buf {
	char *p;
	size_t left;   /* room for characters, the terminator excluded */
};

static void string_sink(void *ctx, const char *s, size_t n)
{
	struct string_buf *b = ctx;
	size_t k = n < b->left ? n : b->left;

	memcpy(b->p, s, k);
	b->p += k;
	b->left -= k;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct string_buf b = { buf, size ? size - 1 : 0 };
	int n = nolibc_vfmt(string_sink, &b, fmt, ap);

	if (size)
		*b.p = '\0';
	return n;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

size_t fwrite(const void *restrict p, size_t size, size_t n,
	      FILE *restrict f)
{
	if (f->fd == 0)
		return 0;
	file_write(f, p, size * n);
	return n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t len = strlen(s);

	return fwrite(s, 1, len, f) == len ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF)
		return EOF;
	return fputc('\n', stdout) == EOF ? EOF : 0;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? (unsigned char)c : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fflush(FILE *f)
{
	return 0;   /* nothing is ever buffered across calls */
}

int fgetc(FILE *f)
{
	return EOF; /* no console input yet */
}

int getchar(void)
{
	return EOF;
}

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, msg);
	else
		fprintf(stderr, "%s\n", msg);
}
