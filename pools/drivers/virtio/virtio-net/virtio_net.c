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
 *
 * In an image whose network stack takes frames over several buffers
 * (CONFIG_UKNETDEV_RX_GSO), also MRG_RXBUF with GUEST_TSO4/TSO6 where
 * the device offers all they need (spec 5.1.3.1: GUEST_TSO needs
 * GUEST_CSUM): the device then sends the guest whole TCP segments of up
 * to 64 KiB, each spread over as many receive buffers as it fills
 * (num_buffers in the first one's header). GUEST_TSO alone would demand
 * 65562-byte receive buffers (spec 5.1.6.3.1); without MRG_RXBUF the
 * driver takes no segmentation offload. A frame's later buffers have no
 * header of their own: the device writes the frame's bytes from the
 * chain's start, the first 12 into the header descriptor, which the
 * driver moves back to the front of the buffer (the caller's frame bytes
 * are contiguous; the receive descriptor offers 12 bytes less than the
 * buffer's size so that they fit).
 *
 * And HOST_TSO4/TSO6 where offered with CSUM (spec 5.1.3.1): the device
 * cuts a TCP segment sent with UK_NETBUF_GSO_TCP4/6 into segments of
 * gso_size bytes (UK_NETDEV_TX_GSO); any caller may send such frames.
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
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_GUEST_TSO6 8
#define VIRTIO_NET_F_HOST_TSO4  11
#define VIRTIO_NET_F_HOST_TSO6  12
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16

/* net_header.flags and gso_type (spec 5.1.6). */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_TCPV4    1
#define VIRTIO_NET_HDR_GSO_TCPV6    4
#define VIRTIO_NET_HDR_GSO_ECN      0x80

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
	bool mergeable;             /* MRG_RXBUF */
	/* The buffers of the frame being received still to come (MRG_RXBUF). */
	unsigned int rx_more;
	char name[32];
};

/*
 * The header of a TCP segment for the device to cut (UK_NETDEV_TX_GSO,
 * which uknetdev checked): hdr_len, the headers' length up to the
 * payload, from the TCP header's data offset.
 */
static void tx_gso(struct net_header *h, const struct uk_netbuf *b)
{
	const uint8_t *f = b->data;
	unsigned int doff = b->csum_start + 12u;

	h->gso_type = b->flags & UK_NETBUF_GSO_TCP4 ? VIRTIO_NET_HDR_GSO_TCPV4
						     : VIRTIO_NET_HDR_GSO_TCPV6;
	h->gso_size = b->gso_size;
	h->hdr_len = doff < b->len
		   ? (uint16_t)(b->csum_start + (f[doff] >> 4) * 4u) : b->len;
}

/*
 * Adds frames to a queue, header descriptor first: for receiving, both
 * writable and the whole buffer offered; for sending, both readable, the
 * frame's length only, with a header that asks for no offload.
 */
static unsigned int enqueue(struct vnet *v, struct uk_netbuf **bufs,
			    unsigned int n, bool receive)
{
	struct virtqueue *vq = receive ? v->rx : v->tx;
	unsigned int i;
	unsigned long flags = ukplat_lcpu_irq_save();

	for (i = 0; i < n; i++) {
		struct net_header *h = (struct net_header *)bufs[i]->driver;
		/* A later buffer of a frame: its first 12 bytes move from h to the front. */
		unsigned int room = bufs[i]->size -
				    (v->mergeable ? sizeof(*h) : 0);
		struct virtqueue_buf b[2] = {
			{ h, sizeof(*h) },
			{ bufs[i]->data, receive ? room : bufs[i]->len },
		};

		if (!receive) {
			memset(h, 0, sizeof(*h));
			if (bufs[i]->flags & UK_NETBUF_CSUM_PARTIAL) {
				h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
				h->csum_start = bufs[i]->csum_start;
				h->csum_offset = bufs[i]->csum_offset;
			}
			if (bufs[i]->flags & (UK_NETBUF_GSO_TCP4 | UK_NETBUF_GSO_TCP6))
				tx_gso(h, bufs[i]);
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
	return enqueue(d->priv, bufs, n, true);
}

/*
 * A received buffer from its header (the first of a frame) or as a later
 * buffer of the frame being received (MRG_RXBUF). `len`: the bytes the
 * device wrote into the chain, header descriptor included.
 */
static void received(struct vnet *v, struct uk_netbuf *nb, uint32_t len)
{
	const struct net_header *h = (const struct net_header *)nb->driver;
	uint8_t *data = nb->data;

	nb->flags = 0;
	nb->gso_size = 0;
	if (v->rx_more) {
		/* No header: the frame's bytes start in the header descriptor. */
		v->rx_more--;
		nb->frame_bufs = 0;
		if (len > nb->size)
			len = nb->size;
		if (len > sizeof(*h))
			memmove(data + sizeof(*h), data, len - sizeof(*h));
		memcpy(data, h, len < sizeof(*h) ? len : sizeof(*h));
		nb->len = (uint16_t)len;
		return;
	}
	/* The device's count includes the header. */
	len = len > sizeof(*h) ? len - sizeof(*h) : 0;
	nb->len = len < nb->size ? len : nb->size;
	nb->frame_bufs = 1;
	if (v->mergeable && h->num_buffers > 1) {
		nb->frame_bufs = h->num_buffers;
		v->rx_more = h->num_buffers - 1u;
	}
	/* Flags only with GUEST_CSUM; without it they are 0. */
	if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		nb->flags = UK_NETBUF_CSUM_PARTIAL;
		nb->csum_start = h->csum_start;
		nb->csum_offset = h->csum_offset;
	} else if (h->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
		nb->flags = UK_NETBUF_CSUM_VALID;
	}
	/* gso_type only with GUEST_TSO4/6. */
	switch (h->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
	case VIRTIO_NET_HDR_GSO_TCPV4:
		nb->flags |= UK_NETBUF_GSO_TCP4;
		nb->gso_size = h->gso_size;
		break;
	case VIRTIO_NET_HDR_GSO_TCPV6:
		nb->flags |= UK_NETBUF_GSO_TCP6;
		nb->gso_size = h->gso_size;
		break;
	}
}

/* Takes what the device has done with a queue's buffers; received ones get their length. */
static unsigned int dequeue(struct vnet *v, struct uk_netbuf **bufs,
			    unsigned int n, bool receive)
{
	struct virtqueue *vq = receive ? v->rx : v->tx;
	unsigned int i;
	uint32_t len;
	unsigned long flags = ukplat_lcpu_irq_save();

	for (i = 0; i < n; i++) {
		struct uk_netbuf *nb = virtqueue_get(vq, &len);

		if (!nb)
			break;
		if (receive)
			received(v, nb, len);
		bufs[i] = nb;
	}
	ukplat_lcpu_irq_restore(flags);
	return i;
}

static unsigned int vnet_rx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				  unsigned int n)
{
	return dequeue(d->priv, bufs, n, true);
}

static unsigned int vnet_tx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				  unsigned int n)
{
	return enqueue(d->priv, bufs, n, false);
}

