/* SPDX-License-Identifier: MIT */
/* What the parts of vfscore share. */
#ifndef VFSCORE_IMPL_H
#define VFSCORE_IMPL_H

#include <uk/vfs.h>

/* The root file system's root (NULL until one is mounted on "/"). */
extern struct uk_vnode *vfs_root;

/* Some file system is mounted on `vn`, or `vn` is the root of one. */
bool vfs_is_mount_point(const struct uk_vnode *vn);

void vfs_stat_of(const struct uk_vnode *vn, struct uk_stat *st);

/* The umask: the mode bits new files and directories do not get (open.c). */
extern unsigned int vfs_umask;

/* A vnode opened into a file object (open.c); NULL with -errno in *err. */
struct uk_file *vfs_file_open(struct uk_vnode *vn, int flags, const char *path,
			      int *err);

#endif
