/* SPDX-License-Identifier: MIT */
/*
 * The virtio entropy device (spec 5.4): one queue, to which the driver
 * gives writable buffers the device fills with random bytes. Requests
 * are short and served by the host at once, so they are polled, with
 * a time limit: a device that stops
 * answering makes ukrandom use its next source, never a hang.
 */
#include <uk/virtio.h>
#include <uk/random.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

/* One request at a time; the largest a request asks for. */
#define CHUNK 256
/* How long a request may take: 1 s, or this many polls without a clock. */
#define TIMEOUT_POLLS 100000000UL

static struct virtqueue *vq;
static uint8_t chunk[CHUNK];
static bool broken;

static long rng_read(void *buf, size_t len)
{
	static uint64_t hz;
	struct virtqueue_buf b = { chunk, len < CHUNK ? len : CHUNK };
	unsigned long flags, polls = 0;
	uint64_t limit;
	uint32_t got = 0;
	long rc;

	if (broken)
		return -EIO;
	if (!hz)
		hz = ukplat_ticks_hz(NULL);
	limit = ukplat_ticks() + hz;
	flags = ukplat_lcpu_irq_save();
	rc = virtqueue_add(vq, &b, 0, 1, chunk);
	if (!rc) {
		virtqueue_kick(vq);
		while (!virtqueue_get(vq, &got)) {
			if ((hz && ukplat_ticks() > limit) ||
			    (!hz && ++polls > TIMEOUT_POLLS)) {
				/* The buffer stays the device's: never reuse it. */
				broken = true;
				uk_pr_warn("virtio-rng: no answer: not used any more\n");
				rc = -ETIMEDOUT;
				break;
			}
		}
	}
	ukplat_lcpu_irq_restore(flags);
	if (rc)
		return rc;
	if (!got || got > b.len)
		return -EIO;
	memcpy(buf, chunk, got);
	return got;
}

static const struct uk_random_dev rng_dev = {
	.name = "virtio-rng",
	.read = rng_read,
};

static int rng_probe(const struct uk_device *dev)
{
	struct virtio_dev *vd = UK_CONTAINER_OF(dev, struct virtio_dev, dev);
	int rc;

	if (vq)
		return -EBUSY;   /* one entropy device is enough */
	rc = virtio_negotiate(vd, 0);
	if (rc)
		return rc;
	vq = virtio_vq_setup(vd, 0, 4, NULL, NULL);
	if (!vq)
		return -ENOMEM;
	/*
	 * Polled: the device is asked not to interrupt. Its interrupt stays
	 * registered all the same (the core's handler acknowledges it), so
	 * that a configuration-change interrupt on a level-triggered line it
	 * shares with another device cannot stay raised.
	 */
	virtqueue_intr_disable(vq);
	rc = virtio_driver_ok(vd);
	return rc ? rc : uk_random_register(&rng_dev);
}

static const char *const compatible[] = { "virtio,device4", NULL };
UK_DRIVER(virtio_rng, UK_DRIVER_VIRTIO, compatible, rng_probe);
