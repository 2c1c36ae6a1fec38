/* SPDX-License-Identifier: MIT */
/*
 * Path resolution: components one by one from the root, with "." and
 * ".." handled on the walk's stack, so a path never climbs above the root
 * and ".." out of a mounted file system returns to the directory it was
 * mounted on. A symbolic link (only procfs makes any) is followed only
 * where it ends a path, by vfs_follow() for open and stat.
 */
#include <errno.h>
#include <string.h>

#include "path.h"
#include "vfs_impl.h"

char vfs_cwd[UK_VFS_PATH_MAX] = "/";

int vfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
	       struct uk_vnode **out)
{
	struct uk_vnode *vn;
	int r;

	if (!UK_S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len > UK_VFS_NAME_MAX)
		return -ENAMETOOLONG;
	r = dir->ops->lookup(dir, name, len, &vn);
	if (r < 0)
		return r;
	while (vn->mounted)
		vn = vn->mounted;
	*out = vn;
	return 0;
}

int walk_push(struct walk *w, struct uk_vnode *vn, const char *name, size_t len)
{
	if (w->depth == VFS_DEPTH_MAX || w->plen + 1 + len >= sizeof(w->path))
		return -ENAMETOOLONG;
	w->stack[w->depth++] = vn;
	w->path[w->plen++] = '/';
	memcpy(w->path + w->plen, name, len);
	w->plen += len;
	w->path[w->plen] = '\0';
	return 0;
}

static int walk_step(struct walk *w, const char *name, size_t len)
{
	struct uk_vnode *vn;
	int r;

	if (!UK_S_ISDIR(walk_top(w)->mode))
		return -ENOTDIR;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (w->depth > 1) {
			w->depth--;
			while (w->plen && w->path[w->plen] != '/')
				w->plen--;
			w->path[w->plen] = '\0';
		}
		return 0;
	}
	r = vfs_lookup(walk_top(w), name, len, &vn);
	return r < 0 ? r : walk_push(w, vn, name, len);
}

/* Walks the components of path[0, end). */
static int walk_span(struct walk *w, const char *path, size_t end)
{
	size_t i = 0, j;
	int r;

	while (i < end) {
		while (i < end && path[i] == '/')
			i++;
		for (j = i; j < end && path[j] != '/'; j++)
			;
		if (j > i) {
			r = walk_step(w, path + i, j - i);
			if (r < 0)
				return r;
		}
		i = j;
	}
	return 0;
}

/* Starts at the root, then goes to where a relative path starts. */
static int walk_start(int dirfd, const char *path, struct walk *w)
{
	const char *base;
	int r;

	if (!path)
		return -EFAULT;
	if (!vfs_root)
		return -ENOENT;
	if (strnlen(path, UK_VFS_PATH_MAX) == UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	w->stack[0] = vfs_root;
	w->depth = 1;
	w->plen = 0;
	w->path[0] = '\0';
	if (path[0] == '/')
		return 0;
	if (dirfd == AT_FDCWD) {
		base = vfs_cwd;
	} else {
		r = vfs_dir_path_of(dirfd, &base);
		if (r < 0)
			return r;
	}
	return walk_span(w, base, strlen(base));
}

int vfs_resolve(int dirfd, const char *path, struct walk *w)
{
	size_t len;
	int r;

	r = walk_start(dirfd, path, w);
	if (r < 0)
		return r;
	len = strlen(path);
	if (len == 0)
		return -ENOENT;
	r = walk_span(w, path, len);
	if (r < 0)
		return r;
	/* "file/" names a directory. */
	if (path[len - 1] == '/' && !UK_S_ISDIR(walk_top(w)->mode))
		return -ENOTDIR;
	return 0;
}

int vfs_resolve_parent(int dirfd, const char *path, struct walk *w,
		       const char **last, size_t *len, bool *dir_only)
{
	size_t end, start;
	int r;

	r = walk_start(dirfd, path, w);
	if (r < 0)
		return r;
	end = strlen(path);
	if (end == 0)
		return -ENOENT;
	*dir_only = path[end - 1] == '/';
	while (end > 0 && path[end - 1] == '/')
		end--;
	for (start = end; start > 0 && path[start - 1] != '/'; start--)
		;
	r = walk_span(w, path, start);
	if (r < 0)
		return r;
	if (!UK_S_ISDIR(walk_top(w)->mode))
		return -ENOTDIR;
	*last = path + start;
	*len = end - start;
	return *len > UK_VFS_NAME_MAX ? -ENAMETOOLONG : 0;
}

int vfs_follow(struct walk *w)
{
	char target[UK_VFS_PATH_MAX];
	struct uk_vnode *link;
	int hops, r;

	for (hops = 0; UK_S_ISLNK(walk_top(w)->mode); hops++) {
		link = walk_top(w);
		if (hops == VFS_FOLLOW_MAX || !link->ops->readlink)
			return -ELOOP;
		r = link->ops->readlink(link, target, sizeof(target) - 1);
		if (r < 0)
			return r;
		if (r == 0)
			return -ENOENT;
		if (target[0] == '/') {
			w->depth = 1;
			w->plen = 0;
			w->path[0] = '\0';
		} else {
			walk_step(w, "..", 2);  /* relative to the link's directory */
		}
		r = walk_span(w, target, r);
		if (r < 0)
			return r;
	}
	return 0;
}
