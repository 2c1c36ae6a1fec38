/* SPDX-License-Identifier: MIT */
/*
 * The 9P2000.L messages 9pfs needs, built and parsed by hand: a message
 * is size[4] type[1] tag[2] then its fields, little-endian; a string is
 * len[2] and its bytes. One request is in flight at a time, so every
 * message has tag 1 (Tversion: NOTAG). File data of Tread and Twrite
 * travels in its own buffer, the caller's, without a copy.
 */
#include <uk/alloc.h>
#include <errno.h>
#include <string.h>

#include "p9.h"

enum {
	RLERROR = 7, TLOPEN = 12, TLCREATE = 14, TGETATTR = 24, TSETATTR = 26,
	TREADDIR = 40, TFSYNC = 50, TMKDIR = 72, TRENAMEAT = 74,
	TUNLINKAT = 76, TVERSION = 100, TATTACH = 104, TWALK = 110,
	TREAD = 116, TWRITE = 118, TCLUNK = 120,
};

#define NOTAG 0xffff
#define TAG   1
/* Header: size[4] type[1] tag[2]. */
#define HDR 7
/* Messages without file data (names are at most 255 bytes). */
#define SMALL 8192

#define GETATTR_BASIC  0x7ffULL
#define SETATTR_SIZE   0x8

/* ---- building ------------------------------------------------------- */

static void put(struct p9 *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p->tx[p->txlen++] = v >> (8 * i);
}

static void put_str(struct p9 *p, const char *s, size_t len)
{
	put(p, len, 2);
	memcpy(p->tx + p->txlen, s, len);
	p->txlen += len;
}

static void begin(struct p9 *p, uint8_t type)
{
	p->txlen = 0;
	put(p, 0, 4);             /* the size, set by send() */
	put(p, type, 1);
	put(p, type == TVERSION ? NOTAG : TAG, 2);
}

/* ---- parsing -------------------------------------------------------- */

static uint64_t get(struct p9 *p, int n)
{
	uint64_t v = 0;

	if (p->rxpos + n > p->rxlen) {
		p->rxbad = true;
		return 0;
	}
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p->rx[p->rxpos++] << (8 * i);
	return v;
}

static void get_qid(struct p9 *p, struct p9_qid *q)
{
	q->type = get(p, 1);
	q->version = get(p, 4);
	q->path = get(p, 8);
}

/* ---- one request ---------------------------------------------------- */

/*
 * Sends the message built in tx, with `data` (len bytes) after it:
 * going out (Twrite) or, with `in_data`, the reply's data (Tread) after
 * `rxhead` bytes of reply. Checks the reply is `type` + 1; an Rlerror
 * is its errno.
 */
static int exchange(struct p9 *p, uint8_t type, const void *data, uint32_t len,
		    bool in_data, size_t rxhead)
{
	struct uk_9p_buf out[2], in[2];
	unsigned int nout = 1, nin = 1;
	uint32_t size = p->txlen + (in_data ? 0 : len);
	long got;

	memcpy(p->tx, &(uint32_t){ size }, 4);  /* little-endian targets only */
	out[0] = (struct uk_9p_buf){ p->tx, p->txlen };
	in[0] = (struct uk_9p_buf){ p->rx, in_data ? rxhead : SMALL };
	if (len && !in_data)
		out[nout++] = (struct uk_9p_buf){ (void *)data, len };
	if (len && in_data)
		in[nin++] = (struct uk_9p_buf){ (void *)data, len };
	got = p->dev->ops->request(p->dev, out, nout, in, nin);
	if (got < 0)
		return got;
	p->rxlen = got < (long)in[0].len ? (size_t)got : in[0].len;
	p->rxpos = 0;
	p->rxbad = false;
	size = get(p, 4);
	uint8_t rtype = get(p, 1);
	get(p, 2);
	if (p->rxbad || size < HDR)
		return -EIO;
	if (rtype == RLERROR) {
		uint32_t e = get(p, 4);
		return p->rxbad || !e ? -EIO : -(int)e;
	}
	return rtype == type + 1 ? 0 : -EIO;
}

