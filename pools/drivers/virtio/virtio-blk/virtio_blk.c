/* SPDX-License-Identifier: MIT */
/*
 * Virtio block devices (spec 5.2) as ukblkdev devices. A request is a
 * chain of three parts: the header (type, sector) the device reads, the
 * data (read by the device for a write, written for a read), the status
 * byte the device writes. Header and status live in the request's driver
 * words, so a request needs no allocation.
 */
#include <uk/virtio.h>
#include <uk/blkdev.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <stdio.h>
#include <errno.h>

#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO       5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Configuration layout (spec 5.2.4). */
#define CFG_CAPACITY 0
#define CFG_SIZE_MAX 8

#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

/* Virtio counts sectors of 512 bytes, whatever the device's block size. */
#define SECTOR 512

/* One request's chain: header, data, status; 64 in flight at most. */
#define QUEUE_SIZE 128
/* 1 MiB per request: one descriptor each, within QEMU's limits. */
#define MAX_SECTORS 2048

struct blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* What the driver words of a uk_blkreq hold. */
struct req_words {
	struct blk_header hdr;
	uint8_t status;
};
UK_CTASSERT(sizeof(struct req_words) <= sizeof(((struct uk_blkreq *)0)->driver));

struct vblk {
	struct uk_blkdev blk;
	struct virtio_dev *vd;
	struct virtqueue *vq;
	char name[32];
};

/* Takes the finished requests; returns how many. */
static unsigned long complete(struct virtqueue *vq)
{
	struct uk_blkreq *req;
	unsigned long n = 0;

	while ((req = virtqueue_get(vq, NULL))) {
		n++;
		struct req_words *w = (struct req_words *)req->driver;

		req->status = w->status == VIRTIO_BLK_S_OK ? 0
			    : w->status == VIRTIO_BLK_S_UNSUPP ? -ENOTSUP : -EIO;
		req->done = true;
	}
	return n;
}

/* In the interrupt handler. */
static void vq_done(struct virtqueue *vq, void *arg)
{
	struct vblk *b = arg;

	b->blk.irq_completions += complete(vq);
}

static int vblk_submit(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	struct vblk *b = dev->priv;
	struct req_words *w = (struct req_words *)req->driver;
	struct virtqueue_buf bufs[3];
	unsigned int nout = 1, nin = 1;
	int rc;

	w->status = 0xff;   /* not a status the device writes */
	w->hdr.reserved = 0;
	w->hdr.sector = req->sector;
	bufs[0] = (struct virtqueue_buf){ &w->hdr, sizeof(w->hdr) };
	switch (req->op) {
	case UK_BLKREQ_READ:
		w->hdr.type = VIRTIO_BLK_T_IN;
		bufs[1] = (struct virtqueue_buf){ req->buf, req->nsectors * SECTOR };
		nin++;
		break;
	case UK_BLKREQ_WRITE:
		w->hdr.type = VIRTIO_BLK_T_OUT;
		bufs[1] = (struct virtqueue_buf){ req->buf, req->nsectors * SECTOR };
		nout++;
		break;
	default:
		w->hdr.type = VIRTIO_BLK_T_FLUSH;
		w->hdr.sector = 0;
		break;
	}
	bufs[nout + nin - 1] = (struct virtqueue_buf){ &w->status, 1 };
	rc = virtqueue_add(b->vq, bufs, nout, nin, req);
	if (rc)
		return rc == -ENOSPC ? -EBUSY : rc;
	virtqueue_kick(b->vq);
	return 0;
}

static void vblk_poll(struct uk_blkdev *dev)
{
	complete(((struct vblk *)dev->priv)->vq);
}

static void vblk_set_interrupts(struct uk_blkdev *dev, bool on)
{
	struct vblk *b = dev->priv;

	if (!on)
		virtqueue_intr_disable(b->vq);
	else if (virtqueue_intr_enable(b->vq))
		complete(b->vq);   /* arrived while off: no interrupt comes */
}

static const struct uk_blkdev_ops vblk_ops = {
	.submit = vblk_submit,
	.poll = vblk_poll,
	.set_interrupts = vblk_set_interrupts,
};

static int vblk_probe(const struct uk_device *dev)
{
	struct virtio_dev *vd = UK_CONTAINER_OF(dev, struct virtio_dev, dev);
	struct uk_alloc *a = uk_alloc_get_default();
	struct vblk *b;
	uint64_t size_max;
	int rc;

	b = a ? uk_calloc(a, 1, sizeof(*b)) : NULL;
	if (!b)
		return -ENOMEM;
	rc = virtio_negotiate(vd, VIRTIO_FEATURE(VIRTIO_BLK_F_RO) |
				  VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) |
				  VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX));
	if (rc)
		return rc;
	b->vd = vd;
	b->vq = virtio_vq_setup(vd, 0, QUEUE_SIZE, vq_done, b);
	if (!b->vq)
		return -ENOMEM;
	snprintf(b->name, sizeof(b->name), "virtio-blk %s", vd->where);
	b->blk = (struct uk_blkdev){
		.name = b->name,
		.sectors = virtio_config_read(vd, CFG_CAPACITY, 8),
		.sector_size = SECTOR,
		.max_sectors = MAX_SECTORS,
		.read_only = virtio_has_feature(vd, VIRTIO_BLK_F_RO),
		.can_flush = virtio_has_feature(vd, VIRTIO_BLK_F_FLUSH),
		.ops = &vblk_ops,
		.priv = b,
	};
	/* A data buffer is one descriptor: no larger than the device takes. */
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SIZE_MAX)) {
		size_max = virtio_config_read(vd, CFG_SIZE_MAX, 4);
		if (size_max >= SECTOR && size_max / SECTOR < MAX_SECTORS)
			b->blk.max_sectors = size_max / SECTOR;
	}
	vd->driver_data = b;
	rc = virtio_driver_ok(vd);
	if (rc)
		return rc;
	b->blk.has_irq = vd->irq_valid;
	if (!b->blk.has_irq)
		virtqueue_intr_disable(b->vq);
	return uk_blkdev_register(&b->blk);
}

static const char *const compatible[] = { "virtio,device2", NULL };
UK_DRIVER(virtio_blk, UK_DRIVER_VIRTIO, compatible, vblk_probe);
