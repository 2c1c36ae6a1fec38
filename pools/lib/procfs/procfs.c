/* SPDX-License-Identifier: MIT */
/*
 * /proc, the part of it programs of one process read: /proc/self with
 *   exe      a symbolic link to the program's path;
 *   cmdline  its arguments, each ended by a NUL;
 *   status   the fields of the one process (pid 1): Name, State, the ids;
 *   fd/      one symbolic link per open descriptor, to the path it was
 *            opened by (the console's: /dev/console).
 * The files are made when read; sizes are 0, as Linux reports for /proc.
 * Nothing is kept per open file, so the vnodes are static and live for
 * ever. Mounted over the root file system's /proc at boot.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/proc.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifndef CONFIG_UK_NAME
#define CONFIG_UK_NAME "unikernel"
#endif

/* Until a loader names a program, the image is the program. */
static char exe[256] = "/" CONFIG_UK_NAME;
static char cmdline[4096] = "/" CONFIG_UK_NAME;
static size_t cmdline_len = sizeof("/" CONFIG_UK_NAME);

void uk_proc_set_exe(const char *path)
{
	size_t len = strnlen(path, sizeof(exe) - 1);

	memcpy(exe, path, len);
	exe[len] = '\0';
}

void uk_proc_set_cmdline(int argc, char *const argv[])
{
	size_t n;

	cmdline_len = 0;
	for (int i = 0; i < argc; i++) {
		n = strlen(argv[i]) + 1;
		if (n > sizeof(cmdline) - cmdline_len)
			break;
		memcpy(cmdline + cmdline_len, argv[i], n);
		cmdline_len += n;
	}
}

/* Bytes [off, off + len) of a text made for this read. */
static long text_read(const char *text, size_t size, void *buf, size_t len, int64_t off)
{
	if (off < 0 || (uint64_t)off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	memcpy(buf, text + off, len);
	return len;
}

static long cmdline_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	return text_read(cmdline, cmdline_len, buf, len, off);
}

/* Name is the file name's first 15 bytes, as Linux's comm. */
static long status_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	const char *slash = strrchr(exe, '/');
	char text[512];
	int n = snprintf(text, sizeof(text),
			 "Name:\t%.15s\nState:\tR (running)\nTgid:\t1\nNgid:\t0\n"
			 "Pid:\t1\nPPid:\t0\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n",
			 slash ? slash + 1 : exe);

	return n < 0 ? -EIO : text_read(text, n, buf, len, off);
}

/* readlink(2) cuts the target at `size`, without a NUL. */
static int link_text(const char *target, char *buf, size_t size)
{
	size_t len = strlen(target);

	if (len > size)
		len = size;
	memcpy(buf, target, len);
	return len;
}

static int exe_readlink(struct uk_vnode *vn, char *buf, size_t size)
{
	return link_text(exe, buf, size);
}

static struct uk_vnode fd_links[UK_FDTAB_SIZE];

static int fd_readlink(struct uk_vnode *vn, char *buf, size_t size)
{
	struct uk_file *f = uk_fdtab_get(vn - fd_links);
	const char *path;

	if (!f)
		return -ENOENT;   /* closed since the lookup */
	path = uk_vfs_file_path(f);
	if (!path)
		path = (f == &uk_console_file || f == &uk_console_err_file)
			? "/dev/console" : "anon_inode:[file]";
	return link_text(path, buf, size);
}

static const struct uk_vnode_ops fd_link_ops = { .readlink = fd_readlink };

/* A descriptor's decimal name, without leading zeros (as Linux's), or -1. */
static int fd_of_name(const char *name, size_t len)
{
	int fd = 0;

	if (len == 0 || len > 3 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		fd = fd * 10 + (name[i] - '0');
	}
	return fd < UK_FDTAB_SIZE ? fd : -1;
}

static int fd_lookup(struct uk_vnode *dir, const char *name, size_t len, struct uk_vnode **out)
{
	int fd = fd_of_name(name, len);

	if (fd < 0 || !uk_fdtab_get(fd))
		return -ENOENT;
	*out = &fd_links[fd];
	return 0;
}

