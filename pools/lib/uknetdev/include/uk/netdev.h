/* SPDX-License-Identifier: MIT */
/*
 * Network devices: Ethernet frames received and transmitted in bursts,
 * in buffers that belong to the caller. The device reads and writes the
 * caller's memory directly; no frame is ever copied between the driver
 * and its user.
 *
 * A buffer (struct uk_netbuf) is the caller's memory: `data` points to
 * `size` bytes, `len` is the frame's length. It goes to the device and
 * comes back:
 *
 *   receive:   uk_netdev_rx_give(d, bufs, n)    empty buffers to the device
 *              uk_netdev_rx_burst(d, bufs, n)   filled ones back (len set)
 *   transmit:  uk_netdev_tx_burst(d, bufs, n)   frames to send
 *              uk_netdev_tx_reclaim(d, bufs, n) sent ones back
 *
 * Between giving a buffer and getting it back, it is the device's: the
 * caller must neither touch nor free it. A received buffer may be sent
 * as it is (an echo server changes a frame in place and transmits it),
 * and a reclaimed one given for receiving: the caller decides where its
 * memory goes. Receive buffers hold at least UK_NETDEV_FRAME_MAX bytes
 * (a frame of the largest MTU with its Ethernet header).
 *
 * Polling mode (the default): the caller calls the burst functions
 * when it wants; the device raises no interrupt. Interrupt mode
 * (uk_netdev_set_polling(d, false), for a device with an interrupt):
 * uk_netdev_rx_wait() halts the CPU until the device interrupts for a
 * received frame. One CPU uses a device at a time (the boot CPU, which
 * gets device interrupts, in interrupt mode); a device has one receive
 * and one transmit queue.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <uk/essentials.h>

#define UK_NETDEV_ETH_ALEN  6
#define UK_NETDEV_ETH_HLEN  14
#define UK_NETDEV_MTU       1500
/* The largest frame without its frame check sequence (the device's). */
#define UK_NETDEV_FRAME_MAX (UK_NETDEV_MTU + UK_NETDEV_ETH_HLEN)

/*
 * Checksum offload (a device's `offloads`, a buffer's `flags`).
 *
 * UK_NETDEV_TX_CSUM: the device completes a TCP or UDP checksum. A frame
 * to send with UK_NETBUF_CSUM_PARTIAL has at csum_start (bytes from the
 * frame's start) the transport header, and at csum_start + csum_offset
 * its checksum field holding the folded pseudo-header sum, not inverted;
 * the device sums from csum_start to the end and writes the result there.
 *
 * UK_NETDEV_RX_CSUM: the device may say of a received frame that its
 * checksum was checked (UK_NETBUF_CSUM_VALID), or that the frame comes
 * from a trusted sender with the checksum left partial as above
 * (UK_NETBUF_CSUM_PARTIAL: correct, but the field holds the pseudo-header
 * sum only). A received frame with neither flag is to be checked.
 */
#define UK_NETDEV_TX_CSUM       0x1
#define UK_NETDEV_RX_CSUM       0x2
#define UK_NETBUF_CSUM_PARTIAL  0x1
#define UK_NETBUF_CSUM_VALID    0x2

/*
 * Large received frames (a device's `offloads`): UK_NETDEV_RX_GSO, the
 * device may hand over TCP segments longer than the MTU (the sender's
 * segmentation offload, left undone: the segment is whole, its IP
 * header's length counts all of it), up to UK_NETDEV_GSO_FRAME_MAX
 * bytes, in a frame spread over several receive buffers.
 *
 * A frame's first buffer has `frame_bufs` set to the number of buffers
 * the frame fills (1 for a frame in one buffer, always without
 * UK_NETDEV_RX_GSO); the frame_bufs - 1 buffers uk_netdev_rx_burst()
 * returns next, in that call or the following ones, hold the rest of the
 * frame in order, and have frame_bufs 0. Every buffer's `len` counts the
 * frame's bytes it holds.
 *
 * The first buffer of a large segment has a flag saying what it is
 * (UK_NETBUF_GSO_TCP4, UK_NETBUF_GSO_TCP6) and in `gso_size` the
 * payload of the segments the sender would have cut it into (its MSS);
 * its checksum is left partial (UK_NETBUF_CSUM_PARTIAL) over the whole
 * segment.
 *
 * A device offers it only in an image whose code takes such frames
 * (CONFIG_UKNETDEV_RX_GSO, which lwIP selects): a caller that does not
 * look at frame_bufs never gets one.
 */
#define UK_NETDEV_RX_GSO        0x4
#define UK_NETBUF_GSO_TCP4      0x4
#define UK_NETBUF_GSO_TCP6      0x8
/* An IP packet's largest length behind an Ethernet header. */
#define UK_NETDEV_GSO_FRAME_MAX (UK_NETDEV_ETH_HLEN + 65535)

/*
 * Segmentation offload for sending (a device's `offloads`):
 * UK_NETDEV_TX_GSO, the device cuts a TCP segment longer than the MTU
 * into segments of the MTU. The frame, in one buffer of up to 65535
 * bytes, has UK_NETBUF_GSO_TCP4 or UK_NETBUF_GSO_TCP6, in `gso_size` the
 * payload of each segment to cut (the last may be shorter), and its
 * checksum partial over the whole segment (UK_NETBUF_CSUM_PARTIAL, with
 * the pseudo-header sum of the whole segment's length); its IP header
 * counts the whole segment. Each segment gets the frame's headers with
 * its own sequence number, IP length and checksums (and IPv4
 * identifier, counted up from the frame's); PSH and FIN go on the last.
 * Only with UK_NETDEV_TX_CSUM.
 */
