/* SPDX-License-Identifier: MIT */
/*
 * /dev: a fixed directory of character devices, mounted over the root
 * file system's /dev at boot (made if missing). Device numbers are
 * Linux's, so programs that check them see what they expect.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/random.h>
#include <errno.h>
#include <string.h>

#define MKDEV(ma, mi) (((uint64_t)(ma) << 8) | (mi))

static long null_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	return 0;
}

static long sink_write(struct uk_vnode *vn, const void *buf, size_t len, int64_t off)
{
	return len;
}

static long zero_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	memset(buf, 0, len);
	return len;
}

static long urandom_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	uk_random_fill(buf, len);
	return len;
}

/* /dev/console is what descriptors 0-2 start as (posix-fdtab's object). */
static long console_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	return uk_console_file.ops->read(&uk_console_file, buf, len, off);
}

static long console_write(struct uk_vnode *vn, const void *buf, size_t len, int64_t off)
{
	return uk_console_file.ops->write(&uk_console_file, buf, len, off);
}

static int console_ioctl(struct uk_vnode *vn, unsigned long req, void *arg)
{
	return uk_console_file.ops->ioctl(&uk_console_file, req, arg);
}

static const struct uk_vnode_ops null_ops = { .read = null_read, .write = sink_write };
static const struct uk_vnode_ops zero_ops = { .read = zero_read, .write = sink_write };
static const struct uk_vnode_ops urandom_ops = { .read = urandom_read, .write = sink_write };
static const struct uk_vnode_ops console_ops = {
	.read = console_read, .write = console_write, .ioctl = console_ioctl,
};

#define DEVICE(ops_, rdev_, mode_, ino_) \
	{ .ops = &(ops_), .refs = 1, .mode = UK_S_IFCHR | (mode_), .nlink = 1, .ino = (ino_), .rdev = (rdev_) }

static struct {
	const char *name;
	struct uk_vnode vn;
} devices[] = {
	{ "console", DEVICE(console_ops, MKDEV(5, 1), 0600, 2) },
	{ "null", DEVICE(null_ops, MKDEV(1, 3), 0666, 3) },
	{ "urandom", DEVICE(urandom_ops, MKDEV(1, 9), 0666, 4) },
	{ "zero", DEVICE(zero_ops, MKDEV(1, 5), 0666, 5) },
};

static int dir_lookup(struct uk_vnode *dir, const char *name, size_t len, struct uk_vnode **out)
{
	for (size_t i = 0; i < UK_ARRAY_SIZE(devices); i++)
		if (strlen(devices[i].name) == len && !memcmp(devices[i].name, name, len)) {
			*out = &devices[i].vn;
			return 0;
		}
	return -ENOENT;
}

static int dir_readdir(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *out)
{
	if (index >= UK_ARRAY_SIZE(devices))
		return -ENOENT;
	out->ino = devices[index].vn.ino;
	out->mode = devices[index].vn.mode;
	strcpy(out->name, devices[index].name);
	return 0;
}

static const struct uk_vnode_ops dir_ops = { .lookup = dir_lookup, .readdir = dir_readdir };

static struct uk_vnode devfs_root = {
	.ops = &dir_ops, .refs = 1, .mode = UK_S_IFDIR | 0755, .nlink = 2, .ino = 1,
};

static int devfs_mount(void)
{
	int r = uk_vfs_mkdirs("/dev", 0755);

	if (r < 0)
		return r;
	return uk_vfs_mount("/dev", &devfs_root);
}
UK_INITCALL_PRIO(devfs_mount, NULL, UK_INIT_CLASS_ROOTFS, 2);
