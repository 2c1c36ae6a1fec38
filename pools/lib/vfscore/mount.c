/* SPDX-License-Identifier: MIT */
/*
 * The mount table and the vnodes' reference counts. A file system is
 * mounted on a directory by pointing that directory (the covered vnode)
 * at the new root: the walk follows it; the table records what is where.
 */
#include <errno.h>
#include <string.h>

#include "path.h"
#include "vfs_impl.h"

#define MOUNT_MAX 16

struct uk_vnode *vfs_root;

static struct {
	struct uk_vnode *root, *covered;
} mounts[MOUNT_MAX];
static int nr_mounts;

void uk_vnode_get(struct uk_vnode *vn)
{
	vn->refs++;
}

void uk_vnode_put(struct uk_vnode *vn)
{
	if (--vn->refs == 0 && vn->nlink == 0 && vn->ops->release)
		vn->ops->release(vn);
}

int uk_vfs_mount(const char *path, struct uk_vnode *root)
{
	struct walk w;
	struct uk_vnode *covered = NULL;
	int r;

	if (!UK_S_ISDIR(root->mode))
		return -ENOTDIR;
	if (nr_mounts == MOUNT_MAX)
		return -ENOSPC;
	if (!vfs_root) {
		if (strcmp(path, "/"))
			return -ENOENT;    /* the root file system comes first */
		vfs_root = root;
	} else {
		r = vfs_resolve(AT_FDCWD, path, &w);
		if (r < 0)
			return r;
		covered = walk_top(&w);
		if (!UK_S_ISDIR(covered->mode))
			return -ENOTDIR;
		/* The walk ends past mounts: a covered directory is not reached. */
		if (covered == vfs_root)
			return -EBUSY;
		uk_vnode_get(covered);
		covered->mounted = root;
	}
	uk_vnode_get(root);
	mounts[nr_mounts].root = root;
	mounts[nr_mounts].covered = covered;
	nr_mounts++;
	return 0;
}

/* True when some file system is mounted on `vn` or has it as its root. */
bool vfs_is_mount_point(const struct uk_vnode *vn)
{
	for (int i = 0; i < nr_mounts; i++)
		if (mounts[i].root == vn || mounts[i].covered == vn)
			return true;
	return false;
}
