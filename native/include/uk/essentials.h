/* SPDX-License-Identifier: MIT */
/*
 * Compiler attributes and small helpers shared by every micro-library.
 * Nothing here may depend on a libc: only the compiler's freestanding
 * headers (stddef.h, stdint.h, stdbool.h, stdarg.h) are assumed.
 */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifndef __ASSEMBLY__

#define __used          __attribute__((used))
#define __unused        __attribute__((unused))
#define __maybe_unused  __attribute__((unused))
#define __noreturn      __attribute__((noreturn))
#define __packed        __attribute__((packed))
#define __weak          __attribute__((weak))
#define __aligned(x)    __attribute__((aligned(x)))
#define __section(s)    __attribute__((section(s)))
#define __printf(f, a)  __attribute__((format(printf, f, a)))
#define __noinline      __attribute__((noinline))
#define __always_inline inline __attribute__((always_inline))
#define __cold          __attribute__((cold))

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define UK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define UK_CONTAINER_OF(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Compile-time check usable at file scope. */
#define UK_CTASSERT(cond) _Static_assert(cond, #cond)

#endif /* !__ASSEMBLY__ */

/* Stringification that expands macros first (needed for section names). */
#define UK_XSTR(x) #x
#define UK_STR(x)  UK_XSTR(x)
#define UK_CONCAT_(a, b) a##b
#define UK_CONCAT(a, b)  UK_CONCAT_(a, b)

/* Power-of-two alignment; usable in assembly too (no casts). */
#define UK_ALIGN_UP(v, a)   (((v) + (a) - 1) & ~((a) - 1))
#define UK_ALIGN_DOWN(v, a) ((v) & ~((a) - 1))

/*
 * The build passes -D__LIBNAME__=<library> for every source; libraries use
 * it to tag their messages and their table entries.
 */
#ifndef __LIBNAME__
#define __LIBNAME__ unknown
#endif
#define UK_LIBNAME_STR UK_STR(__LIBNAME__)

#endif /* UK_ESSENTIALS_H */
