/* SPDX-License-Identifier: MIT */
/*
 * The VideoCore firmware's property interface, mailbox 0 channel 8 (the
 * Raspberry Pi firmware wiki's "Mailbox property interface"; QEMU models
 * it too): a message in RAM, 16-byte aligned, whose bus address goes to
 * the write register with the channel in its low 4 bits; the firmware
 * fills in the answers and puts the same word in the read register.
 */
#include <uk/arch/lcpu.h>
#include <plat/arm64.h>
#include <errno.h>
#include "rpi3.h"

#define MBOX_READ   0x00
#define MBOX_STATUS 0x18
#define MBOX_WRITE  0x20
#define MBOX_FULL   (1u << 31)
#define MBOX_EMPTY  (1u << 30)
#define CHANNEL_PROPERTY 8

#define CODE_REQUEST      0x00000000u
#define CODE_SUCCESS      0x80000000u
#define TAG_GET_ARM_MEMORY 0x00010005u
#define TAG_RESPONSE       0x80000000u

/* The GPU reads and writes RAM through its uncached alias: with the
 * caches on (PAGING) the message is synced to memory around the call. */
#define BUS_UNCACHED 0xc0000000u

/* Messages are one cache line at most, aligned to one. */
#define MBOX_MSG_SIZE 64

/* Bounds the wait for an answer: the firmware takes microseconds. */
#define MBOX_SPINS 10000000

static inline uint32_t mbox_rd(unsigned int off)
{
	return *(volatile uint32_t *)(RPI3_MAILBOX + off);
}

/* Sends the message `msg` and waits for the firmware's answer. */
static int mbox_call(volatile uint32_t *msg)
{
	uint32_t word = ((uint32_t)(uintptr_t)msg | BUS_UNCACHED) |
			CHANNEL_PROPERTY;
	long spins;

	plat_arm64_dcache_sync((const void *)msg, MBOX_MSG_SIZE);
	for (spins = 0; mbox_rd(MBOX_STATUS) & MBOX_FULL; spins++)
		if (spins == MBOX_SPINS)
			return -EIO;
	*(volatile uint32_t *)(RPI3_MAILBOX + MBOX_WRITE) = word;
	for (spins = 0; spins < MBOX_SPINS; spins++) {
		if (mbox_rd(MBOX_STATUS) & MBOX_EMPTY)
			continue;
		if (mbox_rd(MBOX_READ) != word)
			continue;
		plat_arm64_dcache_sync((const void *)msg, MBOX_MSG_SIZE);
		return msg[1] == CODE_SUCCESS ? 0 : -EIO;
	}
	return -EIO;
}

int rpi3_arm_memory(uint32_t *base, uint32_t *size)
{
	static volatile uint32_t msg[8] __attribute__((aligned(MBOX_MSG_SIZE)));
	int rc;

	msg[0] = sizeof(msg);
	msg[1] = CODE_REQUEST;
	msg[2] = TAG_GET_ARM_MEMORY;
	msg[3] = 8;             /* value buffer: base, size */
	msg[4] = 0;
	msg[5] = 0;
	msg[6] = 0;
	msg[7] = 0;             /* end tag */
	rc = mbox_call(msg);
	if (rc)
		return rc;
	if (!(msg[4] & TAG_RESPONSE) || !msg[6])
		return -EIO;
	*base = msg[5];
	*size = msg[6];
	return 0;
}