static unsigned int vnet_tx_reclaim(struct uk_netdev *d,
				    struct uk_netbuf **bufs, unsigned int n)
{
	return dequeue(d->priv, bufs, n, false);
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

/*
 * What to ask for: HOST_TSO4/6 only with CSUM, the large receive
 * offloads only together (MRG_RXBUF, GUEST_CSUM, a GUEST_TSO): each only
 * when the device offers all it needs.
 */
static uint64_t wanted_features(struct virtio_dev *vd)
{
	uint64_t offered = virtio_offered(vd);
	uint64_t want = VIRTIO_FEATURE(VIRTIO_NET_F_MAC) |
			VIRTIO_FEATURE(VIRTIO_NET_F_STATUS) |
			VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |
			VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM);

	if (offered & VIRTIO_FEATURE(VIRTIO_NET_F_CSUM))
		want |= VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO4) |
			VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO6);
#if CONFIG_UKNETDEV_RX_GSO
	/* Large received frames only for a stack that takes them. */
	{
		uint64_t tso = offered &
			       (VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_TSO4) |
				VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_TSO6));
		uint64_t needs = VIRTIO_FEATURE(VIRTIO_NET_F_MRG_RXBUF) |
				 VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM);

		if (tso && (offered & needs) == needs)
			want |= tso | needs;
	}
#endif
	return want;
}

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
	rc = virtio_negotiate(vd, wanted_features(vd));
	if (rc)
		return rc;
	v->vd = vd;
	v->mergeable = virtio_has_feature(vd, VIRTIO_NET_F_MRG_RXBUF);
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
			(virtio_has_feature(vd, VIRTIO_NET_F_GUEST_CSUM) ? UK_NETDEV_RX_CSUM : 0) |
			(virtio_has_feature(vd, VIRTIO_NET_F_GUEST_TSO4) ||
			 virtio_has_feature(vd, VIRTIO_NET_F_GUEST_TSO6) ? UK_NETDEV_RX_GSO : 0) |
			(virtio_has_feature(vd, VIRTIO_NET_F_HOST_TSO4) &&
			 virtio_has_feature(vd, VIRTIO_NET_F_HOST_TSO6) ? UK_NETDEV_TX_GSO : 0),
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
