/* SPDX-License-Identifier: MIT */
/*
 * Block devices: read, write and flush sectors, synchronously or as
 * requests the caller polls. Drivers (virtio-blk, ...) register their
 * devices with uk_blkdev_register(); applications find them by index.
 *
 *   struct uk_blkdev *d = uk_blkdev_get(0);
 *   uk_blkdev_read(d, 0, 8, buf);            8 sectors from sector 0
 *
 * Synchronous calls wait for the device's interrupt (the CPU halts until
 * one arrives) when the device has one and interrupts are on, else they
 * poll; either way they give up after UKBLKDEV_TIMEOUT_S seconds (when
 * the platform has a timer) with -ETIMEDOUT. A request outside the
 * device, or a write to a read-only device, is refused before reaching
 * the driver (-EINVAL, -EROFS); the device's own errors are -EIO.
 *
 * Asynchronous use: fill a struct uk_blkreq, uk_blkdev_submit() it, then
 * call uk_blkdev_poll() until req->done (or let the interrupt complete
 * it). The buffer and the request stay the caller's and must not move
 * until done. One CPU uses a device at a time.
 */
#ifndef UK_BLKDEV_H
#define UK_BLKDEV_H

#include <uk/essentials.h>

#define UK_BLKREQ_READ  0
#define UK_BLKREQ_WRITE 1
#define UK_BLKREQ_FLUSH 2

struct uk_blkreq {
	unsigned int op;            /* UK_BLKREQ_* */
	uint64_t sector;            /* first sector (READ, WRITE) */
	uint32_t nsectors;
	void *buf;                  /* nsectors * sector_size bytes */
	volatile bool done;         /* set on completion */
	int status;                 /* then: 0 or a negative errno */
	/* The driver's, for the request's lifetime (e.g. a request header). */
	uint64_t driver[4];
};

struct uk_blkdev;

struct uk_blkdev_ops {
	/* Queues a checked request; -EBUSY when the device's queue is full. */
	int (*submit)(struct uk_blkdev *dev, struct uk_blkreq *req);
	/* Completes what the device has finished (interrupts are off). */
	void (*poll)(struct uk_blkdev *dev);
	/* Interrupt completion on or off (polling mode); NULL: always polled. */
	void (*set_interrupts)(struct uk_blkdev *dev, bool on);
};

struct uk_blkdev {
	const char *name;           /* "virtio-blk pci 00:04.0" */
	uint64_t sectors;           /* size in sectors */
	uint32_t sector_size;       /* bytes */
	uint32_t max_sectors;       /* per request; larger calls are split */
	bool read_only;
	bool can_flush;             /* false: writes reach the medium directly */
	bool has_irq;               /* completion by interrupt possible */
	bool polling;               /* set with uk_blkdev_set_polling() */
	/* Requests the driver completed in its interrupt handler (statistics). */
	unsigned long irq_completions;
	const struct uk_blkdev_ops *ops;
	void *priv;                 /* the driver's */
};

/* Wait limit of the synchronous calls. */
#define UKBLKDEV_TIMEOUT_S 30

/* For drivers: adds a device; 0 or -ENOMEM (CONFIG_UKBLKDEV_MAX). */
int uk_blkdev_register(struct uk_blkdev *dev);

unsigned int uk_blkdev_count(void);
/* Device `i` in registration order, or NULL. */
struct uk_blkdev *uk_blkdev_get(unsigned int i);

static inline uint64_t uk_blkdev_size(const struct uk_blkdev *d)
{
	return d->sectors * d->sector_size;
}

/* Synchronous: 0 or a negative errno. */
int uk_blkdev_read(struct uk_blkdev *d, uint64_t sector, uint32_t n, void *buf);
int uk_blkdev_write(struct uk_blkdev *d, uint64_t sector, uint32_t n,
		    const void *buf);
int uk_blkdev_flush(struct uk_blkdev *d);

/* Asynchronous: 0 (the request is queued) or a negative errno. */
int uk_blkdev_submit(struct uk_blkdev *d, struct uk_blkreq *req);
/* Completes finished requests (sets their `done`). */
void uk_blkdev_poll(struct uk_blkdev *d);

/* Polling mode (no interrupts) on or off; -ENOTSUP without an interrupt. */
int uk_blkdev_set_polling(struct uk_blkdev *d, bool polling);

#endif /* UK_BLKDEV_H */
