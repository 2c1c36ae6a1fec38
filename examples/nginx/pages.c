/* SPDX-License-Identifier: MIT */
/*
 * nginx's bundled pages in /www, the root of nginx.conf: written into the
 * RAM file system at boot, after the initrd (which may bring its own
 * /www/index.html, kept) and before the shared folders are mounted, so
 * that `ukconfig run --share DIR:/www` serves DIR instead, unchanged.
 */
#include <uk/init.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include <stddef.h>
#include <fcntl.h>
#include <errno.h>

extern const char nginx_index_html[], nginx_index_html_end[];
extern const char nginx_50x_html[], nginx_50x_html_end[];

/* The system calls of vfscore and posix-fdtab, called directly (no libc before main). */
long uk_syscall_r_openat(long dirfd, long path, long flags, long mode);
long uk_syscall_r_write(long fd, long buf, long len);
long uk_syscall_r_close(long fd);

static int put_page(const char *path, const char *data, const char *end)
{
	long fd, r;

	fd = uk_syscall_r_openat(AT_FDCWD, (long)path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd == -EEXIST)
		return 0;
	if (fd < 0)
		return fd;
	r = uk_syscall_r_write(fd, (long)data, end - data);
	uk_syscall_r_close(fd);
	return r < 0 ? r : r == end - data ? 0 : -ENOSPC;
}

static int nginx_pages(void)
{
	int r = uk_vfs_mkdirs("/www", 0755);

	if (!r)
		r = put_page("/www/index.html", nginx_index_html, nginx_index_html_end);
	if (!r)
		r = put_page("/www/50x.html", nginx_50x_html, nginx_50x_html_end);
	if (r)
		uk_pr_err("nginx: cannot write its pages into /www (error %d)\n", -r);
	return 0;
}

/* After the initrd (priority 1), before 9pfs mounts shared folders (3). */
UK_INITCALL_PRIO(nginx_pages, NULL, UK_INIT_CLASS_ROOTFS, 2);
