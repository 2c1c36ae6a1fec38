/* SPDX-License-Identifier: MIT */
/*
 * Block-device checks driven by the command line, one command a word
 * group, on the first block device (ukconfig run --disk FILE):
 *
 *   info                     size, sector size, read-only, flush, interrupt
 *   sums FIRST COUNT         FNV-1a 64 of each 8-sector (4 KiB) block read
 *   psums FIRST COUNT        the same, polled: requests submitted together
 *   write FIRST COUNT SEED   writes a pattern (see pattern()), then flushes
 *   bad                      requests outside the device: errors, no crash
 *   bench MIB                reads MIB MiB from sector 0, prints MB/s
 *   irqs                     requests completed by the device's interrupt so far
 *
 * The qemu tests compare the sums with those of the host's copy of the
 * disk and read the written pattern back from the host's file.
 */
#include <uk/blkdev.h>
#include <uk/plat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#define BLOCK_SECTORS 8
#define MAX_BATCH 16

static uint8_t buf[BLOCK_SECTORS * 512 * MAX_BATCH] __attribute__((aligned(4096)));

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Byte i of sector s written by "write ... SEED": the test computes it too. */
static uint8_t pattern(uint64_t s, unsigned int i, unsigned int seed)
{
	return (uint8_t)(s * 31 + i * 7 + seed + (i >> 8));
}

static void print_sum(uint64_t sector, const uint8_t *p)
{
	printf("sum %llu %016llx\n", (unsigned long long)sector,
	       (unsigned long long)fnv1a(p, BLOCK_SECTORS * 512));
}

static int sums(struct uk_blkdev *d, uint64_t first, uint64_t count)
{
	for (uint64_t s = first; s < first + count; s += BLOCK_SECTORS) {
		int rc = uk_blkdev_read(d, s, BLOCK_SECTORS, buf);

		if (rc) {
			printf("read %llu: error %d\n", (unsigned long long)s, rc);
			return 1;
		}
		print_sum(s, buf);
	}
	return 0;
}

/* Submits up to MAX_BATCH reads at once and polls them to completion. */
static int polled_sums(struct uk_blkdev *d, uint64_t first, uint64_t count)
{
	static struct uk_blkreq reqs[MAX_BATCH];
	int rc = uk_blkdev_set_polling(d, true);

	if (rc) {
		printf("polling mode: error %d\n", rc);
		return 1;
	}
	for (uint64_t s = first; s < first + count;) {
		unsigned int n = 0, i;
		unsigned long spins = 0;

		for (; n < MAX_BATCH && s < first + count; n++, s += BLOCK_SECTORS) {
			reqs[n] = (struct uk_blkreq){
				.op = UK_BLKREQ_READ, .sector = s,
				.nsectors = BLOCK_SECTORS,
				.buf = buf + n * BLOCK_SECTORS * 512,
			};
			rc = uk_blkdev_submit(d, &reqs[n]);
			if (rc) {
				printf("submit %llu: error %d\n", (unsigned long long)s, rc);
				return 1;
			}
		}
		for (i = 0; i < n; i++)
			while (!reqs[i].done) {
				uk_blkdev_poll(d);
				if (++spins > 100000000UL) {
					printf("polled read: no completion\n");
					return 1;
				}
			}
		for (i = 0; i < n; i++) {
			if (reqs[i].status) {
				printf("read %llu: error %d\n",
				       (unsigned long long)reqs[i].sector, reqs[i].status);
				return 1;
			}
			print_sum(reqs[i].sector, buf + i * BLOCK_SECTORS * 512);
		}
	}
	uk_blkdev_set_polling(d, false);
	return 0;
}

static int write_pattern(struct uk_blkdev *d, uint64_t first, uint64_t count,
			 unsigned int seed)
{
	int rc;

	for (uint64_t s = first; s < first + count; s++) {
		for (unsigned int i = 0; i < 512; i++)
			buf[i] = pattern(s, i, seed);
		rc = uk_blkdev_write(d, s, 1, buf);
		if (rc) {
			printf("write %llu: error %d\n", (unsigned long long)s, rc);
			return 1;
		}
	}
	rc = uk_blkdev_flush(d);
	printf("wrote %llu sectors from %llu, flush %d\n",
	       (unsigned long long)count, (unsigned long long)first, rc);
	return rc != 0;
}

