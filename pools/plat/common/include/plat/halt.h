/* SPDX-License-Identifier: MIT */
/*
 * For platforms only: the end of an image on a machine where nothing
 * carries the exit status to anyone (baremetal, rpi3, malta, xen). The
 * status is then the last line the image writes, on every console:
 *
 *   <ukplat_name>: <how>, status S
 *
 * S is what main returned (& 0xff), or PLAT_EXIT_CRASH after a crash
 * report. "ukconfig run" reads that line; the platform says in <how>
 * which end it was ("halt", "crash"; xen: "shutdown poweroff", ...) and
 * powers off afterwards in its own way.
 */
#ifndef PLAT_HALT_H
#define PLAT_HALT_H

#include <uk/essentials.h>

/* A crash's status: also what main returning 255 or -1 gives. */
#define PLAT_EXIT_CRASH 255

/* Turns interrupts off, then writes the status line. */
void plat_halt_status(const char *how, int status);

/*
 * The platform's end, for ukplat_halt() (status: main's & 0xff, crashed
 * 0) and ukplat_crash() (PLAT_EXIT_CRASH, 1), which halt.c defines once:
 * the status line through plat_halt_status(), then the machine's own
 * power off or reset.
 */
void plat_power_off(int status, int crashed) __noreturn;

#endif
