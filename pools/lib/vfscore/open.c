/* SPDX-License-Identifier: MIT */
/*
 * Open vnodes as file objects of posix-fdtab, and the calls that make
 * them: open, openat. A file object remembers its canonical path: a
 * directory's is where openat() and fchdir() start from, any file's is
 * what procfs's /proc/self/fd links give.
 */
#include <uk/syscall.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "vfs_impl.h"

struct vfile {
	struct uk_vnode *vn;
	char *path;            /* canonical, as opened */
};

/* The header of a linux_dirent64 record, the name follows. */
struct dirent64_head {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
} __packed;

static struct uk_vnode *vnode_of(struct uk_file *f)
{
	return ((struct vfile *)f->priv)->vn;
}

void vfs_stat_of(const struct uk_vnode *vn, struct uk_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = vn->ino;
	st->st_mode = vn->mode;
	st->st_nlink = vn->nlink;
	st->st_rdev = vn->rdev;
	st->st_size = vn->size;
	st->st_blksize = 4096;
	st->st_blocks = (vn->size + 511) / 512;
	st->st_atime_sec = st->st_mtime_sec = st->st_ctime_sec = vn->mtime_sec;
	st->st_atime_nsec = st->st_mtime_nsec = st->st_ctime_nsec = vn->mtime_nsec;
}

static long vfile_read(struct uk_file *f, void *buf, size_t len, int64_t off)
{
	struct uk_vnode *vn = vnode_of(f);

	if (UK_S_ISDIR(vn->mode))
		return -EISDIR;
	return vn->ops->read ? vn->ops->read(vn, buf, len, off) : -EINVAL;
}

static long vfile_write(struct uk_file *f, const void *buf, size_t len, int64_t off)
{
	struct uk_vnode *vn = vnode_of(f);

	return vn->ops->write ? vn->ops->write(vn, buf, len, off) : -EINVAL;
}

static int vfile_stat(struct uk_file *f, struct uk_stat *st)
{
	vfs_stat_of(vnode_of(f), st);
	return 0;
}

static int vfile_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct uk_vnode *vn = vnode_of(f);

	return vn->ops->ioctl ? vn->ops->ioctl(vn, req, arg) : -ENOTTY;
}

static int vfile_truncate(struct uk_file *f, int64_t len)
{
	struct uk_vnode *vn = vnode_of(f);

	if (!UK_S_ISREG(vn->mode) || !vn->ops->truncate)
		return -EINVAL;
	return vn->ops->truncate(vn, len);
}

/* Entries 0 and 1 are "." and "..", then the file system's from 0. */
static int entry_at(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *e)
{
	if (index < 2) {
		e->ino = dir->ino;
		e->mode = UK_S_IFDIR;
		strcpy(e->name, index ? ".." : ".");
		return 0;
	}
	return dir->ops->readdir(dir, index - 2, e);
}

static long vfile_getdents(struct uk_file *f, void *buf, size_t len)
{
	struct uk_vnode *dir = vnode_of(f);
	struct uk_vfs_dirent e;
	struct dirent64_head h;
	size_t done = 0, namelen, reclen;
	int r;

	if (!UK_S_ISDIR(dir->mode))
		return -ENOTDIR;
	for (;;) {
		r = entry_at(dir, f->pos, &e);
		if (r == -ENOENT)
			break;
		if (r < 0)
			return done ? (long)done : r;
		namelen = strlen(e.name);
		reclen = UK_ALIGN_UP(sizeof(h) + namelen + 1, 8);
		if (done + reclen > len)
			return done ? (long)done : -EINVAL;
		h = (struct dirent64_head){ e.ino, f->pos + 1, reclen, (e.mode & UK_S_IFMT) >> 12 };
		memcpy((char *)buf + done, &h, sizeof(h));
		memset((char *)buf + done + sizeof(h), 0, reclen - sizeof(h));
		memcpy((char *)buf + done + sizeof(h), e.name, namelen);
		done += reclen;
		f->pos++;
	}
	return done;
}

static int vfile_sync(struct uk_file *f)
{
	struct uk_vnode *vn = vnode_of(f);

	return vn->ops->sync ? vn->ops->sync(vn) : 0;
}

static void vfile_release(struct uk_file *f)
{
	struct vfile *v = f->priv;

	if (v->vn->ops->close)
		v->vn->ops->close(v->vn);
	uk_vnode_put(v->vn);
	free(v->path);
	free(v);
}

static const struct uk_file_ops vfile_ops = {
	.read = vfile_read,
	.write = vfile_write,
	.stat = vfile_stat,
	.ioctl = vfile_ioctl,
	.truncate = vfile_truncate,
	.getdents = vfile_getdents,
	.sync = vfile_sync,
	.release = vfile_release,
	.seekable = true,
};

