/* SPDX-License-Identifier: MIT */
/*
 * The virtio 9P transport (spec 5.11, device ID 9): one request queue;
 * a request is the message as device-readable buffers followed by
 * writable buffers for the reply. The device's configuration holds the
 * mount tag the host gave it (QEMU: mount_tag=).
 *
 * Requests are one at a time and polled with interrupts off, as the
 * file system's calls wait for each reply anyway; a device that does not
 * answer within REQUEST_TIMEOUT_S is given up (-EIO), never a hang.
 */
#include <uk/virtio.h>
#include <uk/9pdev.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

#define VIRTIO_9P_F_MOUNT_TAG 0

/* Configuration (spec 5.11.4): tag_len (le16), then the tag's bytes. */
#define CFG_TAG_LEN 0
#define CFG_TAG     2

/* One request at a time: a few descriptors are enough. */
#define QUEUE_SIZE 8
#define REQUEST_TIMEOUT_S 60

struct v9p {
	struct uk_9pdev dev;
	struct virtio_dev *vd;
	struct virtqueue *vq;
	bool broken;
};

static long v9p_request(struct uk_9pdev *dev, const struct uk_9p_buf *out,
			unsigned int nout, const struct uk_9p_buf *in,
			unsigned int nin)
{
	struct v9p *v = dev->priv;
	struct virtqueue_buf bufs[QUEUE_SIZE];
	unsigned long flags;
	uint64_t hz = ukplat_ticks_hz(NULL), limit;
	uint32_t got = 0;
	int rc;

	if (v->broken)
		return -EIO;
	if (nout + nin > QUEUE_SIZE)
		return -EINVAL;
	for (unsigned int i = 0; i < nout; i++)
		bufs[i] = (struct virtqueue_buf){ out[i].addr, out[i].len };
	for (unsigned int i = 0; i < nin; i++)
		bufs[nout + i] = (struct virtqueue_buf){ in[i].addr, in[i].len };
	limit = ukplat_ticks() + hz * REQUEST_TIMEOUT_S;
	flags = ukplat_lcpu_irq_save();
	rc = virtqueue_add(v->vq, bufs, nout, nin, v);
	if (!rc) {
		virtqueue_kick(v->vq);
		while (!virtqueue_get(v->vq, &got)) {
			if (hz && ukplat_ticks() > limit) {
				/* The buffers stay the device's: never send again. */
				v->broken = true;
				uk_pr_err("virtio-9p %s: no answer: not used any more\n", v->vd->where);
				rc = -EIO;
				break;
			}
		}
	}
	ukplat_lcpu_irq_restore(flags);
	return rc ? rc : (long)got;
}

static const struct uk_9pdev_ops v9p_ops = {
	.request = v9p_request,
};

static int v9p_probe(const struct uk_device *d)
{
	struct virtio_dev *vd = UK_CONTAINER_OF(d, struct virtio_dev, dev);
	struct uk_alloc *a = uk_alloc_get_default();
	struct v9p *v;
	unsigned int len;
	int rc;

	v = a ? uk_calloc(a, 1, sizeof(*v)) : NULL;
	if (!v)
		return -ENOMEM;
	rc = virtio_negotiate(vd, VIRTIO_FEATURE(VIRTIO_9P_F_MOUNT_TAG));
	if (rc)
		return rc;
	if (!virtio_has_feature(vd, VIRTIO_9P_F_MOUNT_TAG)) {
		uk_pr_warn("virtio-9p %s: no mount tag: not used\n", vd->where);
		return -ENOTSUP;
	}
	len = virtio_config_read(vd, CFG_TAG_LEN, 2);
	if (len == 0 || len >= sizeof(v->dev.tag))
		return -EINVAL;
	for (unsigned int i = 0; i < len; i++)
		v->dev.tag[i] = virtio_config_read(vd, CFG_TAG + i, 1);
	v->vd = vd;
	v->vq = virtio_vq_setup(vd, 0, QUEUE_SIZE, NULL, NULL);
	if (!v->vq)
		return -ENOMEM;
	/*
	 * Polled, as virtio-rng: the interrupt stays registered (the core's
	 * handler acknowledges it) so that a line shared with another
	 * device cannot stay raised.
	 */
	virtqueue_intr_disable(v->vq);
	v->dev.max_bufs = virtqueue_size(v->vq) < QUEUE_SIZE ? virtqueue_size(v->vq) : QUEUE_SIZE;
	v->dev.ops = &v9p_ops;
	v->dev.priv = v;
	vd->driver_data = v;
	rc = virtio_driver_ok(vd);
	if (rc)
		return rc;
	uk_pr_info("virtio-9p %s: tag %s\n", vd->where, v->dev.tag);
	return uk_9pdev_register(&v->dev);
}

static const char *const compatible[] = { "virtio,device9", NULL };
UK_DRIVER(virtio_9p, UK_DRIVER_VIRTIO, compatible, v9p_probe);
