/* SPDX-License-Identifier: MIT */
/* Private to nolibc: the formatting engine behind the printf family. */
#ifndef NOLIBC_FMT_H
#define NOLIBC_FMT_H

#include <stddef.h>
#include <stdarg.h>

typedef void (*nolibc_sink_t)(void *ctx, const char *s, size_t n);

/* Returns the number of characters produced. */
int nolibc_vfmt(nolibc_sink_t sink, void *ctx, const char *fmt, va_list ap);

#endif
