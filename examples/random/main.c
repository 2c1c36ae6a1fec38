/* SPDX-License-Identifier: MIT */
/*
 * Random bytes three ways, each checked and its source named:
 * uk_random_fill(), the getrandom system call and /dev/urandom. For each
 * read of 4096 bytes it prints how many of the 256 byte values occur
 * and how many bits are set; the qemu tests bound both (uniform bytes
 * miss a value with probability 3e-5 and set 16384 +- 91 bits).
 */
#include <uk/random.h>
#include <uk/file.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define AT_FDCWD (-100)

long uk_syscall_r_getrandom(long buf, long len, long flags);
long uk_syscall_r_openat(long dirfd, long path, long flags, long mode);
long uk_syscall_r_read(long fd, long buf, long len);
long uk_syscall_r_close(long fd);

static unsigned char a[4096], b[4096];

static void stats(const char *what, long got, const unsigned char *p)
{
	bool seen[256] = { false };
	unsigned int values = 0, bits = 0;

	for (long i = 0; i < got; i++) {
		if (!seen[p[i]])
			values++;
		seen[p[i]] = true;
		bits += __builtin_popcount(p[i]);
	}
	printf("%s: %ld bytes, %u values, %u bits, source %s\n", what, got,
	       values, bits, uk_random_source());
}

int main(void)
{
	long fd, got;

	printf("first source: %s\n", uk_random_source());
	uk_random_fill(a, sizeof(a));
	stats("fill", sizeof(a), a);
	uk_random_fill(b, sizeof(b));
	printf("fill twice: %s\n", memcmp(a, b, sizeof(a)) ? "different" : "same");

	got = uk_syscall_r_getrandom((long)a, sizeof(a), 0);
	stats("getrandom", got, a);
	printf("getrandom with bad flags: %ld\n",
	       uk_syscall_r_getrandom((long)a, 16, 0x80));
	printf("getrandom of 0 bytes: %ld\n", uk_syscall_r_getrandom((long)a, 0, 1));

	fd = uk_syscall_r_openat(AT_FDCWD, (long)"/dev/urandom", UK_O_RDONLY, 0);
	if (fd < 0) {
		printf("open /dev/urandom: %ld\n", fd);
		return 1;
	}
	got = uk_syscall_r_read(fd, (long)b, sizeof(b));
	stats("/dev/urandom", got, b);
	uk_syscall_r_close(fd);
	printf("getrandom and /dev/urandom: %s\n",
	       memcmp(a, b, sizeof(a)) ? "different" : "same");
	return 0;
}
