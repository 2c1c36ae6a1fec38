/* SPDX-License-Identifier: MIT */
/*
 * Virtio network devices (spec 5.1) as uknetdev devices: queue 0
 * receives, queue 1 transmits. Every frame travels behind the 12-byte
 * virtio-net header (with VIRTIO_F_VERSION_1 it always has num_buffers);
 * the header is a descriptor of its own, kept in the buffer's driver
 * words, so the frame itself is the caller's memory, untouched and
 * never copied (VERSION_1 implies that the device accepts any layout).
 *
 * Polled by default; in interrupt mode the receive queue interrupts
 * (the core's handler acknowledges it and uk_netdev_rx_wait() wakes).
 *
 * Negotiated features: MAC (the device's address), STATUS (link state),
 * and the checksum offloads where the device offers them (QEMU does with
 * a tap backend, not with user networking): CSUM, the device completes
 * the TCP/UDP checksum of a frame sent with UK_NETBUF_CSUM_PARTIAL, and
 * GUEST_CSUM, the device marks received frames whose checksum it checked
 * (DATA_VALID) or left partial (NEEDS_CSUM: a frame of the host's own).
 * No segmentation offload, no mergeable receive buffers: every receive
 * buffer holds a whole frame.
 */
#include <uk/virtio.h>
#include <uk/netdev.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define VIRTIO_NET_F_CSUM       0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_STATUS     16

/* net_header.flags (spec 5.1.6). */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2

/* Configuration layout (spec 5.1.4). */
#define CFG_MAC    0
#define CFG_STATUS 6
#define VIRTIO_NET_S_LINK_UP 1

#define RXQ 0
#define TXQ 1
/* Two descriptors a frame (header, data): 128 frames in flight each way. */
#define QUEUE_SIZE 256

struct net_header {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
UK_CTASSERT(sizeof(struct net_header) == 12);
UK_CTASSERT(sizeof(struct net_header) <= sizeof(((struct uk_netbuf *)0)->driver));

struct vnet {
	struct uk_netdev nd;
	struct virtio_dev *vd;
	struct virtqueue *rx, *tx;
	char name[32];
};

/*
 * Adds frames to a queue, header descriptor first: for receiving, both
 * writable and the whole buffer offered; for sending, both readable, the
 * frame's length only, with a header that asks for no offload.
 */
static unsigned int enqueue(struct virtqueue *vq, struct uk_netbuf **bufs,
			    unsigned int n, bool receive)
{
	unsigned int i;
	unsigned long flags = ukplat_lcpu_irq_save();

	for (i = 0; i < n; i++) {
		struct net_header *h = (struct net_header *)bufs[i]->driver;
		struct virtqueue_buf b[2] = {
			{ h, sizeof(*h) },
			{ bufs[i]->data, receive ? bufs[i]->size : bufs[i]->len },
		};

		if (!receive) {
			memset(h, 0, sizeof(*h));
			if (bufs[i]->flags & UK_NETBUF_CSUM_PARTIAL) {
				h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
				h->csum_start = bufs[i]->csum_start;
				h->csum_offset = bufs[i]->csum_offset;
			}
		}
		if (virtqueue_add(vq, b, receive ? 0 : 2, receive ? 2 : 0,
				  bufs[i]))
			break;
	}
	if (i)
		virtqueue_kick(vq);
	ukplat_lcpu_irq_restore(flags);
	return i;
}

static unsigned int vnet_rx_give(struct uk_netdev *d, struct uk_netbuf **bufs,
				 unsigned int n)
{
	return enqueue(((struct vnet *)d->priv)->rx, bufs, n, true);
}

/* Takes what the device has done with a queue's buffers; received ones get their length. */
static unsigned int dequeue(struct virtqueue *vq, struct uk_netbuf **bufs,
			    unsigned int n, bool receive)
{
	unsigned int i;
	uint32_t len;
	unsigned long flags = ukplat_lcpu_irq_save();

	for (i = 0; i < n; i++) {
		struct uk_netbuf *nb = virtqueue_get(vq, &len);

		if (!nb)
			break;
		if (receive) {
			const struct net_header *h =
				(const struct net_header *)nb->driver;

			/* The device's count includes the header. */
			len = len > sizeof(struct net_header)
			    ? len - sizeof(struct net_header) : 0;
			nb->len = len < nb->size ? len : nb->size;
			/* Flags only with GUEST_CSUM; without it they are 0. */
			nb->flags = 0;
			if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
				nb->flags = UK_NETBUF_CSUM_PARTIAL;
				nb->csum_start = h->csum_start;
				nb->csum_offset = h->csum_offset;
			} else if (h->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
				nb->flags = UK_NETBUF_CSUM_VALID;
			}
		}
		bufs[i] = nb;
	}
	ukplat_lcpu_irq_restore(flags);
	return i;
}

static unsigned int vnet_rx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				  unsigned int n)
{
	return dequeue(((struct vnet *)d->priv)->rx, bufs, n, true);
}

