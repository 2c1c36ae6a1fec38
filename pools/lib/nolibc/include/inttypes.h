/* SPDX-License-Identifier: MIT */
#ifndef _INTTYPES_H
#define _INTTYPES_H

#include <stdint.h>

#if __LP64__
#define __PRI64 "l"
#else
#define __PRI64 "ll"
#endif
#define PRId64 __PRI64 "d"
#define PRIi64 __PRI64 "i"
#define PRIu64 __PRI64 "u"
#define PRIx64 __PRI64 "x"
#define PRIX64 __PRI64 "X"
#define PRId32 "d"
#define PRIu32 "u"
#define PRIx32 "x"
#define PRIxPTR "lx"
#define PRIuPTR "lu"

#endif /* _INTTYPES_H */