static int call(struct p9 *p, uint8_t type)
{
	int r = exchange(p, type, NULL, 0, false, 0);

	return r < 0 ? r : 0;
}

/* After a call: the reply was shorter than its fields. */
static int parsed(struct p9 *p)
{
	return p->rxbad ? -EIO : 0;
}

int p9_connect(struct p9 *p, struct uk_9pdev *dev, uint32_t msize)
{
	static const char version[] = "9P2000.L";
	struct uk_alloc *a = uk_alloc_get_default();
	uint32_t got;
	int r;

	memset(p, 0, sizeof(*p));
	p->dev = dev;
	p->tx = a ? uk_malloc(a, SMALL) : NULL;
	p->rx = a ? uk_malloc(a, SMALL) : NULL;
	if (!p->tx || !p->rx)
		return -ENOMEM;
	begin(p, TVERSION);
	put(p, msize, 4);
	put_str(p, version, sizeof(version) - 1);
	r = call(p, TVERSION);
	if (r < 0)
		return r;
	got = get(p, 4);
	if (parsed(p) < 0)
		return -EIO;
	if (get(p, 2) != sizeof(version) - 1 || p->rxpos + sizeof(version) - 1 > p->rxlen ||
	    memcmp(p->rx + p->rxpos, version, sizeof(version) - 1))
		return -EIO;      /* a server that does not speak 9P2000.L */
	/* Room for a header and some data at least. */
	if (got < 4096)
		return -EIO;
	p->msize = got < msize ? got : msize;
	return 0;
}

int p9_attach(struct p9 *p, uint32_t fid, struct p9_qid *qid)
{
	int r;

	begin(p, TATTACH);
	put(p, fid, 4);
	put(p, P9_NOFID, 4);      /* no authentication */
	put_str(p, "root", 4);
	put_str(p, "", 0);
	put(p, 0, 4);             /* n_uname: uid 0 */
	r = call(p, TATTACH);
	if (r < 0)
		return r;
	get_qid(p, qid);
	return parsed(p);
}

int p9_walk(struct p9 *p, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid)
{
	int r;

	begin(p, TWALK);
	put(p, fid, 4);
	put(p, newfid, 4);
	put(p, len ? 1 : 0, 2);
	if (len)
		put_str(p, name, len);
	r = call(p, TWALK);
	if (r < 0)
		return r;
	/* A walk that stops short answers with fewer qids: the name is missing. */
	if (get(p, 2) != (len ? 1 : 0))
		return p->rxbad ? -EIO : -ENOENT;
	if (len)
		get_qid(p, qid);
	return parsed(p);
}

int p9_getattr(struct p9 *p, uint32_t fid, struct p9_attr *a)
{
	int r;

	begin(p, TGETATTR);
	put(p, fid, 4);
	put(p, GETATTR_BASIC, 8);
	r = call(p, TGETATTR);
	if (r < 0)
		return r;
	get(p, 8);                 /* valid */
	get_qid(p, &a->qid);
	a->mode = get(p, 4);
	get(p, 4);                 /* uid */
	get(p, 4);                 /* gid */
	a->nlink = get(p, 8);
	a->rdev = get(p, 8);
	a->size = get(p, 8);
	get(p, 8);                 /* blksize */
	get(p, 8);                 /* blocks */
	get(p, 8);                 /* atime */
	get(p, 8);
	a->mtime_sec = get(p, 8);
	a->mtime_nsec = get(p, 8);
	return parsed(p);
}

int p9_lopen(struct p9 *p, uint32_t fid, uint32_t flags)
{
	begin(p, TLOPEN);
	put(p, fid, 4);
	put(p, flags, 4);
	return call(p, TLOPEN);
}

int p9_lcreate(struct p9 *p, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode)
{
	begin(p, TLCREATE);
	put(p, fid, 4);
	put_str(p, name, len);
	put(p, flags, 4);
	put(p, mode, 4);
	put(p, 0, 4);              /* gid */
	return call(p, TLCREATE);
}