struct uk_file *vfs_file_open(struct uk_vnode *vn, int flags, const char *path, int *err)
{
	struct vfile *v;
	struct uk_file *f;
	int r;

	if (vn->ops->open) {
		r = vn->ops->open(vn, flags);
		if (r < 0) {
			*err = r;
			return NULL;
		}
	}
	v = malloc(sizeof(*v));
	if (v) {
		v->vn = vn;
		v->path = strdup(path);
	}
	f = v && v->path
		? uk_file_new(&vfile_ops, flags & (UK_O_ACCMODE | UK_O_APPEND | UK_O_NONBLOCK), v)
		: NULL;
	if (!f) {
		if (v)
			free(v->path);
		free(v);
		if (vn->ops->close)
			vn->ops->close(vn);
		*err = -ENOMEM;
		return NULL;
	}
	uk_vnode_get(vn);
	return f;
}

int vfs_dir_path_of(int fd, const char **path)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	if (f->ops != &vfile_ops || !UK_S_ISDIR(vnode_of(f)->mode))
		return -ENOTDIR;
	*path = ((struct vfile *)f->priv)->path;
	return 0;
}

const char *uk_vfs_file_path(struct uk_file *f)
{
	return f->ops == &vfile_ops ? ((struct vfile *)f->priv)->path : NULL;
}

/* As a login shell's. */
unsigned int vfs_umask = 022;

/* Finds (or with O_CREAT makes) what openat names; *w ends at it (its path is the file's). */
static int find_or_create(int dirfd, const char *path, int flags, unsigned int mode,
			  struct walk *w, struct uk_vnode **out)
{
	const char *name;
	size_t len;
	bool dir_only;
	int r;

	if (!(flags & UK_O_CREAT))
		goto existing;
	r = vfs_resolve_parent(dirfd, path, w, &name, &len, &dir_only);
	if (r < 0)
		return r;
	if (vfs_is_dot(name, len))
		goto existing;
	r = vfs_lookup(walk_top(w), name, len, out);
	if (r == 0 && (flags & UK_O_EXCL))
		return -EEXIST;
	if (r == -ENOENT) {
		if (dir_only)
			return -EISDIR;
		if (!walk_top(w)->ops->create)
			return -EROFS;
		r = walk_top(w)->ops->create(walk_top(w), name, len,
					     UK_S_IFREG | (mode & 07777 & ~vfs_umask), out);
	}
	return r < 0 ? r : walk_push(w, *out, name, len);
existing:
	r = vfs_resolve(dirfd, path, w);
	if (r == 0)
		*out = walk_top(w);
	return r;
}

UK_SYSCALL_R_DEFINE(int, openat, int, dirfd, const char *, path, int, flags,
		    unsigned int, mode)
{
	struct walk w;
	struct uk_vnode *vn;
	struct uk_file *f;
	int r, acc = flags & UK_O_ACCMODE;

	if (acc == UK_O_ACCMODE)
		return -EINVAL;
	r = find_or_create(dirfd, path, flags, mode, &w, &vn);
	if (r < 0)
		return r;
	if (UK_S_ISLNK(vn->mode)) {
		if (flags & UK_O_NOFOLLOW)
			return -ELOOP;
		r = vfs_follow(&w);
		if (r < 0)
			return r;
		vn = walk_top(&w);
	}
	if (UK_S_ISDIR(vn->mode)) {
		if (acc != UK_O_RDONLY || (flags & UK_O_CREAT))
			return -EISDIR;
	} else if (flags & UK_O_DIRECTORY) {
		return -ENOTDIR;
	}
	/* Opened first: a file system that checks access does it there. */
	f = vfs_file_open(vn, flags, walk_path(&w), &r);
	if (!f)
		return r;
	if ((flags & UK_O_TRUNC) && acc != UK_O_RDONLY && UK_S_ISREG(vn->mode) &&
	    vn->size && vn->ops->truncate) {
		r = vn->ops->truncate(vn, 0);
		if (r < 0) {
			uk_file_put(f);
			return r;
		}
	}
	return uk_fdtab_install(f, flags & UK_O_CLOEXEC);
}

#if defined(__x86_64__)
UK_SYSCALL_R_DEFINE(int, open, const char *, path, int, flags, unsigned int, mode)
{
	return uk_syscall_r_openat(AT_FDCWD, (long)path, flags, mode);
}

UK_SYSCALL_R_DEFINE(int, creat, const char *, path, unsigned int, mode)
{
	return uk_syscall_r_openat(AT_FDCWD, (long)path,
				   UK_O_CREAT | UK_O_WRONLY | UK_O_TRUNC, mode);
}
#endif

UK_SYSCALL_R_DEFINE(unsigned int, umask, unsigned int, mask)
{
	unsigned int old = vfs_umask;

	vfs_umask = mask & 0777;
	return old;
}
