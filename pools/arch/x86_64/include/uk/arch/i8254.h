/* SPDX-License-Identifier: MIT */
/*
 * The PC's 8254 programmable interval timer, channel 0: the ports, the
 * control words and a latched read. Every PC-compatible machine has one
 * (QEMU's microvm only with pit=on); the kvm platform measures the TSC
 * against it and drivers/timer/pit uses it as a timer.
 */
#ifndef UK_ARCH_I8254_H
#define UK_ARCH_I8254_H

#include <uk/arch/io.h>

#define I8254_HZ       1193182
#define I8254_CH0_DATA 0x40
#define I8254_CMD      0x43
/* Channel 0, low then high count byte, in `mode` (0: interrupt on
 * terminal count, 2: rate generator). */
#define I8254_CH0_LOHI(mode) (0x30 | (mode) << 1)
#define I8254_CH0_LATCH      0x00

/* Channel 0's count (counting down), latched so both bytes agree. */
static inline uint16_t i8254_read_ch0(void)
{
	uint8_t lo, hi;

	outb(I8254_CMD, I8254_CH0_LATCH);
	lo = inb(I8254_CH0_DATA);
	hi = inb(I8254_CH0_DATA);
	return (uint16_t)(hi << 8 | lo);
}

#endif /* UK_ARCH_I8254_H */