static int bad(struct uk_blkdev *d)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_READ, .sector = d->sectors,
				 .nsectors = 1, .buf = buf };

	printf("read at end: %d\n", uk_blkdev_read(d, d->sectors, 1, buf));
	printf("read across end: %d\n", uk_blkdev_read(d, d->sectors - 1, 2, buf));
	printf("read far past end: %d\n",
	       uk_blkdev_read(d, ~0ULL - 1, 4, buf));
	printf("write at end: %d\n", uk_blkdev_write(d, d->sectors, 1, buf));
	printf("read of 0 sectors: %d\n", uk_blkdev_read(d, 0, 0, buf));
	printf("submit at end: %d\n", uk_blkdev_submit(d, &req));
	/* The device still works afterwards. */
	printf("read of the last sector: %d\n",
	       uk_blkdev_read(d, d->sectors - 1, 1, buf));
	return 0;
}

static int bench(struct uk_blkdev *d, unsigned long mib)
{
	uint64_t sectors = (uint64_t)mib << 11, t0, t1, hz;
	const uint32_t chunk = sizeof(buf) / 512;
	int rc;

	if (sectors > d->sectors)
		sectors = d->sectors - d->sectors % chunk;
	hz = ukplat_ticks_hz(NULL);
	t0 = ukplat_ticks();
	for (uint64_t s = 0; s < sectors; s += chunk)
		if ((rc = uk_blkdev_read(d, s, chunk, buf))) {
			printf("bench read %llu: error %d\n", (unsigned long long)s, rc);
			return 1;
		}
	t1 = ukplat_ticks();
	if (hz && t1 > t0)
		printf("bench: %llu KiB in %llu us: %llu MB/s\n",
		       (unsigned long long)(sectors / 2),
		       (unsigned long long)((t1 - t0) * 1000000 / hz),
		       (unsigned long long)(sectors * 512 * hz / (t1 - t0) / 1000000));
	return 0;
}

static uint64_t number(const char *s)
{
	return strtoull(s, NULL, 0);
}

int main(int argc, char *argv[])
{
	struct uk_blkdev *d = uk_blkdev_get(0);
	int i, failed = 0;

	printf("blkdev: %u block device(s)\n", uk_blkdev_count());
	if (!d)
		return 2;
	for (i = 1; i < argc && !failed; i++) {
		const char *c = argv[i];

		if (!strcmp(c, "info")) {
			printf("info: %s: %llu sectors of %u bytes, read-only %d, flush %d, interrupt %d\n",
			       d->name, (unsigned long long)d->sectors,
			       d->sector_size, d->read_only, d->can_flush,
			       d->has_irq);
		} else if ((!strcmp(c, "sums") || !strcmp(c, "psums")) && i + 2 < argc) {
			uint64_t first = number(argv[i + 1]), count = number(argv[i + 2]);

			failed = c[0] == 'p' ? polled_sums(d, first, count)
					     : sums(d, first, count);
			i += 2;
		} else if (!strcmp(c, "write") && i + 3 < argc) {
			failed = write_pattern(d, number(argv[i + 1]),
					       number(argv[i + 2]),
					       number(argv[i + 3]));
			i += 3;
		} else if (!strcmp(c, "irqs")) {
			printf("completed by interrupt: %lu\n", d->irq_completions);
		} else if (!strcmp(c, "bad")) {
			failed = bad(d);
		} else if (!strcmp(c, "bench") && i + 1 < argc) {
			failed = bench(d, number(argv[++i]));
		} else {
			printf("unknown command: %s\n", c);
			return 3;
		}
	}
	printf("blkdev: %s\n", failed ? "failed" : "done");
	return failed;
}
