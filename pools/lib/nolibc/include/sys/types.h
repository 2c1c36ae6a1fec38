/* SPDX-License-Identifier: MIT */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;

#endif /* _SYS_TYPES_H */
