/* SPDX-License-Identifier: MIT */
/*
 * Virtio 1.x devices (OASIS "Virtual I/O Device (VIRTIO) Version 1.1"):
 * what a transport (virtio-pci, virtio-mmio) provides, what a device
 * driver (virtio-blk, virtio-rng, later virtio-net) uses, and the split
 * virtqueue both share.
 *
 * A transport finds a device, fills a struct virtio_dev (its operations,
 * the device ID, its interrupt if it has one) and calls
 * virtio_dev_found(), which resets the device, acknowledges it and
 * probes the driver table (uk/driver.h, subsystem UK_DRIVER_VIRTIO,
 * compatible "virtio,deviceN" with N the device ID in hexadecimal):
 *
 *   static int blk_probe(const struct uk_device *d)
 *   {
 *           struct virtio_dev *vd = UK_CONTAINER_OF(d, struct virtio_dev, dev);
 *           virtio_negotiate(vd, wanted features);
 *           vq = virtio_vq_setup(vd, 0, 128, done_cb, arg);
 *           virtio_driver_ok(vd);
 *   }
 *   static const char *const compatible[] = { "virtio,device2", NULL };
 *   UK_DRIVER(virtio_blk, UK_DRIVER_VIRTIO, compatible, blk_probe);
 *
 * Only modern (1.0 and later) devices are driven: VIRTIO_F_VERSION_1 is
 * required. Buffers are given to the device by address: the image's
 * memory is mapped one to one (virtual address = guest physical
 * address) on the platforms this runs on.
 *
 * Interrupts: with one (vd->irq_valid), virtio_driver_ok() registers a
 * handler with the interrupt controller (uk/intctlr.h) that reads and
 * acknowledges the transport's interrupt status and calls the callback
 * of every queue that has used buffers. Without one, or with interrupts
 * off, the driver polls: virtqueue_get() takes what the device has done.
 * A queue is used by one CPU at a time, with interrupts disabled around
 * virtqueue_add/kick/get when its callback may run (the callback runs
 * in the interrupt handler).
 */
#ifndef UK_VIRTIO_H
#define UK_VIRTIO_H

#include <uk/essentials.h>
#include <uk/driver.h>

/* Device IDs (spec 5). */
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG     4
#define VIRTIO_ID_9P      9

/* Device status bits (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED      128

/* Device-independent feature bits (spec 6). */
#define VIRTIO_F_INDIRECT_DESC    28
#define VIRTIO_F_EVENT_IDX        29
#define VIRTIO_F_VERSION_1        32
#define VIRTIO_F_ACCESS_PLATFORM  33
#define VIRTIO_F_RING_PACKED      34

#define VIRTIO_FEATURE(bit) (1ULL << (bit))

/* Interrupt status bits (ISR on PCI, InterruptStatus on MMIO). */
#define VIRTIO_ISR_QUEUE  1
#define VIRTIO_ISR_CONFIG 2

/* Queues per device this core keeps (virtio-net: rx, tx, control). */
#define VIRTIO_MAX_QUEUES 4

struct virtio_dev;
struct virtqueue;

/* What a transport does; every operation is required. */
struct virtio_transport_ops {
	uint8_t (*status_get)(struct virtio_dev *vd);
	/* Writing 0 resets the device; it returns once the reset is done. */
	void (*status_set)(struct virtio_dev *vd, uint8_t status);
	uint64_t (*features_get)(struct virtio_dev *vd);
	void (*features_set)(struct virtio_dev *vd, uint64_t features);
	/* Device-specific configuration, byte offset `off`, `len` 1/2/4/8. */
	uint64_t (*config_read)(struct virtio_dev *vd, unsigned int off,
				unsigned int len);
	void (*config_write)(struct virtio_dev *vd, unsigned int off,
			     uint64_t v, unsigned int len);
	/* Largest size of queue `idx`; 0 when the device has no such queue. */
	unsigned int (*queue_max)(struct virtio_dev *vd, unsigned int idx);
	/* Tells the device where the queue's parts are and enables it. */
	int (*queue_enable)(struct virtio_dev *vd, struct virtqueue *vq);
	void (*queue_notify)(struct virtio_dev *vd, struct virtqueue *vq);
	/* Reads and acknowledges the interrupt status (VIRTIO_ISR_*). */
	unsigned int (*irq_ack)(struct virtio_dev *vd);
};

struct virtio_dev {
	struct uk_device dev;     /* first: drivers get it in their probe */
	char compatible[24];      /* "virtio,deviceN" */
	uint32_t device_id;       /* VIRTIO_ID_* */
	const struct virtio_transport_ops *ops;
	void *transport;          /* the transport's own state */
	const char *where;        /* for messages: "pci 00:04.0", "mmio 0xa003e00" */
	unsigned int irq;         /* the controller's IRQ (uk/intctlr.h) */
	bool irq_valid;
	uint64_t features;        /* negotiated (virtio_negotiate) */
	struct virtqueue *vqs[VIRTIO_MAX_QUEUES];
	void *driver_data;        /* the device driver's */
};

