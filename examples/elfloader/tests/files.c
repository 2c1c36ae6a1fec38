/* SPDX-License-Identifier: MIT */
/*
 * Files and folders: reads and lists what is under the folder given as
 * argv[1] (the initrd's root in the image, a copy of rootfs/ on the host),
 * and the errors of missing files and bad descriptors, by name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	default: return strerror(e);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path, int depth)
{
	char *names[64];
	int n = 0;
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir) {
		printf("opendir %s: %s\n", path, err(errno));
		return;
	}
	while ((d = readdir(dir)) && n < 64)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			names[n++] = strdup(d->d_name);
	closedir(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		char sub[512];
		struct stat st;

		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
		if (stat(sub, &st)) {
			printf("stat %s: %s\n", sub, err(errno));
			continue;
		}
		printf("%*s%s%s", depth * 2, "", names[i], S_ISDIR(st.st_mode) ? "/\n" : "");
		if (S_ISDIR(st.st_mode))
			list(sub, depth + 1);
		else
			printf(" %lld bytes\n", (long long)st.st_size);
		free(names[i]);
	}
}

int main(int argc, char *argv[])
{
	char buf[128];
	FILE *f;
	int fd;
	long n;

	if (argc < 2 || chdir(argv[1])) {
		printf("usage: files FOLDER\n");
		return 2;
	}
	list("data", 0);

	f = fopen("data/greeting.txt", "r");
	if (f && fgets(buf, sizeof(buf), f))
		printf("greeting: %s", buf);
	if (f)
		fclose(f);

	f = fopen("data/folder/lines.txt", "r");
	for (int i = 1; f && fgets(buf, sizeof(buf), f); i++)
		printf("line %d: %s", i, buf);
	if (f)
		fclose(f);

	fd = open("data/folder/big.txt", O_RDONLY);
	printf("seek to 9990: %ld\n", (long)lseek(fd, 9990, SEEK_SET));
	n = read(fd, buf, sizeof(buf));
	printf("read at the end: %ld bytes\n", n);
	printf("seek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
	printf("pread 4 at 100: %ld\n", (long)pread(fd, buf, 4, 100));
	close(fd);

	n = open("data/missing", O_RDONLY);
	printf("open missing: %ld %s\n", n, err(errno));
	n = read(fd, buf, 1);
	printf("read closed fd: %ld %s\n", n, err(errno));
	n = open("data/greeting.txt/x", O_RDONLY);
	printf("open through a file: %ld %s\n", n, err(errno));
	printf("opendir a file: %s\n", opendir("data/greeting.txt") ? "opened" : err(errno));
	return 0;
}
