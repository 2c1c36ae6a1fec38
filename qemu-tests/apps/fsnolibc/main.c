/* SPDX-License-Identifier: MIT */
/* The file system calls without a C library's wrappers (see README.md). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <uk/file.h>

#define AT_FDCWD (-100)

long uk_syscall_r_openat(long dirfd, long path, long flags, long mode);
long uk_syscall_r_read(long fd, long buf, long len);
long uk_syscall_r_write(long fd, long buf, long len);
long uk_syscall_r_lseek(long fd, long off, long whence);
long uk_syscall_r_close(long fd);
long uk_syscall_r_pwrite64(long fd, long buf, long len, long off);
long uk_syscall_r_fstat(long fd, long st);
long uk_syscall_r_mkdirat(long dirfd, long path, long mode);
long uk_syscall_r_chdir(long path);
long uk_syscall_r_getcwd(long buf, long size);
long uk_syscall_r_unlinkat(long dirfd, long path, long flags);

static long openat(const char *path, int flags)
{
	return uk_syscall_r_openat(AT_FDCWD, (long)path, flags, 0644);
}

int main(int argc, char *argv[])
{
	char buf[64] = { 0 };
	struct uk_stat st;
	long fd;

	printf("mkdirat /tmp: %ld\n", uk_syscall_r_mkdirat(AT_FDCWD, (long)"/tmp", 0755));
	printf("chdir /tmp: %ld\n", uk_syscall_r_chdir((long)"/tmp"));
	printf("getcwd: %ld", uk_syscall_r_getcwd((long)buf, sizeof(buf)));
	printf(" %s\n", buf);
	fd = openat("f", UK_O_CREAT | UK_O_RDWR);
	printf("openat f: %ld\n", fd);
	printf("write: %ld\n", uk_syscall_r_write(fd, (long)"nolibc", 6));
	printf("lseek: %ld\n", uk_syscall_r_lseek(fd, 2, 0));
	printf("read: %ld", uk_syscall_r_read(fd, (long)buf, sizeof(buf)));
	printf(" %s\n", buf);
	printf("fstat: %ld", uk_syscall_r_fstat(fd, (long)&st));
	printf(" size %lld\n", (long long)st.st_size);
	/* A size no heap holds: refused, not a hang in ramfs's growth. */
	printf("pwrite64 at the end of the offsets: %ld\n",
	       uk_syscall_r_pwrite64(fd, (long)"0123456789abcdef", 16, INT64_MAX - 4));
	printf("close: %ld\n", uk_syscall_r_close(fd));
	printf("close again: %ld\n", uk_syscall_r_close(fd));
	printf("openat missing: %ld\n", openat("missing", UK_O_RDONLY));
	printf("unlinkat f: %ld\n", uk_syscall_r_unlinkat(AT_FDCWD, (long)"f", 0));
	fd = openat("/dev/zero", UK_O_RDONLY);
	memset(buf, 'x', 8);
	printf("read /dev/zero: %ld", uk_syscall_r_read(fd, (long)buf, 8));
	printf(" zeros %d\n", buf[0] == 0 && buf[7] == 0);
	uk_syscall_r_close(fd);
	if (argc > 1) {
		memset(buf, 0, sizeof(buf));
		fd = openat(argv[1], UK_O_RDONLY);
		printf("read %s: %ld", argv[1], uk_syscall_r_read(fd, (long)buf, sizeof(buf) - 1));
		printf(" %s", buf);
	}
	return 0;
}
