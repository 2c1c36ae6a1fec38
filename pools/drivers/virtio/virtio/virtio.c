/* SPDX-License-Identifier: MIT */
/*
 * Device initialisation (spec 3.1.1) and interrupts: the part of a
 * virtio driver that is the same for every device type.
 */
#include <uk/virtio.h>
#include <uk/intctlr.h>
#include <uk/print.h>
#include <stdio.h>
#include <errno.h>


/* "virtio,device" and the ID in hexadecimal, as Linux's bindings name it. */
static void describe(struct virtio_dev *vd)
{
	int n = snprintf(vd->compatible, sizeof(vd->compatible),
			 "virtio,device%x", (unsigned int)vd->device_id);

	vd->dev.compatible = vd->compatible;
	vd->dev.compatible_len = n + 1;
}

int virtio_dev_found(struct virtio_dev *vd)
{
	int rc;

	describe(vd);
	vd->ops->status_set(vd, 0);
	vd->ops->status_set(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	rc = uk_driver_probe(UK_DRIVER_VIRTIO, &vd->dev);
	if (rc == -ENODEV) {
		vd->ops->status_set(vd, 0);
		return rc;
	}
	if (rc) {
		uk_pr_warn("virtio: device %u at %s: driver failed (%d)\n",
			   vd->device_id, vd->where, rc);
		vd->ops->status_set(vd, vd->ops->status_get(vd) |
				    VIRTIO_STATUS_FAILED);
		return rc;
	}
	uk_pr_info("virtio: device %u at %s: %s\n", vd->device_id, vd->where,
		   vd->irq_valid ? "interrupts" : "polled");
	return 0;
}

uint64_t virtio_offered(struct virtio_dev *vd)
{
	vd->ops->status_set(vd, vd->ops->status_get(vd) |
			    VIRTIO_STATUS_DRIVER);
	return vd->ops->features_get(vd);
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted)
{
	uint64_t offered = virtio_offered(vd);
	if (!(offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1))) {
		uk_pr_warn("virtio: device %u at %s is a legacy device (no VIRTIO_F_VERSION_1)\n",
			   vd->device_id, vd->where);
		return -ENOTSUP;
	}
	vd->features = offered & (wanted | VIRTIO_FEATURE(VIRTIO_F_VERSION_1));
	vd->ops->features_set(vd, vd->features);
	vd->ops->status_set(vd, vd->ops->status_get(vd) |
			    VIRTIO_STATUS_FEATURES_OK);
	if (!(vd->ops->status_get(vd) & VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_warn("virtio: device %u at %s refused features 0x%llx\n",
			   vd->device_id, vd->where,
			   (unsigned long long)vd->features);
		return -ENOTSUP;
	}
	return 0;
}

/* Runs with interrupts disabled, on the interrupted stack. */
static int virtio_irq(void *arg, struct ukarch_regs *regs __unused)
{
	struct virtio_dev *vd = arg;
	unsigned int isr = vd->ops->irq_ack(vd), i;

	if (!isr)
		return 0;   /* a shared line: another device's */
	if (isr & VIRTIO_ISR_QUEUE)
		for (i = 0; i < VIRTIO_MAX_QUEUES; i++) {
			struct virtqueue *vq = vd->vqs[i];

			if (vq && vq->cb && virtqueue_has_used(vq))
				vq->cb(vq, vq->cb_arg);
		}
	return 1;
}

int virtio_driver_ok(struct virtio_dev *vd)
{
	int rc;

	if (vd->irq_valid) {
		rc = uk_intctlr_irq_register(vd->irq, virtio_irq, vd);
		if (rc) {
			/* Polling still works: say so and go on without. */
			uk_pr_warn("virtio: device %u at %s: IRQ %u not registered (%d): polled\n",
				   vd->device_id, vd->where, vd->irq, rc);
			vd->irq_valid = false;
		}
	}
	vd->ops->status_set(vd, vd->ops->status_get(vd) |
			    VIRTIO_STATUS_DRIVER_OK);
	return 0;
}
