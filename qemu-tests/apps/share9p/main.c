/* SPDX-License-Identifier: MIT */
/*
 * Files in a shared folder: the same program runs on the host in a copy
 * of the folder and in the image on the folder shared at its argument
 * (9pfs); the test compares what both print and what both leave in
 * their folder. It prints only what does not depend on the system:
 * contents, sizes, hashes, sorted listings, errno names.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" }, { ENOENT, "ENOENT" }, { EBADF, "EBADF" }, { EEXIST, "EEXIST" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EACCES, "EACCES" }, { EROFS, "EROFS" },
		{ EBUSY, "EBUSY" }, { ENAMETOOLONG, "ENAMETOOLONG" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "other";
}

#define CHECK(what, call) do {						\
		long r_; errno = 0; r_ = (long)(call);			\
		printf("%s: %s\n", what, r_ < 0 ? err_name(errno) : "ok"); \
		if (r_ >= 0 && (what)[0] == 'o' && (what)[1] == 'p') close((int)r_); \
	} while (0)

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* Size and hash of a file read in chunks of `chunk` bytes. */
static void hash_file(const char *path, size_t chunk)
{
	static unsigned char buf[1 << 20];
	uint64_t h = 0xcbf29ce484222325ULL;
	long long total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("hash %s: %s\n", path, err_name(errno));
		return;
	}
	while ((n = read(fd, buf, chunk)) > 0) {
		h = fnv(h, buf, n);
		total += n;
	}
	printf("hash %s: %lld bytes %016llx end %lld\n", path, total, (unsigned long long)h,
	       (long long)lseek(fd, 0, SEEK_END));
	close(fd);
}