#define UK_NETDEV_TX_GSO        0x8

struct uk_netbuf {
	void *data;                 /* the frame's first byte */
	uint16_t len;               /* the frame's length */
	uint16_t size;              /* bytes at data */
	uint16_t flags;             /* UK_NETBUF_CSUM_*: set by the device on receive, by the caller to send; UK_NETBUF_GSO_* on receive */
	uint16_t csum_start;        /* with UK_NETBUF_CSUM_PARTIAL, see above */
	uint16_t csum_offset;
	uint16_t frame_bufs;        /* received: the buffers of the frame it starts, 0 in a frame's others */
	uint16_t gso_size;          /* with UK_NETBUF_GSO_*: the segments' payload */
	void *priv;                 /* the caller's */
	/* The driver's, while the device has the buffer (a frame header). */
	uint64_t driver[2];
};

struct uk_netdev;

struct uk_netdev_ops {
	/* Each returns how many of the n buffers it took or gave back. */
	unsigned int (*rx_give)(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n);
	unsigned int (*rx_burst)(struct uk_netdev *d, struct uk_netbuf **bufs,
				 unsigned int n);
	unsigned int (*tx_burst)(struct uk_netdev *d, struct uk_netbuf **bufs,
				 unsigned int n);
	unsigned int (*tx_reclaim)(struct uk_netdev *d,
				   struct uk_netbuf **bufs, unsigned int n);
	/* True when rx_burst would return a frame. */
	bool (*rx_pending)(struct uk_netdev *d);
	/* The link's state now; NULL: always up. */
	bool (*link_up)(struct uk_netdev *d);
	/* Receive interrupts on or off; NULL: always polled. */
	void (*set_interrupts)(struct uk_netdev *d, bool on);
};

struct uk_netdev {
	const char *name;           /* "virtio-net pci 00:03.0" */
	uint8_t mac[UK_NETDEV_ETH_ALEN];
	uint16_t mtu;
	unsigned int rx_slots;      /* buffers the receive queue holds */
	unsigned int tx_slots;      /* frames the transmit queue holds */
	bool has_irq;
	bool polling;
	unsigned int offloads;      /* UK_NETDEV_TX_CSUM, _RX_CSUM, _RX_GSO, _TX_GSO */
	/* uk_netdev_set_rx_handler()'s; the driver calls it from its interrupt. */
	void (*rx_handler)(struct uk_netdev *d, void *arg);
	void *rx_handler_arg;
	const struct uk_netdev_ops *ops;
	void *priv;                 /* the driver's */
};

/* For drivers: adds a device; 0 or -ENOMEM (CONFIG_UKNETDEV_MAX). */
int uk_netdev_register(struct uk_netdev *d);

unsigned int uk_netdev_count(void);
/* Device `i` in registration order, or NULL. */
struct uk_netdev *uk_netdev_get(unsigned int i);

bool uk_netdev_link_up(struct uk_netdev *d);

/*
 * Gives empty buffers to the receive queue; the number taken (fewer
 * than n when the queue is full). A buffer smaller than
 * UK_NETDEV_FRAME_MAX stops the burst there.
 */
unsigned int uk_netdev_rx_give(struct uk_netdev *d, struct uk_netbuf **bufs,
			       unsigned int n);
/*
 * Received buffers, at most n, in arrival order; their len is set (and
 * frame_bufs: a frame may span several, UK_NETDEV_RX_GSO above).
 */
unsigned int uk_netdev_rx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n);
/*
 * Queues frames for transmission; the number taken, in order (fewer
 * than n when the queue is full: reclaim sent ones and try the rest
 * again). A frame shorter than an Ethernet header or longer than
 * UK_NETDEV_FRAME_MAX (unless a segment to cut, UK_NETDEV_TX_GSO) stops
 * the burst there.
 */
unsigned int uk_netdev_tx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n);
/* Buffers whose frames were sent, at most n: the caller's again. */
unsigned int uk_netdev_tx_reclaim(struct uk_netdev *d,
				  struct uk_netbuf **bufs, unsigned int n);

/* Polling mode on or off; -ENOTSUP for a device without an interrupt. */
int uk_netdev_set_polling(struct uk_netdev *d, bool polling);

/*
 * True when a received frame waits for uk_netdev_rx_burst(). For a
 * caller that halts until a frame or something else of its own (a timer)
 * wakes it; with interrupts off, as uk_netdev_rx_wait() checks.
 */
bool uk_netdev_rx_pending(struct uk_netdev *d);

/*
 * `fn(d, arg)` runs in the device's interrupt handler (interrupts off)
 * each time, in interrupt mode, the device interrupts for received
 * frames: for a thread that blocks until then (lwip's device thread wakes
 * itself from it), where uk_netdev_rx_wait() would halt the whole CPU.
 * NULL removes it. It must be short and may only wake others.
 */
void uk_netdev_set_rx_handler(struct uk_netdev *d,
			      void (*fn)(struct uk_netdev *d, void *arg),
			      void *arg);

/*
 * Returns once a received frame waits for uk_netdev_rx_burst(): in
 * interrupt mode the CPU halts until the device's interrupt, in polling
 * mode it polls. It waits as long as no frame comes.
 */
void uk_netdev_rx_wait(struct uk_netdev *d);

#endif /* UK_NETDEV_H */