/* Entry `index` is the index-th open descriptor, in increasing order. */
static int fd_readdir(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *out)
{
	for (int fd = 0; fd < UK_FDTAB_SIZE; fd++) {
		if (!uk_fdtab_get(fd) || index--)
			continue;
		out->ino = 16 + fd;
		out->mode = UK_S_IFLNK;
		snprintf(out->name, sizeof(out->name), "%d", fd);
		return 0;
	}
	return -ENOENT;
}

static const struct uk_vnode_ops cmdline_ops = { .read = cmdline_read };
static const struct uk_vnode_ops status_ops = { .read = status_read };
static const struct uk_vnode_ops exe_ops = { .readlink = exe_readlink };
static const struct uk_vnode_ops fd_dir_ops = { .lookup = fd_lookup, .readdir = fd_readdir };

/* A directory whose entries never change. */
struct entry {
	const char *name;
	struct uk_vnode vn;
};

static struct entry self_entries[] = {
	{ "exe", { .ops = &exe_ops, .refs = 1, .mode = UK_S_IFLNK | 0777, .nlink = 1, .ino = 3 } },
	{ "cmdline", { .ops = &cmdline_ops, .refs = 1, .mode = UK_S_IFREG | 0444, .nlink = 1, .ino = 4 } },
	{ "status", { .ops = &status_ops, .refs = 1, .mode = UK_S_IFREG | 0444, .nlink = 1, .ino = 5 } },
	{ "fd", { .ops = &fd_dir_ops, .refs = 1, .mode = UK_S_IFDIR | 0500, .nlink = 2, .ino = 6 } },
};

static int fixed_lookup(struct entry *e, size_t n, const char *name, size_t len,
			struct uk_vnode **out)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(e[i].name) == len && !memcmp(e[i].name, name, len)) {
			*out = &e[i].vn;
			return 0;
		}
	return -ENOENT;
}

static int fixed_readdir(struct entry *e, size_t n, uint64_t index, struct uk_vfs_dirent *out)
{
	if (index >= n)
		return -ENOENT;
	out->ino = e[index].vn.ino;
	out->mode = e[index].vn.mode;
	strcpy(out->name, e[index].name);
	return 0;
}

static int self_lookup(struct uk_vnode *dir, const char *name, size_t len, struct uk_vnode **out)
{
	return fixed_lookup(self_entries, UK_ARRAY_SIZE(self_entries), name, len, out);
}

static int self_readdir(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *out)
{
	return fixed_readdir(self_entries, UK_ARRAY_SIZE(self_entries), index, out);
}

static const struct uk_vnode_ops self_ops = { .lookup = self_lookup, .readdir = self_readdir };

static struct entry root_entries[] = {
	{ "self", { .ops = &self_ops, .refs = 1, .mode = UK_S_IFDIR | 0555, .nlink = 3, .ino = 2 } },
};

static int root_lookup(struct uk_vnode *dir, const char *name, size_t len, struct uk_vnode **out)
{
	return fixed_lookup(root_entries, UK_ARRAY_SIZE(root_entries), name, len, out);
}

static int root_readdir(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *out)
{
	return fixed_readdir(root_entries, UK_ARRAY_SIZE(root_entries), index, out);
}

static const struct uk_vnode_ops root_ops = { .lookup = root_lookup, .readdir = root_readdir };

static struct uk_vnode procfs_root = {
	.ops = &root_ops, .refs = 1, .mode = UK_S_IFDIR | 0555, .nlink = 3, .ino = 1,
};

static int procfs_mount(void)
{
	int r = uk_vfs_mkdirs("/proc", 0555);

	for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
		fd_links[fd] = (struct uk_vnode){
			.ops = &fd_link_ops, .refs = 1, .mode = UK_S_IFLNK | 0700, .nlink = 1, .ino = 16 + fd,
		};
	if (r < 0)
		return r;
	return uk_vfs_mount("/proc", &procfs_root);
}
/* After the root (0) and the initrd (1), beside devfs, before shared folders (3). */
UK_INITCALL_PRIO(procfs_mount, NULL, UK_INIT_CLASS_ROOTFS, 2);
