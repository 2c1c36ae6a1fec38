/* SPDX-License-Identifier: MIT */
/* The block-device registry and the synchronous calls (uk/blkdev.h). */
#include <uk/blkdev.h>
#include <uk/plat.h>
#include <string.h>
#include <errno.h>

#if CONFIG_UKLCPU_SMP
#include <uk/lcpu.h>
/* Device interrupts go to the boot CPU: another CPU would halt in vain. */
#define ON_BOOT_CPU() (uk_lcpu_id() == 0)
#else
#define ON_BOOT_CPU() true
#endif

static struct uk_blkdev *devices[CONFIG_UKBLKDEV_MAX];
static unsigned int ndevices;

int uk_blkdev_register(struct uk_blkdev *dev)
{
	if (ndevices == CONFIG_UKBLKDEV_MAX)
		return -ENOMEM;
	if (!dev->max_sectors)
		dev->max_sectors = 1;
	devices[ndevices++] = dev;
	return 0;
}

unsigned int uk_blkdev_count(void)
{
	return ndevices;
}

struct uk_blkdev *uk_blkdev_get(unsigned int i)
{
	return i < ndevices ? devices[i] : NULL;
}

static int check(const struct uk_blkdev *d, const struct uk_blkreq *req)
{
	switch (req->op) {
	case UK_BLKREQ_FLUSH:
		return 0;
	case UK_BLKREQ_WRITE:
		if (d->read_only)
			return -EROFS;
		/* fall through */
	case UK_BLKREQ_READ:
		if (!req->buf || !req->nsectors || req->nsectors > d->max_sectors)
			return -EINVAL;
		/* Written so that no sum overflows. */
		if (req->sector >= d->sectors ||
		    req->nsectors > d->sectors - req->sector)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

int uk_blkdev_submit(struct uk_blkdev *d, struct uk_blkreq *req)
{
	unsigned long flags;
	int rc = check(d, req);

	if (rc)
		return rc;
	req->done = false;
	req->status = 0;
	if (req->op == UK_BLKREQ_FLUSH && !d->can_flush) {
		req->done = true;   /* nothing is cached */
		return 0;
	}
	flags = ukplat_lcpu_irq_save();
	rc = d->ops->submit(d, req);
	ukplat_lcpu_irq_restore(flags);
	return rc;
}

void uk_blkdev_poll(struct uk_blkdev *d)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	d->ops->poll(d);
	ukplat_lcpu_irq_restore(flags);
}

int uk_blkdev_set_polling(struct uk_blkdev *d, bool polling)
{
	if (!d->has_irq || !d->ops->set_interrupts)
		return polling ? 0 : -ENOTSUP;
	d->ops->set_interrupts(d, !polling);
	d->polling = polling;
	return 0;
}

/*
 * Waits for `req`: halts until an interrupt when the device will raise
 * one and interrupts were on, else polls. Interrupts are off throughout
 * except inside the halt, so the handler and the poll never race.
 */
static int wait_done(struct uk_blkdev *d, struct uk_blkreq *req)
{
	bool halt = d->has_irq && !d->polling && ukplat_lcpu_irq_enabled() &&
		    ON_BOOT_CPU();
	static uint64_t hz;   /* the first call may measure: once */
	uint64_t limit;
	unsigned long flags;

	if (!hz)
		hz = ukplat_ticks_hz(NULL);
	limit = hz ? ukplat_ticks() + hz * UKBLKDEV_TIMEOUT_S : 0;
	flags = ukplat_lcpu_irq_save();

	for (;;) {
		d->ops->poll(d);
		if (req->done)
			break;
		if (limit && ukplat_ticks() > limit) {
			ukplat_lcpu_irq_restore(flags);
			return -ETIMEDOUT;
		}
		if (halt)
			ukplat_lcpu_halt_irq();
	}
	ukplat_lcpu_irq_restore(flags);
	return req->status;
}

static int transfer(struct uk_blkdev *d, unsigned int op, uint64_t sector,
		    uint32_t n, void *buf)
{
	struct uk_blkreq req;
	int rc;

	/* The whole range first: a partial transfer is never started. */
	if (!n || sector >= d->sectors || n > d->sectors - sector)
		return -EINVAL;
	while (n) {
		uint32_t chunk = n < d->max_sectors ? n : d->max_sectors;

		memset(&req, 0, sizeof(req));
		req.op = op;
		req.sector = sector;
		req.nsectors = chunk;
		req.buf = buf;
		rc = uk_blkdev_submit(d, &req);
		if (!rc)
			rc = wait_done(d, &req);
		if (rc)
			return rc;
		sector += chunk;
		n -= chunk;
		buf = (char *)buf + (size_t)chunk * d->sector_size;
	}
	return 0;
}

int uk_blkdev_read(struct uk_blkdev *d, uint64_t sector, uint32_t n, void *buf)
{
	return transfer(d, UK_BLKREQ_READ, sector, n, buf);
}

int uk_blkdev_write(struct uk_blkdev *d, uint64_t sector, uint32_t n,
		    const void *buf)
{
	if (d->read_only)
		return -EROFS;
	return transfer(d, UK_BLKREQ_WRITE, sector, n, (void *)buf);
}

int uk_blkdev_flush(struct uk_blkdev *d)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_FLUSH };
	int rc = uk_blkdev_submit(d, &req);

	return rc ? rc : wait_done(d, &req);
}