static unsigned int vnet_tx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				  unsigned int n)
{
	return enqueue(((struct vnet *)d->priv)->tx, bufs, n, false);
}

static unsigned int vnet_tx_reclaim(struct uk_netdev *d,
				    struct uk_netbuf **bufs, unsigned int n)
{
	return dequeue(((struct vnet *)d->priv)->tx, bufs, n, false);
}

static bool vnet_rx_pending(struct uk_netdev *d)
{
	return virtqueue_has_used(((struct vnet *)d->priv)->rx);
}

/* Only receiving interrupts: sent buffers are reclaimed when convenient. */
static void vnet_set_interrupts(struct uk_netdev *d, bool on)
{
	struct virtqueue *rx = ((struct vnet *)d->priv)->rx;

	if (on)
		virtqueue_intr_enable(rx);   /* frames already there: rx_pending sees them */
	else
		virtqueue_intr_disable(rx);
}

/* The receive queue's interrupt (interrupt mode): the user's handler. */
static void vnet_rx_irq(struct virtqueue *vq, void *arg)
{
	struct uk_netdev *d = arg;

	(void)vq;
	if (d->rx_handler)
		d->rx_handler(d, d->rx_handler_arg);
}

static bool vnet_link_up(struct uk_netdev *d)
{
	struct vnet *v = d->priv;

	if (!virtio_has_feature(v->vd, VIRTIO_NET_F_STATUS))
		return true;   /* spec 5.1.4: without STATUS the link is up */
	return virtio_config_read(v->vd, CFG_STATUS, 2) & VIRTIO_NET_S_LINK_UP;
}

static const struct uk_netdev_ops vnet_ops = {
	.rx_give = vnet_rx_give,
	.rx_burst = vnet_rx_burst,
	.tx_burst = vnet_tx_burst,
	.tx_reclaim = vnet_tx_reclaim,
	.rx_pending = vnet_rx_pending,
	.link_up = vnet_link_up,
	.set_interrupts = vnet_set_interrupts,
};

static int vnet_probe(const struct uk_device *dev)
{
	struct virtio_dev *vd = UK_CONTAINER_OF(dev, struct virtio_dev, dev);
	struct uk_alloc *a = uk_alloc_get_default();
	struct vnet *v;
	unsigned int i;
	int rc;

	v = a ? uk_calloc(a, 1, sizeof(*v)) : NULL;
	if (!v)
		return -ENOMEM;
	rc = virtio_negotiate(vd, VIRTIO_FEATURE(VIRTIO_NET_F_MAC) |
				  VIRTIO_FEATURE(VIRTIO_NET_F_STATUS) |
				  VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |
				  VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM));
	if (rc)
		return rc;
	v->vd = vd;
	v->rx = virtio_vq_setup(vd, RXQ, QUEUE_SIZE, vnet_rx_irq, &v->nd);
	v->tx = v->rx ? virtio_vq_setup(vd, TXQ, QUEUE_SIZE, NULL, NULL) : NULL;
	if (!v->tx)
		return -ENOMEM;
	snprintf(v->name, sizeof(v->name), "virtio-net %s", vd->where);
	v->nd = (struct uk_netdev){
		.name = v->name,
		.mtu = UK_NETDEV_MTU,
		.rx_slots = virtqueue_size(v->rx) / 2,
		.tx_slots = virtqueue_size(v->tx) / 2,
		.ops = &vnet_ops,
		.priv = v,
		.offloads =
			(virtio_has_feature(vd, VIRTIO_NET_F_CSUM) ? UK_NETDEV_TX_CSUM : 0) |
			(virtio_has_feature(vd, VIRTIO_NET_F_GUEST_CSUM) ? UK_NETDEV_RX_CSUM : 0),
	};
	if (virtio_has_feature(vd, VIRTIO_NET_F_MAC)) {
		for (i = 0; i < UK_NETDEV_ETH_ALEN; i++)
			v->nd.mac[i] = virtio_config_read(vd, CFG_MAC + i, 1);
	} else {
		/* A locally administered address (bit 1 of the first byte). */
		static const uint8_t local[UK_NETDEV_ETH_ALEN] = {
			0x02, 0x75, 0x6b, 0x00, 0x00, 0x01
		};
		memcpy(v->nd.mac, local, sizeof(local));
	}
	vd->driver_data = v;
	/*
	 * Polled until asked otherwise (uk_netdev_set_polling); the transmit
	 * queue never interrupts. The device's interrupt is registered
	 * either way (the core acknowledges what it raises on a shared line).
	 */
	virtqueue_intr_disable(v->rx);
	virtqueue_intr_disable(v->tx);
	rc = virtio_driver_ok(vd);
	if (rc)
		return rc;
	v->nd.polling = true;
	v->nd.has_irq = vd->irq_valid;
	return uk_netdev_register(&v->nd);
}

static const char *const compatible[] = { "virtio,device1", NULL };
UK_DRIVER(virtio_net, UK_DRIVER_VIRTIO, compatible, vnet_probe);
