/* SPDX-License-Identifier: MIT */
/* For platforms only: the tick stamp of the image's first instructions. */
#ifndef PLAT_TIME_H
#define PLAT_TIME_H

#include <uk/essentials.h>

/*
 * Written once by the platform's entry code with its first ukplat_ticks()
 * reading, read back by ukplat_ticks_at_entry(). It is in .bss: entry
 * code keeps the reading in registers until .bss is cleared.
 */
extern uint64_t plat_entry_ticks;

#endif
