/* SPDX-License-Identifier: MIT */
/*
 * Host folders as file systems of vfscore, over 9P2000.L (p9.c).
 *
 * Every vnode holds a fid the server walked to it. A directory keeps the
 * vnodes of the names looked up in it (its children), so that a name
 * gives the same vnode while it names the same file: a lookup walks the
 * name again (the host may have changed it), and keeps the cached
 * vnode when the server reports the same file (qid path), else replaces
 * it. The host's folder is the truth: attributes are read again at each
 * lookup, data is never cached.
 *
 * Opening a file opens a second fid for its data (Tlopen), shared by
 * the file's descriptors and widened to read-write when a descriptor
 * needs more than it allows; the host's permission checks answer there
 * (EACCES as Linux gives it). It is closed with the last descriptor.
 */
#include <uk/vfs.h>
#include <uk/9pdev.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "p9.h"

/* What 9pfs asks the server for (it may offer less): 512 KiB of data a message. */
#define MSIZE (512 * 1024 + 4096)

struct entry {
	uint64_t ino;
	unsigned int mode;
	char *name;
};

struct node {
	struct uk_vnode vn;
	struct p9 *p;
	struct node *parent, *next, *children;
	char *name;
	size_t namelen;
	uint32_t fid;            /* walked to the file */
	uint32_t iofid;          /* opened for data, or P9_NOFID */
	int iomode;              /* P9_O_RDONLY, _WRONLY or _RDWR */
	unsigned int opens;      /* descriptors of the file */
	uint64_t qpath;
	struct entry *ents;      /* a directory's entries, read at index 0 */
	size_t nents;
};

static const struct uk_vnode_ops p9fs_ops;

static struct node *node_of(struct uk_vnode *vn)
{
	return UK_CONTAINER_OF(vn, struct node, vn);
}

static void set_attr(struct node *n, const struct p9_attr *a)
{
	n->qpath = a->qid.path;
	n->vn.ino = a->qid.path;
	n->vn.mode = a->mode;
	n->vn.nlink = a->nlink ? a->nlink : 1;
	n->vn.size = a->size;
	n->vn.rdev = a->rdev;
	n->vn.mtime_sec = a->mtime_sec;
	n->vn.mtime_nsec = a->mtime_nsec;
}

static void free_ents(struct node *n)
{
	for (size_t i = 0; i < n->nents; i++)
		free(n->ents[i].name);
	free(n->ents);
	n->ents = NULL;
	n->nents = 0;
}

static void node_free(struct node *n)
{
	if (n->iofid != P9_NOFID)
		p9_clunk(n->p, n->iofid);
	p9_clunk(n->p, n->fid);
	free_ents(n);
	free(n->name);
	free(n);
}

