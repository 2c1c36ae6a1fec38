/* SPDX-License-Identifier: MIT */
#ifndef POSIX_FDTAB_CONSOLE_H
#define POSIX_FDTAB_CONSOLE_H

#include <uk/file.h>

/* The console as a file object: what descriptors 0, 1 and 2 start as. */
extern struct uk_file posix_fdtab_console;

#endif