/* ---- for transports ------------------------------------------------- */

/*
 * Called for each device found: resets it, sets ACKNOWLEDGE and probes
 * its driver. 0 when a driver took it, -ENODEV when the image has none
 * (the device is left reset), else the driver's error (the device is
 * marked FAILED).
 */
int virtio_dev_found(struct virtio_dev *vd);

/* ---- for device drivers --------------------------------------------- */

/*
 * Sets DRIVER, offers the device's features that are in `wanted` plus
 * VIRTIO_F_VERSION_1, sets FEATURES_OK and checks that the device kept
 * it. 0 (vd->features holds the result) or -ENOTSUP (a legacy device, or
 * the device refused).
 */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted);

/*
 * Sets DRIVER and returns the features the device offers: for a driver
 * whose wishes depend on each other (a feature only with another), before
 * virtio_negotiate().
 */
uint64_t virtio_offered(struct virtio_dev *vd);

static inline bool virtio_has_feature(const struct virtio_dev *vd,
				      unsigned int bit)
{
	return (vd->features >> bit) & 1;
}

typedef void (*virtqueue_callback_t)(struct virtqueue *vq, void *arg);

/*
 * Allocates queue `idx` with at most `max_size` entries (a power of two;
 * the device's maximum if smaller) and enables it. `cb` (may be NULL)
 * runs in the interrupt handler when the device has used buffers.
 * Between virtio_negotiate() and virtio_driver_ok(). NULL when the
 * device has no such queue or memory is short.
 */
struct virtqueue *virtio_vq_setup(struct virtio_dev *vd, unsigned int idx,
				  unsigned int max_size,
				  virtqueue_callback_t cb, void *arg);

/* Registers the interrupt (when there is one) and sets DRIVER_OK. 0 or
 * a negative errno (then the device is marked FAILED). */
int virtio_driver_ok(struct virtio_dev *vd);

/* Reads the device-specific configuration (spec 2.4: retried until the
 * configuration generation is stable is the transport's job). */
static inline uint64_t virtio_config_read(struct virtio_dev *vd,
					  unsigned int off, unsigned int len)
{
	return vd->ops->config_read(vd, off, len);
}

/* ---- split virtqueues (spec 2.6) ------------------------------------ */

/* One buffer of a request: device-readable ("out") or writable ("in"). */
struct virtqueue_buf {
	void *addr;
	uint32_t len;
};

/*
 * Adds one request: `nout` device-readable buffers then `nin` writable
 * ones, as one descriptor chain, with `cookie` (not NULL) given back by
 * virtqueue_get(). Not visible to the device before virtqueue_kick().
 * 0, -ENOSPC (not enough free descriptors: take used ones first) or
 * -EINVAL.
 */
int virtqueue_add(struct virtqueue *vq, const struct virtqueue_buf *bufs,
		  unsigned int nout, unsigned int nin, void *cookie);

/* Publishes the added requests and notifies the device if it asks to. */
void virtqueue_kick(struct virtqueue *vq);

/*
 * Takes the next request the device has finished: its cookie, and in
 * *len (may be NULL) how many bytes the device wrote. NULL when none.
 */
void *virtqueue_get(struct virtqueue *vq, uint32_t *len);

/* True if virtqueue_get() would return a request. */
bool virtqueue_has_used(struct virtqueue *vq);

/* Descriptors free for virtqueue_add(). */
unsigned int virtqueue_free_descs(struct virtqueue *vq);
unsigned int virtqueue_size(struct virtqueue *vq);

/*
 * Asks the device not to interrupt for this queue (polling mode), or to
 * interrupt again. Enabling returns true if used buffers arrived while
 * interrupts were off: take them, they raise no interrupt.
 */
void virtqueue_intr_disable(struct virtqueue *vq);
bool virtqueue_intr_enable(struct virtqueue *vq);

/* ---- what transports read of a queue -------------------------------- */

struct virtqueue {
	struct virtio_dev *vd;
	unsigned int idx;
	unsigned int size;
	/* Guest-physical addresses of the three parts (spec 2.6). */
	uint64_t desc_addr, avail_addr, used_addr;
	/* Transport-private: where to notify (virtio-pci). */
	uintptr_t notify_addr;
	virtqueue_callback_t cb;
	void *cb_arg;
	/* The rest is the core's. */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void **cookies;
	uint16_t free_head, nfree;
	uint16_t last_used;
	uint16_t avail_idx;
};

#endif /* UK_VIRTIO_H */
