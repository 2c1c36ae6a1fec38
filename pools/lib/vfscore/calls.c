/* SPDX-License-Identifier: MIT */
/*
 * The path system calls: stat, directories, removal, renaming, access,
 * readlink, the working directory. x86_64's older calls (stat, mkdir,
 * unlink, rename, ...) are the *at calls relative to the working directory.
 */
#include <uk/syscall.h>
#include <errno.h>
#include <string.h>

#include "path.h"
#include "vfs_impl.h"

#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_EMPTY_PATH       0x1000

/* posix-fdtab's. */
long uk_syscall_r_fstat(long fd, long st);

UK_SYSCALL_R_DEFINE(int, newfstatat, int, dirfd, const char *, path,
		    struct uk_stat *, st, int, flags)
{
	struct walk w;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && path && !path[0])
		return uk_syscall_r_fstat(dirfd, (long)st);
	r = vfs_resolve(dirfd, path, &w);
	if (r == 0 && !(flags & AT_SYMLINK_NOFOLLOW))
		r = vfs_follow(&w);
	if (r < 0)
		return r;
	vfs_stat_of(walk_top(&w), st);
	return 0;
}

static int make_dir(int dirfd, const char *path, unsigned int mode)
{
	struct walk w;
	struct uk_vnode *vn, *dir;
	const char *name;
	size_t len;
	bool dir_only;
	int r;

	r = vfs_resolve_parent(dirfd, path, &w, &name, &len, &dir_only);
	if (r < 0)
		return r;
	if (vfs_is_dot(name, len))
		return -EEXIST;
	dir = walk_top(&w);
	r = vfs_lookup(dir, name, len, &vn);
	if (r == 0)
		return -EEXIST;
	if (r != -ENOENT)
		return r;
	if (!dir->ops->create)
		return -EROFS;
	return dir->ops->create(dir, name, len, UK_S_IFDIR | (mode & 07777 & ~vfs_umask), &vn);
}

UK_SYSCALL_R_DEFINE(int, mkdirat, int, dirfd, const char *, path, unsigned int, mode)
{
	return make_dir(dirfd, path, mode);
}