static void cat(const char *path)
{
	char buf[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("cat %s: %s\n", path, err_name(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("cat %s: [%s]\n", path, buf);
	close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries sorted, with types and sizes, recursively. */
static void list(const char *dir, int depth)
{
	char *names[64], path[512];
	struct dirent *e;
	struct stat st;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d) {
		printf("ls %s: %s\n", dir, err_name(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0)
			printf("%*s%s %s %lld\n", depth * 2, "", names[i],
			       S_ISDIR(st.st_mode) ? "dir" : "file",
			       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
		if (S_ISDIR(st.st_mode))
			list(path, depth + 1);
		free(names[i]);
	}
}

static void write_pattern(const char *path, size_t size, size_t chunk)
{
	static unsigned char buf[1 << 20];
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		printf("write %s: %s\n", path, err_name(errno));
		return;
	}
	while (done < size) {
		size_t n = size - done < chunk ? size - done : chunk;

		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)((done + i) * 7 + ((done + i) >> 11));
		if (write(fd, buf, n) != (ssize_t)n) {
			printf("write %s: %s\n", path, err_name(errno));
			break;
		}
		done += n;
	}
	printf("fsync %s: %s\n", path, fsync(fd) ? err_name(errno) : "ok");
	close(fd);
}

int main(int argc, char **argv)
{
	char longest[4 + 255 + 1] = "out/", too_long[4 + 256 + 1] = "out/";
	struct stat st;
	int fd;

	if (argc < 2 || chdir(argv[1])) {
		printf("usage: share9p FOLDER\n");
		return 2;
	}
	/* The host's files, read back. */
	cat("data/hello.txt");
	hash_file("data/big.bin", 65536);
	hash_file("data/big.bin", 1000);

	/* Making, writing, renaming, truncating. */
	CHECK("mkdir out", mkdir("out", 0755));
	CHECK("mkdir out again", mkdir("out", 0755));
	fd = open("out/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	printf("create out/a.txt: %s\n", fd < 0 ? err_name(errno) : "ok");
	printf("write: %ld\n", (long)write(fd, "alpha beta\n", 11));
	printf("fstat size: %lld\n", fstat(fd, &st) ? -1LL : (long long)st.st_size);
	close(fd);
	CHECK("rename out/a.txt out/b.txt", rename("out/a.txt", "out/b.txt"));
	CHECK("stat out/a.txt", stat("out/a.txt", &st));
	cat("out/b.txt");
	CHECK("truncate out/b.txt 5", truncate("out/b.txt", 5));
	cat("out/b.txt");
	fd = open("out/c.txt", O_WRONLY | O_CREAT | O_APPEND, 0600);
	write(fd, "one\n", 4);
	close(fd);
	fd = open("out/c.txt", O_WRONLY | O_APPEND);
	write(fd, "two\n", 4);
	close(fd);
	cat("out/c.txt");
	fd = open("out/c.txt", O_RDWR);
	printf("ftruncate: %s\n", ftruncate(fd, 2) ? err_name(errno) : "ok");
	printf("pwrite: %ld\n", (long)pwrite(fd, "XY", 2, 6));
	close(fd);
	hash_file("out/c.txt", 16);
	write_pattern("out/big.out", 3 * 1024 * 1024 + 123, 100000);
	hash_file("out/big.out", 1 << 20);
	CHECK("mkdir out/sub", mkdir("out/sub", 0700));
	CHECK("rename out/sub out/moved", rename("out/sub", "out/moved"));
	fd = open("out/moved/x", O_WRONLY | O_CREAT, 0644);
	printf("create out/moved/x: %s\n", fd < 0 ? err_name(errno) : "ok");
	close(fd);
	CHECK("mkdir out/gone", mkdir("out/gone", 0755));
	CHECK("rmdir out/gone", rmdir("out/gone"));
	CHECK("unlink data/remove-me", unlink("data/remove-me"));
	/* Changes to the host's files that leave them as they were: a
	 * read-only share refuses them (EROFS) all the same. */
	CHECK("open data/hello.txt for appending", open("data/hello.txt", O_WRONLY | O_APPEND));
	CHECK("truncate data/hello.txt to its size", truncate("data/hello.txt", 15));

	/* Names: 255 bytes is the longest a folder holds, here and on Linux. */
	memset(longest + 4, 'n', 255);
	memset(too_long + 4, 'm', 256);
	fd = open(longest, O_WRONLY | O_CREAT, 0644);
	printf("create a 255-byte name: %s\n", fd < 0 ? err_name(errno) : "ok");
	printf("write: %ld\n", (long)write(fd, "long\n", 5));
	close(fd);
	CHECK("stat a 255-byte name", stat(longest, &st));
	CHECK("create a 256-byte name", open(too_long, O_WRONLY | O_CREAT, 0644));
	CHECK("stat a 256-byte name", stat(too_long, &st));
	CHECK("mkdir a 256-byte name", mkdir(too_long, 0755));
	CHECK("rename to a 256-byte name", rename(longest, too_long));

	/* Bad paths: the errno Linux gives. */
	CHECK("open missing", open("nothing/here", O_RDONLY));
	CHECK("open through a file", open("data/hello.txt/x", O_RDONLY));
	CHECK("open a folder for writing", open("data", O_WRONLY));
	CHECK("open O_EXCL existing", open("out/b.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK("open O_DIRECTORY a file", open("out/b.txt", O_RDONLY | O_DIRECTORY));
	CHECK("mkdir in a missing folder", mkdir("nothing/sub", 0755));
	CHECK("rmdir a full folder", rmdir("out/moved"));
	CHECK("rmdir a file", rmdir("out/b.txt"));
	CHECK("unlink a folder", unlink("out/moved"));
	CHECK("unlink missing", unlink("out/none"));
	CHECK("rename missing", rename("out/none", "out/other"));
	CHECK("rename a folder into itself", rename("out/moved", "out/moved/in"));
	CHECK("rename a file over a folder", rename("out/b.txt", "out/moved"));
	CHECK("stat a file as a folder", stat("out/b.txt/", &st));
	CHECK("chdir a file", chdir("out/b.txt"));
	CHECK("truncate a folder", truncate("out", 0));
	CHECK("open read-only file for writing", open("data/readonly.txt", O_WRONLY));
	CHECK("open read-only file for reading", open("data/readonly.txt", O_RDONLY));
	CHECK("read a folder", read(open("data", O_RDONLY), &st, 1));

	printf("tree:\n");
	list(".", 1);
	return 0;
}