int p9_mkdir(struct p9 *p, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode)
{
	begin(p, TMKDIR);
	put(p, dfid, 4);
	put_str(p, name, len);
	put(p, mode, 4);
	put(p, 0, 4);              /* gid */
	return call(p, TMKDIR);
}

int p9_unlinkat(struct p9 *p, uint32_t dfid, const char *name, size_t len,
		uint32_t flags)
{
	begin(p, TUNLINKAT);
	put(p, dfid, 4);
	put_str(p, name, len);
	put(p, flags, 4);
	return call(p, TUNLINKAT);
}

int p9_renameat(struct p9 *p, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen)
{
	begin(p, TRENAMEAT);
	put(p, ofid, 4);
	put_str(p, oname, olen);
	put(p, nfid, 4);
	put_str(p, nname, nlen);
	return call(p, TRENAMEAT);
}

int p9_truncate(struct p9 *p, uint32_t fid, uint64_t size)
{
	begin(p, TSETATTR);
	put(p, fid, 4);
	put(p, SETATTR_SIZE, 4);
	put(p, 0, 4);              /* mode */
	put(p, 0, 4);              /* uid */
	put(p, 0, 4);              /* gid */
	put(p, size, 8);
	for (int i = 0; i < 4; i++)
		put(p, 0, 8);      /* atime, mtime */
	return call(p, TSETATTR);
}

int p9_fsync(struct p9 *p, uint32_t fid)
{
	begin(p, TFSYNC);
	put(p, fid, 4);
	put(p, 0, 4);              /* datasync: no, everything */
	return call(p, TFSYNC);
}

int p9_clunk(struct p9 *p, uint32_t fid)
{
	begin(p, TCLUNK);
	put(p, fid, 4);
	return call(p, TCLUNK);
}

long p9_read(struct p9 *p, uint32_t fid, uint64_t off, void *buf, uint32_t len)
{
	uint32_t count;
	int r;

	if (len > p9_iounit(p))
		len = p9_iounit(p);
	begin(p, TREAD);
	put(p, fid, 4);
	put(p, off, 8);
	put(p, len, 4);
	/* The reply: header and count in rx, the data in buf. */
	r = exchange(p, TREAD, buf, len, true, HDR + 4);
	if (r < 0)
		return r;
	count = get(p, 4);
	if (p->rxbad || count > len)
		return -EIO;
	return count;
}

long p9_write(struct p9 *p, uint32_t fid, uint64_t off, const void *buf,
	      uint32_t len)
{
	uint32_t count;
	int r;

	if (len > p9_iounit(p))
		len = p9_iounit(p);
	begin(p, TWRITE);
	put(p, fid, 4);
	put(p, off, 8);
	put(p, len, 4);
	r = exchange(p, TWRITE, buf, len, false, 0);
	if (r < 0)
		return r;
	count = get(p, 4);
	if (p->rxbad || count > len)
		return -EIO;
	return count;
}

int p9_readdir(struct p9 *p, uint32_t fid, uint64_t *off, p9_dirent_fn fn,
	       void *arg)
{
	struct p9_qid qid;
	uint32_t count;
	size_t end, len;
	int r, n = 0;

	begin(p, TREADDIR);
	put(p, fid, 4);
	put(p, *off, 8);
	put(p, SMALL - HDR - 4, 4);
	r = call(p, TREADDIR);
	if (r < 0)
		return r;
	count = get(p, 4);
	if (p->rxbad || p->rxpos + count > p->rxlen)
		return -EIO;
	end = p->rxpos + count;
	while (p->rxpos < end) {
		get_qid(p, &qid);
		*off = get(p, 8);
		uint8_t type = get(p, 1);
		len = get(p, 2);
		if (p->rxbad || p->rxpos + len > end)
			return -EIO;
		r = fn(arg, &qid, type, (const char *)p->rx + p->rxpos, len);
		if (r < 0)
			return r;
		p->rxpos += len;
		n++;
	}
	return n;
}
