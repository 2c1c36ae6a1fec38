/* SPDX-License-Identifier: MIT */
/*
 * The initrd (a cpio archive in the "newc" format, as Linux's initramfs)
 * unpacked into the root file system at boot: directories, then regular
 * files with their bytes and permission bits. Other entries (symbolic
 * links, devices) are skipped with a warning; a malformed archive stops
 * the boot with the entry's offset and the reason.
 *
 * newc: each entry is a 110-byte header ("070701" and 13 fields of 8
 * hexadecimal digits), the name (its NUL included, namesize bytes), padding
 * to 4 bytes, the data (filesize bytes), padding to 4 bytes; the entry
 * named "TRAILER!!!" ends the archive.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <errno.h>
#include <string.h>

#define AT_FDCWD (-100)
#define HEADER_LEN 110

/* The system calls of vfscore and posix-fdtab, called directly. */
long uk_syscall_r_openat(long dirfd, long path, long flags, long mode);
long uk_syscall_r_write(long fd, long buf, long len);
long uk_syscall_r_close(long fd);
long uk_syscall_r_umask(long mask);

enum { F_MAGIC, F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

/* Field i of a header (i >= 1): 8 hexadecimal digits; -1 if malformed. */
static int64_t field(const char *h, int i)
{
	const char *p = h + 6 + (i - 1) * 8;
	int64_t v = 0;

	for (int k = 0; k < 8; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static int write_file(const char *path, unsigned int mode, const char *data, size_t len)
{
	long fd, r = 0;

	fd = uk_syscall_r_openat(AT_FDCWD, (long)path,
				 UK_O_WRONLY | UK_O_CREAT | UK_O_TRUNC, mode & 07777);
	if (fd < 0)
		return fd;
	if (len)
		r = uk_syscall_r_write(fd, (long)data, len);
	uk_syscall_r_close(fd);
	return r < 0 ? r : (size_t)r == len ? 0 : -ENOSPC;
}

/* The archive path made absolute: "./a/b" and "a/b" are "/a/b". */
static int absolute(char *out, const char *name, size_t len)
{
	while (len && (name[0] == '/' || (name[0] == '.' && (len == 1 || name[1] == '/')))) {
		name++;
		len--;
	}
	if (len + 2 > UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	out[0] = '/';
	memcpy(out + 1, name, len);
	out[len + 1] = '\0';
	return len ? 0 : 1;    /* 1: the root itself */
}

static int unpack(const char *a, size_t size)
{
	static char path[UK_VFS_PATH_MAX];
	size_t off = 0, files = 0;
	int r;

	for (;;) {
		const char *h = a + off, *name;
		int64_t mode, filesize, namesize;
		size_t data;

		if (size - off < HEADER_LEN || memcmp(h, "070701", 6)) {
			uk_pr_err("initrd: offset %zu: %s\n", off,
				  size - off < HEADER_LEN ? "archive ends without TRAILER!!!"
				  : "not a cpio newc header (070701)");
			return -EINVAL;
		}
		mode = field(h, F_MODE);
		filesize = field(h, F_FILESIZE);
		namesize = field(h, F_NAMESIZE);
		name = h + HEADER_LEN;
		data = UK_ALIGN_UP(off + HEADER_LEN + (size_t)namesize, 4);
		if (mode < 0 || filesize < 0 || namesize < 1 ||
		    (size_t)namesize > size - off - HEADER_LEN || name[namesize - 1] ||
		    (size_t)filesize > size - data) {
			uk_pr_err("initrd: offset %zu: a header field is malformed or runs past the end\n", off);
			return -EINVAL;
		}
		if (!strcmp(name, "TRAILER!!!"))
			break;
		r = absolute(path, name, namesize - 1);
		if (r < 0) {
			uk_pr_err("initrd: offset %zu: path too long\n", off);
			return r;
		}
		if (r == 0 && UK_S_ISDIR(mode)) {
			r = uk_vfs_mkdirs(path, mode & 07777);
		} else if (r == 0 && UK_S_ISREG(mode)) {
			/* The archive may list a file before its folder. */
			char *slash = strrchr(path, '/');

			*slash = '\0';
			r = slash == path ? 0 : uk_vfs_mkdirs(path, 0755);
			*slash = '/';
			if (r == 0)
				r = write_file(path, mode, a + data, filesize);
			files++;
		} else if (r == 0) {
			uk_pr_warn("initrd: %s: skipped (mode %#llo: only folders and regular files are unpacked)\n",
				   path, (unsigned long long)mode);
		}
		if (r < 0) {
			uk_pr_err("initrd: %s: cannot unpack (error %d)\n", path, -r);
			return r;
		}
		off = UK_ALIGN_UP(data + (size_t)filesize, 4);
		if (off > size)
			off = size;
	}
	uk_pr_info("initrd: %zu files unpacked into /\n", files);
	return 0;
}

static int initrd_unpack(void)
{
	const void *base;
	size_t len;
	long mask;
	int r;

	if (ukplat_initrd(&base, &len))
		return 0;
	/* The archive's permission bits as they are. */
	mask = uk_syscall_r_umask(0);
	r = unpack(base, len);
	uk_syscall_r_umask(mask);
	return r;
}
UK_INITCALL_PRIO(initrd_unpack, NULL, UK_INIT_CLASS_ROOTFS, 1);