static void detach(struct node *n)
{
	struct node **pp;

	if (!n->parent)
		return;
	for (pp = &n->parent->children; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	n->parent = NULL;
	n->next = NULL;
}

/*
 * The file is gone from its directory (removed, replaced, or renamed away
 * by the host): out of the cache, with what was cached under it; freed
 * unless a descriptor still holds it (then release frees it).
 */
static void drop(struct node *n)
{
	detach(n);
	while (n->children)
		drop(n->children);
	n->vn.nlink = 0;
	if (!n->vn.refs)
		node_free(n);
}

static struct node *child(struct node *dir, const char *name, size_t len)
{
	for (struct node *c = dir->children; c; c = c->next)
		if (c->namelen == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

static void attach(struct node *dir, struct node *n)
{
	n->parent = dir;
	n->next = dir->children;
	dir->children = n;
}

static struct node *node_new(struct p9 *p, const char *name, size_t len, uint32_t fid)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = malloc(len + 1);
	if (!n->name) {
		free(n);
		return NULL;
	}
	memcpy(n->name, name, len);
	n->name[len] = '\0';
	n->namelen = len;
	n->p = p;
	n->fid = fid;
	n->iofid = P9_NOFID;
	n->vn.ops = &p9fs_ops;
	return n;
}

/* Walks `name` of `dir` again and returns its vnode, cached or new. */
static int p9fs_lookup(struct uk_vnode *dvn, const char *name, size_t len,
		       struct uk_vnode **out)
{
	struct node *dir = node_of(dvn), *n;
	struct p9 *p = dir->p;
	struct p9_qid qid;
	struct p9_attr a;
	uint32_t fid = p9_fid_new(p);
	int r;

	r = p9_walk(p, dir->fid, fid, name, len, &qid);
	if (r < 0)
		return r;
	r = p9_getattr(p, fid, &a);
	if (r < 0) {
		p9_clunk(p, fid);
		return r;
	}
	n = child(dir, name, len);
	if (n && n->qpath == a.qid.path) {
		/* The fresh fid names the file where it is now. */
		p9_clunk(p, n->fid);
		n->fid = fid;
	} else {
		if (n)
			drop(n);
		n = node_new(p, name, len, fid);
		if (!n) {
			p9_clunk(p, fid);
			return -ENOMEM;
		}
		attach(dir, n);
	}
	set_attr(n, &a);
	*out = &n->vn;
	return 0;
}

static int p9fs_create(struct uk_vnode *dvn, const char *name, size_t len,
		       unsigned int mode, struct uk_vnode **out)
{
	struct node *dir = node_of(dvn), *n;
	struct p9 *p = dir->p;
	struct p9_qid qid;
	uint32_t fid;
	int r;

	if (UK_S_ISDIR(mode))
		return (r = p9_mkdir(p, dir->fid, name, len, mode & 07777)) < 0
			? r : p9fs_lookup(dvn, name, len, out);
	/*
	 * The new file is opened read-write as it is made, so that a
	 * descriptor of it may write even when its mode forbids (as Linux
	 * lets the creator of a read-only file write through its descriptor).
	 */
	fid = p9_fid_new(p);
	r = p9_walk(p, dir->fid, fid, NULL, 0, &qid);
	if (r < 0)
		return r;
	r = p9_lcreate(p, fid, name, len, P9_O_RDWR | P9_O_CREAT | P9_O_EXCL, mode & 07777);
	if (r == 0)
		r = p9fs_lookup(dvn, name, len, out);
	if (r < 0) {
		p9_clunk(p, fid);
		return r;
	}
	n = node_of(*out);
	if (n->iofid != P9_NOFID)
		p9_clunk(p, n->iofid);
	n->iofid = fid;
	n->iomode = P9_O_RDWR;
	return 0;
}

static int p9fs_remove(struct uk_vnode *dvn, const char *name, size_t len)
{
	struct node *dir = node_of(dvn), *n = child(dir, name, len);
	int r;

	r = p9_unlinkat(dir->p, dir->fid, name, len,
			n && UK_S_ISDIR(n->vn.mode) ? P9_AT_REMOVEDIR : 0);
	if (r == 0 && n)
		drop(n);
	return r;
}

static int p9fs_rename(struct uk_vnode *odvn, const char *oname, size_t olen,
		       struct uk_vnode *ndvn, const char *nname, size_t nlen)
{
	struct node *odir = node_of(odvn), *ndir = node_of(ndvn), *n, *old;
	struct p9 *p = odir->p;
	char *name;
	int r;

	r = p9_renameat(p, odir->fid, oname, olen, ndir->fid, nname, nlen);
	if (r < 0)
		return r;
	old = child(ndir, nname, nlen);
	if (old)
		drop(old);
	n = child(odir, oname, olen);
	if (!n)
		return 0;
	name = malloc(nlen + 1);
	if (!name) {
		drop(n);    /* found again by the next lookup */
		return 0;
	}
	memcpy(name, nname, nlen);
	name[nlen] = '\0';
	detach(n);
	free(n->name);
	n->name = name;
	n->namelen = nlen;
	/* What was cached under a moved directory is walked again when named. */
	while (n->children)
		drop(n->children);
	attach(ndir, n);
	return 0;
}

struct listing {
	struct node *dir;
	size_t cap;
	int err;
};

static int add_entry(void *arg, const struct p9_qid *qid, uint8_t type,
		     const char *name, size_t len)
{
	struct listing *l = arg;
	struct node *d = l->dir;
	struct entry *e;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (len > UK_VFS_NAME_MAX)
		return 0;
	if (d->nents == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;

		e = realloc(d->ents, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		d->ents = e;
		l->cap = cap;
	}
	e = &d->ents[d->nents];
	e->name = malloc(len + 1);
	if (!e->name)
		return -ENOMEM;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->ino = qid->path;
	e->mode = (unsigned int)type << 12;   /* DT_* is the S_IFMT type >> 12 */
	d->nents++;
	return 0;
}

/* Reads the whole directory from the server into d->ents. */
static int read_listing(struct node *d)
{
	struct p9 *p = d->p;
	struct listing l = { d, 0, 0 };
	struct p9_qid qid;
	uint64_t off = 0;
	uint32_t fid = p9_fid_new(p);
	int r;

	free_ents(d);
	r = p9_walk(p, d->fid, fid, NULL, 0, &qid);
	if (r < 0)
		return r;
	r = p9_lopen(p, fid, P9_O_RDONLY | P9_O_DIRECTORY);
	while (r == 0) {
		r = p9_readdir(p, fid, &off, add_entry, &l);
		r = r > 0 ? 0 : r < 0 ? r : 1;
	}
	p9_clunk(p, fid);
	return r < 0 ? r : 0;
}

static int p9fs_readdir(struct uk_vnode *dvn, uint64_t index, struct uk_vfs_dirent *out)
{
	struct node *d = node_of(dvn);
	int r;

	/* A listing from its start reads the folder as it is now. */
	if (index == 0 || !d->ents) {
		r = read_listing(d);
		if (r < 0)
			return r;
	}
	if (index >= d->nents)
		return -ENOENT;
	out->ino = d->ents[index].ino;
	out->mode = d->ents[index].mode;
	strcpy(out->name, d->ents[index].name);
	return 0;
}

static int p9fs_open(struct uk_vnode *vn, int flags)
{
	struct node *n = node_of(vn);
	struct p9 *p = n->p;
	struct p9_qid qid;
	int want = flags & UK_O_ACCMODE, mode;
	uint32_t fid;
	int r;

	if (!UK_S_ISREG(vn->mode)) {
		n->opens++;
		return 0;     /* directories are read with fids of their own */
	}
	if (n->iofid != P9_NOFID && (n->iomode == P9_O_RDWR || n->iomode == want)) {
		n->opens++;
		return 0;
	}
	mode = n->iofid == P9_NOFID ? want : P9_O_RDWR;
	fid = p9_fid_new(p);
	r = p9_walk(p, n->fid, fid, NULL, 0, &qid);
	if (r < 0)
		return r;
	r = p9_lopen(p, fid, mode);
	if (r < 0) {
		p9_clunk(p, fid);
		return r;
	}
	if (n->iofid != P9_NOFID)
		p9_clunk(p, n->iofid);
	n->iofid = fid;
	n->iomode = mode;
	n->opens++;
	return 0;
}

static void p9fs_close(struct uk_vnode *vn)
{
	struct node *n = node_of(vn);

	if (--n->opens == 0 && n->iofid != P9_NOFID) {
		p9_clunk(n->p, n->iofid);
		n->iofid = P9_NOFID;
	}
}

static long p9fs_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	struct node *n = node_of(vn);
	size_t done = 0;
	long r;

	if (n->iofid == P9_NOFID || n->iomode == P9_O_WRONLY)
		return -EBADF;
	while (done < len) {
		r = p9_read(n->p, n->iofid, off + done, (char *)buf + done,
			    len - done > UINT32_MAX ? UINT32_MAX : len - done);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

static long p9fs_write(struct uk_vnode *vn, const void *buf, size_t len, int64_t off)
{
	struct node *n = node_of(vn);
	size_t done = 0;
	long r;

	if (n->iofid == P9_NOFID || n->iomode == P9_O_RDONLY)
		return -EBADF;
	while (done < len) {
		r = p9_write(n->p, n->iofid, off + done, (const char *)buf + done,
			     len - done > UINT32_MAX ? UINT32_MAX : len - done);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		done += r;
	}
	if (off + (int64_t)done > vn->size)
		vn->size = off + done;
	return done;
}

static int p9fs_truncate(struct uk_vnode *vn, int64_t len)
{
	struct node *n = node_of(vn);
	int r = p9_truncate(n->p, n->fid, len);

	if (r == 0)
		vn->size = len;
	return r;
}

static int p9fs_sync(struct uk_vnode *vn)
{
	struct node *n = node_of(vn);

	/* A directory, or a file no descriptor writes: nothing of ours to flush. */
	return n->iofid == P9_NOFID ? 0 : p9_fsync(n->p, n->iofid);
}

static void p9fs_release(struct uk_vnode *vn)
{
	node_free(node_of(vn));
}

static const struct uk_vnode_ops p9fs_ops = {
	.lookup = p9fs_lookup,
	.create = p9fs_create,
	.remove = p9fs_remove,
	.rename = p9fs_rename,
	.readdir = p9fs_readdir,
	.read = p9fs_read,
	.write = p9fs_write,
	.truncate = p9fs_truncate,
	.open = p9fs_open,
	.close = p9fs_close,
	.sync = p9fs_sync,
	.release = p9fs_release,
};

/* ---- devices and mounts --------------------------------------------- */

static struct uk_9pdev *devices;

int uk_9pdev_register(struct uk_9pdev *dev)
{
	if (uk_9pdev_find(dev->tag))
		return -EEXIST;
	dev->next = devices;
	devices = dev;
	return 0;
}

struct uk_9pdev *uk_9pdev_find(const char *tag)
{
	for (struct uk_9pdev *d = devices; d; d = d->next)
		if (!strcmp(d->tag, tag))
			return d;
	return NULL;
}

/* "TAG:PATH[,TAG:PATH...]": what to mount where (ukconfig run --share). */
static char *mount_list;
UK_LIBPARAM_NAMED(mount, mount_list);

static int mount_one(const char *tag, const char *path)
{
	struct uk_9pdev *dev = uk_9pdev_find(tag);
	struct p9 *p;
	struct p9_qid qid;
	struct p9_attr a;
	struct node *root;
	uint32_t fid;
	int r;

	if (!dev)
		return -ENODEV;
	if (dev->in_use)
		return -EBUSY;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	r = p9_connect(p, dev, MSIZE);
	if (r < 0)
		return r;
	fid = p9_fid_new(p);
	r = p9_attach(p, fid, &qid);
	if (r < 0)
		return r;
	r = p9_getattr(p, fid, &a);
	if (r < 0)
		return r;
	root = node_new(p, "", 0, fid);
	if (!root)
		return -ENOMEM;
	set_attr(root, &a);
	r = uk_vfs_mkdirs(path, 0755);
	if (r == 0)
		r = uk_vfs_mount(path, &root->vn);
	if (r == 0)
		dev->in_use = true;
	return r;
}

static int mount_shares(void)
{
	char *list, *item, *end, *colon;
	int r;

	if (!mount_list || !mount_list[0])
		return 0;
	list = strdup(mount_list);
	if (!list)
		return -ENOMEM;
	for (item = list; item; item = end) {
		end = strchr(item, ',');
		if (end)
			*end++ = '\0';
		colon = strchr(item, ':');
		if (!colon || colon == item || colon[1] != '/') {
			uk_pr_err("9pfs.mount: '%s' is not TAG:/PATH\n", item);
			continue;
		}
		*colon = '\0';
		r = mount_one(item, colon + 1);
		if (r == -ENODEV)
			uk_pr_err("9pfs: no 9P device with tag %s (is the image's 9P driver in, and the device attached?)\n", item);
		else if (r < 0)
			uk_pr_err("9pfs: cannot mount %s on %s: error %d\n", item, colon + 1, -r);
	}
	free(list);
	/* A share that is missing is reported; the image runs on without it. */
	return 0;
}
/* After the root file system, the initrd and devfs (priorities 0-2). */
UK_INITCALL_PRIO(mount_shares, NULL, UK_INIT_CLASS_ROOTFS, 3);
