/* SPDX-License-Identifier: MIT */
/*
 * 9P transports (lib/9pfs): a device that carries 9P messages to a file
 * server on the host, found by its tag. A driver (virtio-9p) registers
 * one per device it finds; 9pfs mounts the device whose tag a
 * `9pfs.mount=` parameter names.
 *
 * A request is one message out and its reply in, both as lists of
 * buffers, so that file data goes from and to the caller's memory
 * without a copy: the device reads `out` in order and writes the reply
 * over `in` in order. The call returns when the reply is there.
 */
#ifndef UK_9PDEV_H
#define UK_9PDEV_H

#include <uk/essentials.h>
#include <stdint.h>

struct uk_9p_buf {
	void *addr;
	uint32_t len;
};

struct uk_9pdev;

struct uk_9pdev_ops {
	/*
	 * Sends one request and waits for its reply: the bytes written into
	 * `in`, or -EIO when the device failed or did not answer in time
	 * (then it is not used again).
	 */
	long (*request)(struct uk_9pdev *dev, const struct uk_9p_buf *out,
			unsigned int nout, const struct uk_9p_buf *in,
			unsigned int nin);
};

struct uk_9pdev {
	char tag[64];               /* the host side's mount tag */
	unsigned int max_bufs;      /* out + in buffers one request may have */
	const struct uk_9pdev_ops *ops;
	void *priv;                 /* the driver's */
	struct uk_9pdev *next;      /* the registry's */
	bool in_use;                /* mounted (a device serves one mount) */
};

/* Makes the device findable by its tag: 0, or -EEXIST for a tag taken. */
int uk_9pdev_register(struct uk_9pdev *dev);

/* The device with this tag, or NULL. */
struct uk_9pdev *uk_9pdev_find(const char *tag);

#endif /* UK_9PDEV_H */
