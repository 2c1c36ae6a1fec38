/* SPDX-License-Identifier: MIT */
/*
 * A 9P2000.L client over one 9P device (p9.c): the messages 9pfs sends,
 * each a call that waits for its reply and returns 0 (or a count) or
 * -errno. The server's errors (Rlerror) are Linux errno values, which
 * are ours, so they are returned as they come.
 */
#ifndef NINEPFS_P9_H
#define NINEPFS_P9_H

#include <uk/9pdev.h>
#include <stddef.h>
#include <stdint.h>

#define P9_NOFID 0xffffffffU

/* Tlopen/Tlcreate flags (9P2000.L: Linux's generic open flags). */
#define P9_O_RDONLY    00
#define P9_O_WRONLY    01
#define P9_O_RDWR      02
#define P9_O_CREAT     0100
#define P9_O_EXCL      0200
#define P9_O_DIRECTORY 0200000

#define P9_AT_REMOVEDIR 0x200

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_attr {
	struct p9_qid qid;
	uint32_t mode;
	uint64_t nlink, rdev, size;
	int64_t mtime_sec, mtime_nsec;
};

/* One session: the device, the negotiated message size, the fids. */
struct p9 {
	struct uk_9pdev *dev;
	uint32_t msize;
	uint32_t next_fid;
	/* The message being built and the reply of a small request. */
	uint8_t *tx, *rx;
	size_t txlen;
	size_t rxlen, rxpos;
	bool rxbad;
};

/* The largest file data one Tread/Twrite carries. */
static inline uint32_t p9_iounit(const struct p9 *p)
{
	return p->msize - 24;
}

/* Tversion: "9P2000.L" with a message size up to `msize`. */
int p9_connect(struct p9 *p, struct uk_9pdev *dev, uint32_t msize);

static inline uint32_t p9_fid_new(struct p9 *p)
{
	return p->next_fid++;
}

int p9_attach(struct p9 *p, uint32_t fid, struct p9_qid *qid);
/* `newfid` names `name` in directory `fid`; len 0: a clone of `fid`. */
int p9_walk(struct p9 *p, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid);
int p9_getattr(struct p9 *p, uint32_t fid, struct p9_attr *a);
int p9_lopen(struct p9 *p, uint32_t fid, uint32_t flags);
/* `fid` (a directory) becomes the new file, opened with `flags`. */
int p9_lcreate(struct p9 *p, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode);
int p9_mkdir(struct p9 *p, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode);
int p9_unlinkat(struct p9 *p, uint32_t dfid, const char *name, size_t len,
		uint32_t flags);
int p9_renameat(struct p9 *p, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen);
int p9_truncate(struct p9 *p, uint32_t fid, uint64_t size);
int p9_fsync(struct p9 *p, uint32_t fid);
int p9_clunk(struct p9 *p, uint32_t fid);

/* At most p9_iounit() bytes: the count moved, or -errno. */
long p9_read(struct p9 *p, uint32_t fid, uint64_t off, void *buf, uint32_t len);
long p9_write(struct p9 *p, uint32_t fid, uint64_t off, const void *buf,
	      uint32_t len);

/* What one directory entry of Treaddir reports. */
typedef int (*p9_dirent_fn)(void *arg, const struct p9_qid *qid, uint8_t type,
			    const char *name, size_t len);

/*
 * Reads the entries of an opened directory fid from `*off` on, calling
 * `fn` for each (a negative return stops); advances *off. Returns how
 * many entries came (0: the end), or -errno.
 */
int p9_readdir(struct p9 *p, uint32_t fid, uint64_t *off, p9_dirent_fn fn,
	       void *arg);

#endif
