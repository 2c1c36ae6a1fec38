/* SPDX-License-Identifier: MIT */
/* Path resolution inside vfscore (path.c). */
#ifndef VFSCORE_PATH_H
#define VFSCORE_PATH_H

#include <uk/vfs.h>

#define AT_FDCWD (-100)
#define VFS_DEPTH_MAX 64

/*
 * A walk from the root: the directories passed (so that ".." is a pop,
 * which also leaves a mounted file system where it was entered) and the
 * canonical path so far ("" for the root).
 */
struct walk {
	struct uk_vnode *stack[VFS_DEPTH_MAX];
	int depth;
	size_t plen;
	char path[UK_VFS_PATH_MAX];
};

static inline struct uk_vnode *walk_top(const struct walk *w)
{
	return w->stack[w->depth - 1];
}

/* Goes down into `vn`, the entry `name` (len bytes) of the top directory. */
int walk_push(struct walk *w, struct uk_vnode *vn, const char *name, size_t len);

/* The whole of `path` (relative to `dirfd`'s directory, or the cwd). */
int vfs_resolve(int dirfd, const char *path, struct walk *w);

/*
 * Everything of `path` but its last component, which is returned in
 * *last (*len bytes; 0 for "/"). Trailing slashes are skipped and
 * reported in *dir_only.
 */
int vfs_resolve_parent(int dirfd, const char *path, struct walk *w,
		       const char **last, size_t *len, bool *dir_only);

/*
 * When the walk ends at a symbolic link, goes on to its target (and to
 * the target's, VFS_FOLLOW_MAX deep, else -ELOOP): what open and stat do
 * with a last component, as on Linux. Links in the middle of a path are
 * not followed (-ENOTDIR): only procfs makes links, and its are leaves.
 */
#define VFS_FOLLOW_MAX 8
int vfs_follow(struct walk *w);

/* The entry `name` of directory `dir`, past any file system mounted on it. */
int vfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
	       struct uk_vnode **out);

/* "", "." or "..": a last component that names no entry to make or remove. */
static inline bool vfs_is_dot(const char *name, size_t len)
{
	return len == 0 || (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

/* The canonical path of a walk ("/" for the root). */
static inline const char *walk_path(const struct walk *w)
{
	return w->plen ? w->path : "/";
}

/* The working directory's canonical path. */
extern char vfs_cwd[UK_VFS_PATH_MAX];

/* The directory an open descriptor names (its canonical path), or -EBADF / -ENOTDIR. */
int vfs_dir_path_of(int fd, const char **path);

#endif
