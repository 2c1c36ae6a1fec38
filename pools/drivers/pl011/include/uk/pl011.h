/* SPDX-License-Identifier: MIT */
#ifndef UK_PL011_H
#define UK_PL011_H

#include <uk/essentials.h>

/*
 * Programs the PL011 UART at physical address `base` (8N1, FIFOs on) and
 * registers it as a console. Called by the platform before the boot
 * library runs; uses no heap.
 */
void pl011_console_init(uintptr_t base);

#endif
