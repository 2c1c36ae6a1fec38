/* SPDX-License-Identifier: MIT */
/*
 * The virtual file system (lib/vfscore): vnodes, the operations a file
 * system implements on them, and the mount table.
 *
 * A file system (ramfs, devfs) makes vnodes and fills their attributes
 * (mode, size, nlink, ino, rdev, times); vfscore walks paths over them,
 * crosses mount points, keeps the working directory, and turns open
 * vnodes into file objects of posix-fdtab. During a system call vnodes are
 * borrowed: a file system keeps a vnode alive while it is linked in a
 * directory; a reference (uk_vnode_get/put) keeps it alive past its
 * unlinking while a descriptor or the working directory holds it. Every
 * operation returns 0 (or a count) or -errno.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <uk/file.h>

/* The longest path vfscore resolves, NUL included (Linux: 4096). */
#define UK_VFS_PATH_MAX 1024
/* The longest name of a directory entry (Linux: 255). */
#define UK_VFS_NAME_MAX 255

struct uk_vnode;

/* One entry of a directory, as readdir reports it. */
struct uk_vfs_dirent {
	uint64_t ino;
	unsigned int mode;            /* only the UK_S_IFMT bits count */
	char name[UK_VFS_NAME_MAX + 1];
};

struct uk_vnode_ops {
	/* Directories: the entry `name` (len bytes, no '/'), or -ENOENT. */
	int (*lookup)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out);
	/* Directories: a new entry (UK_S_IFREG or UK_S_IFDIR in mode); the
	 * caller checked that none exists. NULL: -EROFS. */
	int (*create)(struct uk_vnode *dir, const char *name, size_t len,
		      unsigned int mode, struct uk_vnode **out);
	/* Directories: removes an entry (an empty directory: the caller checked). */
	int (*remove)(struct uk_vnode *dir, const char *name, size_t len);
	/* Directories: moves an entry, replacing what the target held (the
	 * caller checked the kinds match and a replaced directory is empty). */
	int (*rename)(struct uk_vnode *odir, const char *oname, size_t olen,
		      struct uk_vnode *ndir, const char *nname, size_t nlen);
	/* Directories: entry number `index` (".", ".." excluded), or -ENOENT past the last. */
	int (*readdir)(struct uk_vnode *dir, uint64_t index,
		       struct uk_vfs_dirent *out);
	/* Files and devices. */
	long (*read)(struct uk_vnode *vn, void *buf, size_t len, int64_t off);
	long (*write)(struct uk_vnode *vn, const void *buf, size_t len,
		      int64_t off);
	int (*truncate)(struct uk_vnode *vn, int64_t len);
	int (*ioctl)(struct uk_vnode *vn, unsigned long req, void *arg);
	/* Optional: a descriptor is opened with these open(2) flags (a file
	 * system whose server checks access answers here), and closed. */
	int (*open)(struct uk_vnode *vn, int flags);
	void (*close)(struct uk_vnode *vn);
	/* Symbolic links (UK_S_IFLNK, procfs's): the target, cut at `size`,
	 * no NUL. open and stat follow a link that ends a path, nothing
	 * follows one in the middle. */
	int (*readlink)(struct uk_vnode *vn, char *buf, size_t size);
	/* Optional: fsync(2); NULL: nothing to write back (0). */
	int (*sync)(struct uk_vnode *vn);
	/* The last reference went and the vnode is unlinked: free it. */
	void (*release)(struct uk_vnode *vn);
};

struct uk_vnode {
	const struct uk_vnode_ops *ops;
	unsigned int refs;            /* descriptors and the working directory */
	unsigned int mode;            /* type and permissions */
	unsigned int nlink;           /* 0 once unlinked */
	uint64_t ino;
	int64_t size;
	uint64_t rdev;
	int64_t mtime_sec, mtime_nsec;
	struct uk_vnode *mounted;     /* the root mounted over this directory */
	void *priv;                   /* the file system's */
};

void uk_vnode_get(struct uk_vnode *vn);
void uk_vnode_put(struct uk_vnode *vn);

/*
 * Mounts the file system whose root is `root` on the directory `path`
 * ("/" first: the root file system). Returns 0, -ENOENT, -ENOTDIR,
 * -EBUSY (mounted already) or -ENOSPC (the table is full).
 */
int uk_vfs_mount(const char *path, struct uk_vnode *root);

/* Makes every directory of `path` that is missing (mkdir -p). */
int uk_vfs_mkdirs(const char *path, unsigned int mode);

/*
 * The canonical path a file object was opened by (what readlink of
 * /proc/self/fd/N gives), or NULL when vfscore did not make it (the
 * console). A file renamed or removed since keeps the path it had.
 */
const char *uk_vfs_file_path(struct uk_file *f);

#endif /* UK_VFS_H */
