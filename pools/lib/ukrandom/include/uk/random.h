/* SPDX-License-Identifier: MIT */
/*
 * Random bytes that never make the caller wait for entropy: the best
 * source the machine has, chosen on each call.
 *
 *   1. a device registered by its driver (virtio-rng), when it answers;
 *   2. the CPU's generator: RDRAND on x86_64 (CPUID.1:ECX bit 30; RDSEED
 *      is never used, QEMU's TCG lacks it), RNDR on arm64
 *      (ID_AA64ISAR0_EL1.RNDR), each tried a bounded number of times;
 *   3. else xoshiro256** seeded from the tick counter (and whatever the
 *      sources above gave once): predictable, NOT for cryptography. The
 *      source's name says so.
 *
 * /dev/urandom (devfs) and the getrandom system call read through it.
 */
#ifndef UK_RANDOM_H
#define UK_RANDOM_H

#include <uk/essentials.h>

/* Fills `buf` with `len` bytes; always succeeds. */
void uk_random_fill(void *buf, size_t len);

/*
 * The source the last uk_random_fill() took its bytes from (before the
 * first: the one it would try first): "virtio-rng", "rdrand", "rndr" or
 * "xoshiro256** (seeded from the tick counter: not random)".
 */
const char *uk_random_source(void);

/* For drivers: an entropy device. */
struct uk_random_dev {
	const char *name;
	/* Up to `len` bytes into `buf`: how many (> 0), or a negative errno
	 * when the device failed or timed out (the next source is used). */
	long (*read)(void *buf, size_t len);
};

/* One device per image; 0 or -EBUSY. */
int uk_random_register(const struct uk_random_dev *dev);

#endif /* UK_RANDOM_H */
