/* SPDX-License-Identifier: MIT */
/* The random source of the image (uk/random.h) and getrandom(2). */
#include <uk/random.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <string.h>
#include <errno.h>

static const struct uk_random_dev *device;
static const char *last_source;

int uk_random_register(const struct uk_random_dev *dev)
{
	if (device)
		return -EBUSY;
	device = dev;
	return 0;
}

/* ---- the CPU's generator ---------------------------------------------- */

/* The instruction may fail transiently (no entropy ready): retried. */
#define CPU_TRIES 10

#if defined(__x86_64__)
#define CPU_SOURCE "rdrand"
static bool cpu_has_source(void)
{
	uint32_t eax, ebx, ecx, edx;

	__asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
			 : "a"(1), "c"(0));
	return ecx & (1u << 30);
}

static bool cpu_random(uint64_t *v)
{
	unsigned char ok;

	for (int tries = 0; tries < CPU_TRIES; tries++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
		if (ok)
			return true;
	}
	return false;
}
#elif defined(__aarch64__) && !CONFIG_PLAT_LINUXU
/* RNDR is s3_3_c2_c4_0; ID_AA64ISAR0_EL1 bits 63:60 say it exists. A
 * linuxu image runs at EL0, where reading the ID register traps: not
 * tried there. */
#define CPU_SOURCE "rndr"
static bool cpu_has_source(void)
{
	uint64_t isar0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> 60) & 0xf;
}

static bool cpu_random(uint64_t *v)
{
	uint64_t nzcv;

	for (int tries = 0; tries < CPU_TRIES; tries++) {
		/* NZCV.Z is set when no number was returned. */
		__asm__ volatile("mrs %0, s3_3_c2_c4_0; mrs %1, nzcv"
				 : "=r"(*v), "=r"(nzcv) :: "cc");
		if (!(nzcv & (1u << 30)))
			return true;
	}
	return false;
}
#else
#define CPU_SOURCE "none"
static bool cpu_has_source(void)
{
	return false;
}

static bool cpu_random(uint64_t *v __unused)
{
	return false;
}
#endif

/* -1 unknown, then 0 or 1. */
static int cpu_ok = -1;

static bool cpu_fill(void *buf, size_t len)
{
	uint64_t v;

	if (cpu_ok < 0)
		cpu_ok = cpu_has_source();
	while (cpu_ok && len) {
		size_t n = len < sizeof(v) ? len : sizeof(v);

		if (!cpu_random(&v)) {
			cpu_ok = 0;   /* failed CPU_TRIES times: not again */
			return false;
		}
		memcpy(buf, &v, n);
		buf = (char *)buf + n;
		len -= n;
	}
	return cpu_ok;
}

/* ---- the fallback: xoshiro256** (Blackman and Vigna) ------------------ */

#define FALLBACK_SOURCE "xoshiro256** (seeded from the tick counter: not random)"

static uint64_t s[4];
static bool seeded;

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

static void fallback_fill(void *buf, size_t len)
{
	uint64_t v;

	if (!seeded) {
		uint64_t x = ukplat_ticks() ^ (ukplat_ticks_at_entry() << 32);

		for (int i = 0; i < 4; i++)
			s[i] = splitmix(&x);
		seeded = true;
	}
	while (len) {
		size_t n = len < sizeof(v) ? len : sizeof(v);

		v = next();
		memcpy(buf, &v, n);
		buf = (char *)buf + n;
		len -= n;
	}
}

/* ---- the choice ------------------------------------------------------- */

static bool device_fill(void *buf, size_t len)
{
	while (len) {
		long n = device->read(buf, len);

		if (n <= 0)
			return false;
		buf = (char *)buf + n;
		len -= n;
	}
	return true;
}

void uk_random_fill(void *buf, size_t len)
{
	if (device && device_fill(buf, len)) {
		last_source = device->name;
		return;
	}
	if (cpu_fill(buf, len)) {
		last_source = CPU_SOURCE;
		return;
	}
	fallback_fill(buf, len);
	last_source = FALLBACK_SOURCE;
}

const char *uk_random_source(void)
{
	if (last_source)
		return last_source;
	if (device)
		return device->name;
	if (cpu_ok < 0)
		cpu_ok = cpu_has_source();
	return cpu_ok ? CPU_SOURCE : FALLBACK_SOURCE;
}

/* ---- getrandom(2) ----------------------------------------------------- */

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4

/* Never blocks: every flag combination Linux accepts gives bytes. */
UK_SYSCALL_R_DEFINE(long, getrandom, void *, buf, size_t, len,
		    unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (flags & GRND_RANDOM && flags & GRND_INSECURE))
		return -EINVAL;
	if (len > 0x7fffffff)   /* Linux caps one call at INT_MAX bytes */
		len = 0x7fffffff;
	if (len && !buf)
		return -EFAULT;
	uk_random_fill(buf, len);
	return len;
}
