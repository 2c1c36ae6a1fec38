/* SPDX-License-Identifier: MIT */
/*
 * A file system in RAM: a tree of nodes, a file's bytes in one block of
 * the heap that grows by doubling. It is the image's root file system,
 * mounted on "/" before any other (UK_INIT_CLASS_ROOTFS, priority 0).
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct node {
	struct uk_vnode vn;
	struct node *next, *children;   /* children: newest first */
	char *data;
	size_t cap;
	char *name;
	size_t namelen;
};

static const struct uk_vnode_ops ramfs_ops;
static uint64_t next_ino = 1;

static struct node *node_of(struct uk_vnode *vn)
{
	return UK_CONTAINER_OF(vn, struct node, vn);
}

static char *name_dup(const char *name, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, name, len);
		s[len] = '\0';
	}
	return s;
}

static struct node *node_new(const char *name, size_t len, unsigned int mode)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = name_dup(name, len);
	if (!n->name) {
		free(n);
		return NULL;
	}
	n->namelen = len;
	n->vn.ops = &ramfs_ops;
	n->vn.mode = mode;
	n->vn.nlink = UK_S_ISDIR(mode) ? 2 : 1;
	n->vn.ino = next_ino++;
	return n;
}

static void node_free(struct node *n)
{
	free(n->data);
	free(n->name);
	free(n);
}

/* The entry `name` of `dir`, and the link pointing at it. */
static struct node *find(struct node *dir, const char *name, size_t len, struct node ***link)
{
	for (struct node **p = &dir->children; *p; p = &(*p)->next)
		if ((*p)->namelen == len && !memcmp((*p)->name, name, len)) {
			*link = p;
			return *p;
		}
	return NULL;
}

static void attach(struct node *dir, struct node *n)
{
	n->next = dir->children;
	dir->children = n;
	if (UK_S_ISDIR(n->vn.mode))
		dir->vn.nlink++;
}

static void detach(struct node *dir, struct node **link)
{
	struct node *n = *link;

	*link = n->next;
	n->next = NULL;
	if (UK_S_ISDIR(n->vn.mode))
		dir->vn.nlink--;
}

/* An unlinked node lives on while a descriptor holds it (then release frees it). */
static void unlinked(struct node *n)
{
	n->vn.nlink = 0;
	if (!n->vn.refs)
		node_free(n);
}

static int ramfs_lookup(struct uk_vnode *dir, const char *name, size_t len, struct uk_vnode **out)
{
	struct node **link, *n = find(node_of(dir), name, len, &link);

	if (!n)
		return -ENOENT;
	*out = &n->vn;
	return 0;
}

static int ramfs_create(struct uk_vnode *dir, const char *name, size_t len,
			unsigned int mode, struct uk_vnode **out)
{
	struct node *n = node_new(name, len, mode);

	if (!n)
		return -ENOSPC;
	attach(node_of(dir), n);
	*out = &n->vn;
	return 0;
}

static int ramfs_remove(struct uk_vnode *dir, const char *name, size_t len)
{
	struct node **link, *n = find(node_of(dir), name, len, &link);

	if (!n)
		return -ENOENT;
	detach(node_of(dir), link);
	unlinked(n);
	return 0;
}

static int ramfs_rename(struct uk_vnode *odir, const char *oname, size_t olen,
			struct uk_vnode *ndir, const char *nname, size_t nlen)
{
	struct node **link, *n, *old;
	char *name;

	if (!find(node_of(odir), oname, olen, &link))
		return -ENOENT;
	name = name_dup(nname, nlen);
	if (!name)
		return -ENOSPC;
	n = *link;
	detach(node_of(odir), link);
	old = find(node_of(ndir), nname, nlen, &link);
	if (old) {
		detach(node_of(ndir), link);
		unlinked(old);
	}
	free(n->name);
	n->name = name;
	n->namelen = nlen;
	attach(node_of(ndir), n);
	return 0;
}

static int ramfs_readdir(struct uk_vnode *dir, uint64_t index, struct uk_vfs_dirent *out)
{
	struct node *n = node_of(dir)->children;

	while (n && index--)
		n = n->next;
	if (!n)
		return -ENOENT;
	out->ino = n->vn.ino;
	out->mode = n->vn.mode;
	memcpy(out->name, n->name, n->namelen + 1);
	return 0;
}

static long ramfs_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	struct node *n = node_of(vn);

	if (off >= vn->size)
		return 0;
	if (len > (size_t)(vn->size - off))
		len = vn->size - off;
	memcpy(buf, n->data + off, len);
	return len;
}

/* Room for `size` bytes; what grows is zero-filled. */
static int reserve(struct node *n, size_t size)
{
	size_t cap = n->cap ? n->cap : 64;
	char *data;

	if (size <= n->cap)
		return 0;
	/* Past this the doubling below would overflow: no heap is that big. */
	if (size > SIZE_MAX / 2)
		return -ENOSPC;
	while (cap < size)
		cap *= 2;
	data = realloc(n->data, cap);
	if (!data)
		return -ENOSPC;
	memset(data + n->cap, 0, cap - n->cap);
	n->data = data;
	n->cap = cap;
	return 0;
}

static long ramfs_write(struct uk_vnode *vn, const void *buf, size_t len, int64_t off)
{
	struct node *n = node_of(vn);
	int r;

	if (!len)
		return 0;
	r = reserve(n, off + len);
	if (r < 0)
		return r;
	memcpy(n->data + off, buf, len);
	if (off + (int64_t)len > vn->size)
		vn->size = off + len;
	return len;
}

static int ramfs_truncate(struct uk_vnode *vn, int64_t len)
{
	struct node *n = node_of(vn);
	int r;

	if (len > vn->size) {
		r = reserve(n, len);
		if (r < 0)
			return r;
	} else if ((size_t)len < n->cap) {
		/* Bytes past the end read as zeros if the file grows again. */
		memset(n->data + len, 0, n->cap - len);
	}
	vn->size = len;
	return 0;
}

static void ramfs_release(struct uk_vnode *vn)
{
	node_free(node_of(vn));
}

static const struct uk_vnode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.remove = ramfs_remove,
	.rename = ramfs_rename,
	.readdir = ramfs_readdir,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.release = ramfs_release,
};

static int ramfs_mount_root(void)
{
	struct node *root = node_new("", 0, UK_S_IFDIR | 0755);

	if (!root)
		return -ENOMEM;
	return uk_vfs_mount("/", &root->vn);
}
UK_INITCALL_PRIO(ramfs_mount_root, NULL, UK_INIT_CLASS_ROOTFS, 0);
