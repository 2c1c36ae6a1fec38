/* SPDX-License-Identifier: MIT */
/* Private to the linuxu platform. */
#ifndef LINUXU_H
#define LINUXU_H

#include <uk/essentials.h>

/* Registers standard output as a console. */
void linuxu_console_init(void);

#endif
