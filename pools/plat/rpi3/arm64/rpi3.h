/* SPDX-License-Identifier: MIT */
/* The BCM2837 as the rpi3 platform sees it (ARM physical addresses). */
#ifndef RPI3_H
#define RPI3_H

#include <uk/essentials.h>

/* The SoC's peripherals (bus address 0x7e000000) up to 0x40000000: with
 * PAGING, device memory from here (UKPLAT_ARM64_DEVICES_START). */
#define RPI3_PERIPHERALS   0x3f000000ul
#define RPI3_UART0         0x3f201000ul   /* PL011 */
#define RPI3_MAILBOX       0x3f00b880ul
#define RPI3_PM            0x3f100000ul   /* power management, watchdog */
/* The BCM2836 "ARM control" block: the per-core local controller. */
#define RPI3_LOCAL_CONTROL 0x40000000ul

/*
 * The ARM's share of the RAM (the rest, up to the peripherals, is the
 * GPU's) from the firmware's property mailbox: 0, or -EIO when it did not
 * answer.
 */
int rpi3_arm_memory(uint32_t *base, uint32_t *size);

#endif
