/* SPDX-License-Identifier: MIT */
/*
 * The bytes of /dev/urandom: xoshiro256** (Blackman and Vigna), seeded
 * at boot from the platform's tick counter and, on x86_64 CPUs that
 * have it, RDRAND. Not for cryptography. It never waits: RDRAND is tried
 * a bounded number of times (it may fail transiently), and RDSEED is not
 * used at all (QEMU's TCG lacks it).
 */
#include <uk/plat.h>
#include <uk/syscall.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "random.h"

static uint64_t s[4];

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* splitmix64: spreads a seed over the state (never all zero). */
static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#if defined(__x86_64__)
static bool hardware_random(uint64_t *v)
{
	uint32_t eax, ebx, ecx, edx;
	unsigned char ok;

	__asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
	if (!(ecx & (1u << 30)))
		return false;
	for (int tries = 0; tries < 10; tries++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}
#else
static bool hardware_random(uint64_t *v)
{
	return false;
}
#endif

void devfs_random_seed(void)
{
	uint64_t x = ukplat_ticks() ^ (ukplat_ticks_at_entry() << 32), hw;

	if (hardware_random(&hw))
		x ^= hw;
	for (int i = 0; i < 4; i++)
		s[i] = splitmix(&x);
}

void devfs_random_fill(void *buf, size_t len)
{
	uint64_t v;

	while (len) {
		size_t n = len < sizeof(v) ? len : sizeof(v);

		v = next();
		memcpy(buf, &v, n);
		buf = (char *)buf + n;
		len -= n;
	}
}

/*
 * getrandom: the bytes /dev/urandom gives, without a file. The generator
 * is seeded at boot, so no flag ever makes it wait (GRND_NONBLOCK and
 * GRND_RANDOM change nothing); unknown flags are refused as by Linux.
 */
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

UK_SYSCALL_R_DEFINE(long, getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	if (flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	devfs_random_fill(buf, len);
	return (long)len;
}
