/* SPDX-License-Identifier: MIT */
/*
 * Sequential write and read rate of one file in a folder: FOLDER/rate.bin
 * is written in 1 MiB writes, read back in 1 MiB reads (checked), then
 * removed; then the time of one stat() of it. The same program runs on the host and in the image on a
 * shared folder (bench/share9p.mjs); rates in MB/s (10^6 bytes a second).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static unsigned char buf[CHUNK];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char path[512];
	long mib = argc > 2 ? atol(argv[2]) : 0;
	double t0, t1;
	int fd;

	if (argc < 3 || mib <= 0) {
		printf("usage: share9p-rate FOLDER MIB\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/rate.bin", argv[1]);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	t0 = now();
	for (long i = 0; i < mib; i++) {
		memset(buf, (int)i, CHUNK);
		if (write(fd, buf, CHUNK) != CHUNK) {
			perror("write");
			return 1;
		}
	}
	t1 = now();
	close(fd);
	printf("rate: write %.1f MB/s\n", mib * (double)CHUNK / 1e6 / (t1 - t0));
	fd = open(path, O_RDONLY);
	t0 = now();
	for (long i = 0; i < mib; i++) {
		if (read(fd, buf, CHUNK) != CHUNK || buf[0] != (unsigned char)i || buf[CHUNK - 1] != (unsigned char)i) {
			printf("read: wrong data in MiB %ld\n", i);
			return 1;
		}
	}
	t1 = now();
	close(fd);
	printf("rate: read %.1f MB/s\n", mib * (double)CHUNK / 1e6 / (t1 - t0));
	/* A lookup: the path walked and its attributes read, 1000 times. */
	t0 = now();
	for (int i = 0; i < 1000; i++) {
		struct stat st;

		if (stat(path, &st) || st.st_size != mib * CHUNK) {
			printf("stat: wrong size\n");
			return 1;
		}
	}
	t1 = now();
	printf("rate: stat %.1f us\n", (t1 - t0) * 1e6 / 1000);
	unlink(path);
	return 0;
}