int uk_vfs_mkdirs(const char *path, unsigned int mode)
{
	char prefix[UK_VFS_PATH_MAX];
	size_t len = strlen(path), i;
	int r;

	if (len >= sizeof(prefix))
		return -ENAMETOOLONG;
	for (i = 1; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		r = make_dir(AT_FDCWD, prefix, mode);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

/* True when directory `dir` has an entry besides "." and "..". */
static bool has_entries(struct uk_vnode *dir)
{
	struct uk_vfs_dirent e;

	return dir->ops->readdir(dir, 0, &e) == 0;
}

UK_SYSCALL_R_DEFINE(int, unlinkat, int, dirfd, const char *, path, int, flags)
{
	struct walk w;
	struct uk_vnode *vn, *dir;
	const char *name;
	size_t len;
	bool dir_only, rmdir = flags & AT_REMOVEDIR;
	int r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	r = vfs_resolve_parent(dirfd, path, &w, &name, &len, &dir_only);
	if (r < 0)
		return r;
	if (vfs_is_dot(name, len)) {
		if (!rmdir)
			return -EISDIR;
		return len == 0 ? -EBUSY : len == 1 ? -EINVAL : -ENOTEMPTY;
	}
	dir = walk_top(&w);
	r = vfs_lookup(dir, name, len, &vn);
	if (r < 0)
		return r;
	if (rmdir) {
		if (!UK_S_ISDIR(vn->mode))
			return -ENOTDIR;
		if (vfs_is_mount_point(vn))
			return -EBUSY;
		if (has_entries(vn))
			return -ENOTEMPTY;
	} else if (UK_S_ISDIR(vn->mode)) {
		return -EISDIR;
	} else if (dir_only) {
		return -ENOTDIR;
	}
	return dir->ops->remove ? dir->ops->remove(dir, name, len) : -EROFS;
}

UK_SYSCALL_R_DEFINE(int, renameat2, int, odirfd, const char *, opath,
		    int, ndirfd, const char *, npath, unsigned int, flags)
{
	struct walk ow, nw;
	struct uk_vnode *odir, *ndir, *ovn, *nvn;
	const char *oname, *nname;
	size_t olen, nlen, plen;
	bool odir_only, ndir_only;
	int r;

	if (flags)
		return -EINVAL;
	r = vfs_resolve_parent(odirfd, opath, &ow, &oname, &olen, &odir_only);
	if (r < 0)
		return r;
	r = vfs_resolve_parent(ndirfd, npath, &nw, &nname, &nlen, &ndir_only);
	if (r < 0)
		return r;
	if (vfs_is_dot(oname, olen) || vfs_is_dot(nname, nlen))
		return -EBUSY;
	odir = walk_top(&ow);
	ndir = walk_top(&nw);
	r = vfs_lookup(odir, oname, olen, &ovn);
	if (r < 0)
		return r;
	if ((odir_only || ndir_only) && !UK_S_ISDIR(ovn->mode))
		return -ENOTDIR;
	if (vfs_is_mount_point(ovn))
		return -EBUSY;
	/* One file system: the same operations and the same root (in the walk). */
	if (odir->ops != ndir->ops || ow.stack[0] != nw.stack[0])
		return -EXDEV;
	if (UK_S_ISDIR(ovn->mode)) {
		/* Not into itself: the new parent may not lie inside the old entry. */
		plen = ow.plen + 1 + olen;
		if (nw.plen >= plen && !strncmp(nw.path, ow.path, ow.plen) &&
		    nw.path[ow.plen] == '/' && !strncmp(nw.path + ow.plen + 1, oname, olen) &&
		    (nw.path[plen] == '/' || nw.path[plen] == '\0'))
			return -EINVAL;
	}
	r = vfs_lookup(ndir, nname, nlen, &nvn);
	if (r == 0) {
		if (nvn == ovn)
			return 0;
		if (UK_S_ISDIR(ovn->mode) && !UK_S_ISDIR(nvn->mode))
			return -ENOTDIR;
		if (!UK_S_ISDIR(ovn->mode) && UK_S_ISDIR(nvn->mode))
			return -EISDIR;
		if (vfs_is_mount_point(nvn))
			return -EBUSY;
		if (UK_S_ISDIR(nvn->mode) && has_entries(nvn))
			return -ENOTEMPTY;
	} else if (r != -ENOENT) {
		return r;
	}
	return odir->ops->rename ? odir->ops->rename(odir, oname, olen, ndir, nname, nlen) : -EROFS;
}

UK_SYSCALL_R_DEFINE(int, renameat, int, odirfd, const char *, opath,
		    int, ndirfd, const char *, npath)
{
	return uk_syscall_r_renameat2(odirfd, (long)opath, ndirfd, (long)npath, 0);
}

#define X_OK 1

UK_SYSCALL_R_DEFINE(int, faccessat, int, dirfd, const char *, path, int, amode)
{
	struct walk w;
	struct uk_vnode *vn;
	int r;

	if (amode & ~7)
		return -EINVAL;
	r = vfs_resolve(dirfd, path, &w);
	if (r < 0)
		return r;
	vn = walk_top(&w);
	/* The one user is root: execute needs an x bit (or a directory). */
	if ((amode & X_OK) && !UK_S_ISDIR(vn->mode) && !(vn->mode & 0111))
		return -EACCES;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, faccessat2, int, dirfd, const char *, path, int, amode, int, flags)
{
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return uk_syscall_r_faccessat(dirfd, (long)path, amode);
}

/* Only a file system's own links (procfs) are links; anything else that exists is not one. */
UK_SYSCALL_R_DEFINE(long, readlinkat, int, dirfd, const char *, path, char *, buf, int, size)
{
	struct walk w;
	struct uk_vnode *vn;
	int r;

	if (size <= 0)
		return -EINVAL;
	r = vfs_resolve(dirfd, path, &w);
	if (r < 0)
		return r;
	vn = walk_top(&w);
	if (!UK_S_ISLNK(vn->mode) || !vn->ops->readlink)
		return -EINVAL;
	return vn->ops->readlink(vn, buf, size);
}

UK_SYSCALL_R_DEFINE(int, chdir, const char *, path)
{
	struct walk w;
	int r;

	r = vfs_resolve(AT_FDCWD, path, &w);
	if (r < 0)
		return r;
	if (!UK_S_ISDIR(walk_top(&w)->mode))
		return -ENOTDIR;
	strcpy(vfs_cwd, walk_path(&w));
	return 0;
}

UK_SYSCALL_R_DEFINE(int, fchdir, int, fd)
{
	const char *path;
	int r;

	r = vfs_dir_path_of(fd, &path);
	if (r < 0)
		return r;
	strcpy(vfs_cwd, path);
	return 0;
}

UK_SYSCALL_R_DEFINE(long, getcwd, char *, buf, size_t, size)
{
	size_t len = strlen(vfs_cwd) + 1;

	if (size < len)
		return -ERANGE;
	memcpy(buf, vfs_cwd, len);
	return len;
}

UK_SYSCALL_R_DEFINE(int, truncate, const char *, path, int64_t, len)
{
	struct walk w;
	struct uk_vnode *vn;
	int r;

	if (len < 0)
		return -EINVAL;
	r = vfs_resolve(AT_FDCWD, path, &w);
	if (r < 0)
		return r;
	vn = walk_top(&w);
	if (UK_S_ISDIR(vn->mode))
		return -EISDIR;
	if (!UK_S_ISREG(vn->mode) || !vn->ops->truncate)
		return -EINVAL;
	return vn->ops->truncate(vn, len);
}

#if defined(__x86_64__)
UK_SYSCALL_R_DEFINE(int, stat, const char *, path, struct uk_stat *, st)
{
	return uk_syscall_r_newfstatat(AT_FDCWD, (long)path, (long)st, 0);
}

UK_SYSCALL_R_DEFINE(int, lstat, const char *, path, struct uk_stat *, st)
{
	return uk_syscall_r_newfstatat(AT_FDCWD, (long)path, (long)st, AT_SYMLINK_NOFOLLOW);
}

UK_SYSCALL_R_DEFINE(int, mkdir, const char *, path, unsigned int, mode)
{
	return make_dir(AT_FDCWD, path, mode);
}

UK_SYSCALL_R_DEFINE(int, rmdir, const char *, path)
{
	return uk_syscall_r_unlinkat(AT_FDCWD, (long)path, AT_REMOVEDIR);
}

UK_SYSCALL_R_DEFINE(int, unlink, const char *, path)
{
	return uk_syscall_r_unlinkat(AT_FDCWD, (long)path, 0);
}

UK_SYSCALL_R_DEFINE(int, rename, const char *, opath, const char *, npath)
{
	return uk_syscall_r_renameat2(AT_FDCWD, (long)opath, AT_FDCWD, (long)npath, 0);
}

UK_SYSCALL_R_DEFINE(int, access, const char *, path, int, amode)
{
	return uk_syscall_r_faccessat(AT_FDCWD, (long)path, amode);
}

UK_SYSCALL_R_DEFINE(long, readlink, const char *, path, char *, buf, int, size)
{
	return uk_syscall_r_readlinkat(AT_FDCWD, (long)path, (long)buf, size);
}
#endif
