/* SPDX-License-Identifier: MIT */
/*
 * lwIP's port header (lwip/arch.h includes it): how lwIP prints, stops
 * on a failed assertion, and what the C library offers. Works with
 * nolibc and with musl; x86_64 and arm64 are both little-endian, lwIP's
 * default byte order.
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stdio.h>
#include <stdlib.h>

#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) do {					\
		printf("lwip: assertion \"%s\" failed at %s:%d\n",	\
		       x, __FILE__, __LINE__);				\
		abort();						\
	} while (0)

/*
 * printf formats of lwIP's integer types, for its debug messages (lwIP
 * builds them from <inttypes.h>'s PRI macros, which nolibc lacks).
 */
#define X8_F  "02x"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/*
 * Random numbers (DNS query IDs and source ports): ukrandom's best
 * source, netif.c.
 */
unsigned int uk_lwip_rand(void);
#define LWIP_RAND() uk_lwip_rand()

/* Error numbers are the C library's (lwip/errno.h). */
#define LWIP_ERRNO_STDINCLUDE 1

#endif /* LWIP_ARCH_CC_H */
