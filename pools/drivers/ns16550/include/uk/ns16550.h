/* SPDX-License-Identifier: MIT */
#ifndef UK_NS16550_H
#define UK_NS16550_H

#include <uk/essentials.h>

/*
 * Programs the 16550 UART at I/O port `port` (8N1, 115200 baud, FIFOs on)
 * and registers it as a console. Called by the platform before the boot
 * library runs; uses no heap.
 */
void ns16550_console_init(uint16_t port);

#endif
