/* SPDX-License-Identifier: MIT */
/*
 * /proc/self as a program reads it: readlink("/proc/self/exe") and the
 * executable opened through it, the arguments in /proc/self/cmdline, the
 * Name and State of /proc/self/status, and /proc/self/fd: the descriptors
 * listed, a link to an open file's path, the file opened again through
 * it, the link gone once the descriptor is closed. Run from the folder
 * that holds data/ (the host's copy, or the image's root). Only what is
 * the same on a Linux host and in the image is printed: names, not the
 * folders they are in, and no process ids.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void show_link(const char *path)
{
	char target[512];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n < 0) {
		printf("readlink %s: %s\n", path, strerror(errno));
		return;
	}
	target[n] = '\0';
	printf("readlink %s: absolute %s, name %s\n", path, target[0] == '/' ? "yes" : "no",
	       base(target));
}

static void show_exe(void)
{
	char head[4], cut[8];
	struct stat st, lst;
	ssize_t n;
	int fd;

	show_link("/proc/self/exe");
	/* A target cut at the buffer: the first bytes, no NUL. */
	memset(cut, 'x', sizeof(cut));
	printf("readlink into 3 bytes: %ld, then %c\n", (long)readlink("/proc/self/exe", cut, 3), cut[3]);
	n = readlink("/proc/self/status", cut, sizeof(cut));
	printf("readlink of a file: %ld %s\n", (long)n, strerror(errno));
	/* stat follows the link to the program's file, lstat does not. */
	if (stat("/proc/self/exe", &st) == 0 && lstat("/proc/self/exe", &lst) == 0)
		printf("stat: regular %d, lstat: link %d\n", S_ISREG(st.st_mode), S_ISLNK(lst.st_mode));
	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0 || read(fd, head, 4) != 4)
		printf("open /proc/self/exe: %s\n", strerror(errno));
	else
		printf("open /proc/self/exe: ELF %d\n", !memcmp(head, "\177ELF", 4));
	if (fd >= 0)
		close(fd);
	fd = open("/proc/self/exe", O_RDONLY | O_NOFOLLOW);
	printf("O_NOFOLLOW: %d %s\n", fd, strerror(errno));
}

static void show_cmdline(void)
{
	char buf[256];
	FILE *f = fopen("/proc/self/cmdline", "r");
	size_t n;

	if (!f) {
		printf("cmdline: %s\n", strerror(errno));
		return;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	printf("cmdline (%zu bytes):", n);
	for (size_t i = 0; i < n; i++)
		putchar(buf[i] ? buf[i] : '|');
	putchar('\n');
}

static void show_status(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f) {
		printf("status: %s\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Name:", 5) || !strncmp(line, "State:", 6))
			fputs(line, stdout);
	fclose(f);
}

/*
 * The descriptors /proc/self/fd lists, up to the listing's own: above it
 * a host may have left some open to the program (a test runner's).
 */
static void list_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d) {
		printf("opendir /proc/self/fd: %s\n", strerror(errno));
		return;
	}
	printf("fds:");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) <= dirfd(d))
			printf(" %s%s", e->d_name, e->d_type == DT_LNK ? "" : "(not a link)");
	printf(" (the listing's own: %d)\n", dirfd(d));
	closedir(d);
}

static void show_fds(void)
{
	char path[64], line[128];
	FILE *again;
	int fd = open("data/greeting.txt", O_RDONLY);

	if (fd < 0) {
		printf("open data/greeting.txt: %s\n", strerror(errno));
		return;
	}
	printf("opened: %d\n", fd);
	list_fds();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	show_link(path);
	again = fopen(path, "r");
	if (!again || !fgets(line, sizeof(line), again))
		printf("open %s: %s\n", path, strerror(errno));
	else
		printf("through the link: %s", line);
	if (again)
		fclose(again);
	close(fd);
	show_link(path);
	show_link("/proc/self/fd/01");
	list_fds();
}

int main(void)
{
	show_exe();
	show_cmdline();
	show_status();
	show_fds();
	return 0;
}
