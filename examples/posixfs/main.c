/* SPDX-License-Identifier: MIT */
/*
 * Files, folders and devices through the C library: the same program
 * built for a Linux host and for the image prints the same text, which
 * the QEMU tests compare. It works in the folder given as its argument
 * (on the host a scratch folder, in the image "/"), reads data/ there (the
 * initrd's, or the host folder's copy), and prints only what does not
 * depend on the system: sizes, types, contents, sorted listings, errno
 * names.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *err_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" }, { ENOENT, "ENOENT" }, { EBADF, "EBADF" }, { EEXIST, "EEXIST" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ESPIPE, "ESPIPE" }, { ERANGE, "ERANGE" },
		{ EBUSY, "EBUSY" }, { EACCES, "EACCES" }, { ENOSYS, "ENOSYS" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "other";
}

/* A call's result and errno: "name: result errno". */
#define CHECK(what, call) do {						\
		long r_; errno = 0; r_ = (long)(call);			\
		printf("%s: %ld %s\n", what, r_, err_name(r_ < 0 ? errno : 0)); \
	} while (0)

static void show_stat(const char *path)
{
	struct stat st;

	errno = 0;
	if (stat(path, &st)) {
		printf("stat %s: %s\n", path, err_name(errno));
		return;
	}
	printf("stat %s: %s size %lld mode %o", path,
	       S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISCHR(st.st_mode) ? "chr" : "other",
	       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size, (unsigned)(st.st_mode & 07777));
	if (S_ISREG(st.st_mode))
		printf(" nlink %lu", (unsigned long)st.st_nlink);
	if (S_ISCHR(st.st_mode))
		printf(" dev %u:%u", major(st.st_rdev), minor(st.st_rdev));
	printf("\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder, sorted, with their types. */
static void list(const char *path)
{
	char *names[64];
	int n = 0;
	struct dirent *e;
	DIR *d = opendir(path);

	if (!d) {
		printf("opendir %s: %s\n", path, err_name(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		char *s = malloc(strlen(e->d_name) + 3);

		sprintf(s, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : e->d_type == DT_REG ? "" : "?");
		names[n++] = s;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void cat(const char *path)
{
	char buf[256];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("cat %s: %s\n", path, err_name(errno));
		return;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	printf("cat %s (%zu bytes): %s", path, n, buf);
	if (n && buf[n - 1] != '\n')
		printf("\n");
}

static void files(void)
{
	char buf[64], cwd[256];
	struct stat st;
	struct iovec iov[2];
	int fd, fd2;
	FILE *f;

	CHECK("mkdir play", mkdir("play", 0755));
	CHECK("chdir play", chdir("play"));
	printf("getcwd ends in /play: %d\n", getcwd(cwd, sizeof(cwd)) && !strcmp(strrchr(cwd, '/'), "/play"));
	CHECK("getcwd into 1 byte", getcwd(cwd, 1) ? 0 : -1);

	fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0666);
	printf("open a.txt: %d\n", fd >= 0);
	CHECK("write", write(fd, "hello world\n", 12));
	CHECK("read a write-only file", read(fd, buf, 1));
	CHECK("close", close(fd));
	show_stat("a.txt");

	fd = open("a.txt", O_RDWR);
	CHECK("lseek SEEK_SET 6", lseek(fd, 6, SEEK_SET));
	memset(buf, 0, sizeof(buf));
	CHECK("read 5", read(fd, buf, 5));
	printf("read: [%s]\n", buf);
	CHECK("lseek SEEK_CUR -3", lseek(fd, -3, SEEK_CUR));
	CHECK("lseek SEEK_END 0", lseek(fd, 0, SEEK_END));
	CHECK("lseek before the start", lseek(fd, -100, SEEK_SET));
	CHECK("pwrite at 20", pwrite(fd, "X", 1, 20));
	memset(buf, 'z', sizeof(buf));
	CHECK("pread 10 at 12", pread(fd, buf, 10, 12));
	printf("hole reads as zeros: %d, then [%c]\n", !memcmp(buf, "\0\0\0\0\0\0\0\0", 8), buf[8]);
	fstat(fd, &st);
	printf("fstat size %lld\n", (long long)st.st_size);
	CHECK("ftruncate 5", ftruncate(fd, 5));
	fstat(fd, &st);
	printf("fstat size %lld\n", (long long)st.st_size);
	iov[0] = (struct iovec){ "-ab", 3 };
	iov[1] = (struct iovec){ "cd-", 3 };
	lseek(fd, 0, SEEK_END);
	CHECK("writev", writev(fd, iov, 2));

	fd2 = dup(fd);
	printf("dup: %d\n", fd2 > fd);
	lseek(fd, 1, SEEK_SET);
	CHECK("dup shares the position", lseek(fd2, 0, SEEK_CUR));
	CHECK("F_GETFD", fcntl(fd, F_GETFD));
	CHECK("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK("F_GETFD", fcntl(fd, F_GETFD));
	CHECK("F_GETFD of the dup", fcntl(fd2, F_GETFD));
	CHECK("F_GETFL access mode", fcntl(fd, F_GETFL) & O_ACCMODE);
	printf("F_DUPFD 40: %d\n", fcntl(fd, F_DUPFD, 40) >= 40);
	CHECK("dup2 to 50", dup2(fd, 50));
	CHECK("dup2 to itself", dup2(fd, fd));
	CHECK("close 50", close(50));
	CHECK("close 50 again", close(50));
	CHECK("close", close(fd2));
	CHECK("close", close(fd));
	cat("a.txt");

	fd = open("a.txt", O_WRONLY | O_APPEND);
	CHECK("append", write(fd, "+end\n", 5));
	close(fd);
	cat("a.txt");

	f = fopen("b.txt", "w");
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d of %d\n", i, 3);
	fclose(f);
	f = fopen("b.txt", "r");
	while (fgets(buf, sizeof(buf), f))
		printf("fgets: %s", buf);
	fseek(f, 5, SEEK_SET);
	printf("ftell after fseek: %ld", ftell(f));
	printf(", getc %c\n", getc(f));
	fclose(f);
	f = fopen("b.txt", "a");
	fputs("appended\n", f);
	fclose(f);
	cat("b.txt");

	CHECK("rename a.txt c.txt", rename("a.txt", "c.txt"));
	show_stat("a.txt");
	show_stat("c.txt");
	CHECK("rename over b.txt", rename("c.txt", "b.txt"));
	cat("b.txt");
}

static void folders(void)
{
	CHECK("mkdir d", mkdir("d", 0700));
	CHECK("mkdir d again", mkdir("d", 0700));
	close(open("d/x", O_CREAT | O_WRONLY, 0600));
	close(open("d/y", O_CREAT | O_WRONLY, 0644));
	CHECK("mkdir d/sub", mkdir("d/sub", 0755));
	CHECK("mkdir d/sub/deeper", mkdir("d/sub/deeper", 0755));
	show_stat("d");
	list("d");
	list(".");
	CHECK("rmdir d (not empty)", rmdir("d"));
	CHECK("rename d/sub into itself", rename("d/sub", "d/sub/deeper/x"));
	CHECK("rename d/y d/sub/y", rename("d/y", "d/sub/y"));
	list("d/sub");
	CHECK("open ./d/../d/sub/../x", close(open("./d/../d/sub/../x", O_RDONLY)));
	CHECK("chdir d/sub/deeper", chdir("d/sub/deeper"));
	CHECK("stat ../y", access("../y", F_OK));
	CHECK("chdir ../../..", chdir("../../.."));
	show_stat("../play/d/x");
	CHECK("unlink d", unlink("d"));
	CHECK("unlink d/x", unlink("d/x"));
	CHECK("unlink d/x again", unlink("d/x"));
	CHECK("unlink d/sub/y", unlink("d/sub/y"));
	CHECK("rmdir d/sub/deeper", rmdir("d/sub/deeper"));
	CHECK("rmdir d/sub", rmdir("d/sub"));
	CHECK("rmdir d", rmdir("d"));
	list(".");
}

static void errors(void)
{
	char buf[16];
	struct stat st;
	int fd;

	CHECK("close -1", close(-1));
	CHECK("close 99", close(99));
	CHECK("read 99", read(99, buf, 1));
	CHECK("write 99", write(99, "x", 1));
	CHECK("fstat 99", fstat(99, &st));
	CHECK("lseek 99", lseek(99, 0, SEEK_SET));
	CHECK("dup 99", dup(99));
	CHECK("fcntl 99", fcntl(99, F_GETFD));
	CHECK("open missing", open("missing", O_RDONLY));
	CHECK("open missing/x", open("missing/x", O_RDONLY));
	CHECK("open b.txt/x", open("b.txt/x", O_RDONLY));
	CHECK("open . for writing", open(".", O_WRONLY));
	CHECK("open b.txt O_DIRECTORY", open("b.txt", O_RDONLY | O_DIRECTORY));
	CHECK("open b.txt O_CREAT|O_EXCL", open("b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
	CHECK("stat missing", stat("missing", &st));
	CHECK("stat b.txt/", stat("b.txt/", &st));
	CHECK("mkdir missing/x", mkdir("missing/x", 0755));
	CHECK("rmdir b.txt", rmdir("b.txt"));
	CHECK("rmdir missing", rmdir("missing"));
	CHECK("unlink missing", unlink("missing"));
	CHECK("rename missing z", rename("missing", "z"));
	CHECK("chdir missing", chdir("missing"));
	CHECK("chdir b.txt", chdir("b.txt"));
	CHECK("access b.txt", access("b.txt", F_OK));
	CHECK("access missing", access("missing", R_OK));
	CHECK("readlink b.txt", readlink("b.txt", buf, sizeof(buf)));
	CHECK("readlink missing", readlink("missing", buf, sizeof(buf)));
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("read a folder", read(fd, buf, 1));
	close(fd);
	fd = open("b.txt", O_RDONLY);
	CHECK("unlink an open file", unlink("b.txt"));
	CHECK("read it still", read(fd, buf, 4));
	fstat(fd, &st);
	printf("its nlink: %lu\n", (unsigned long)st.st_nlink);
	CHECK("close", close(fd));
	show_stat("b.txt");
}

/* One record lock request: "what: result errno", and the type F_GETLK found. */
static void lock(const char *what, int fd, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock l = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };

	CHECK(what, fcntl(fd, cmd, &l));
	if (cmd == F_GETLK)
		printf("  found %s\n", l.l_type == F_UNLCK ? "F_UNLCK" : l.l_type == F_RDLCK ? "F_RDLCK" : "F_WRLCK");
}

/*
 * Record locks as SQLite takes them, and fchown to the file's own owner:
 * one process, so its own locks never conflict and F_GETLK finds none.
 */
static void locks(void)
{
	int fd = open("lock.db", O_RDWR | O_CREAT, 0644), ro, wo;

	lock("F_SETLK write lock, whole file", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
	lock("F_GETLK write lock", fd, F_GETLK, F_WRLCK, SEEK_SET, 0, 0);
	lock("F_SETLK read lock, 510 bytes at 1 GiB + 2", fd, F_SETLK, F_RDLCK, SEEK_SET, 0x40000002, 510);
	lock("F_SETLKW read lock from the end", fd, F_SETLKW, F_RDLCK, SEEK_END, 0, 1);
	lock("F_SETLK unlock", fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	lock("F_SETLK type 9", fd, F_SETLK, 9, SEEK_SET, 0, 0);
	lock("F_SETLK whence 7", fd, F_SETLK, F_RDLCK, 7, 0, 0);
	lock("F_SETLK before the start", fd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1);
	lock("F_GETLK of an unlock", fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 0);
	lock("F_SETLK on 99", 99, F_SETLK, F_RDLCK, SEEK_SET, 0, 0);
	ro = open("lock.db", O_RDONLY);
	wo = open("lock.db", O_WRONLY);
	lock("F_SETLK write lock, read-only", ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
	lock("F_SETLK read lock, read-only", ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 0);
	lock("F_SETLK read lock, write-only", wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 0);
	CHECK("fchown -1 -1", fchown(fd, -1, -1));
	CHECK("fchown to its owner", fchown(fd, geteuid(), getegid()));
	CHECK("fchown 99", fchown(99, -1, -1));
	close(wo);
	close(ro);
	close(fd);
	CHECK("unlink lock.db", unlink("lock.db"));
}

static void devices(void)
{
	unsigned char buf[64];
	int fd, zeros = 1, nonzero = 0;

	show_stat("/dev/null");
	show_stat("/dev/zero");
	show_stat("/dev/urandom");
	fd = open("/dev/null", O_RDWR);
	CHECK("write /dev/null", write(fd, "discarded", 9));
	CHECK("read /dev/null", read(fd, buf, sizeof(buf)));
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 0xff, sizeof(buf));
	CHECK("read /dev/zero", read(fd, buf, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros &= buf[i] == 0;
	printf("all zeros: %d\n", zeros);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK("read /dev/urandom", read(fd, buf, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		nonzero += buf[i] != 0;
	printf("random bytes look random: %d\n", nonzero > 32);
	close(fd);
}

int main(int argc, char *argv[])
{
	umask(022);
	if (argc < 2 || chdir(argv[1])) {
		printf("usage: posixfs FOLDER (an existing folder to work in)\n");
		return 2;
	}
	printf("== initrd\n");
	list("data");
	cat("data/greeting.txt");
	cat("data/more/numbers.txt");
	printf("== files\n");
	files();
	printf("== folders\n");
	folders();
	printf("== errors\n");
	errors();
	printf("== locks\n");
	locks();
	printf("== devices\n");
	devices();
	return 0;
}
