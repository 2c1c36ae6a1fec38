/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueues (spec 2.6): a descriptor table, the available ring the
 * driver fills and the used ring the device fills, in one zeroed,
 * page-aligned allocation. Free descriptors form a list through their
 * `next` fields.
 */
#include <uk/virtio.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

#include "barrier.h"

#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY     1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

/* The device's largest queue is 32768; a power of two is required. */
#define VIRTQ_SIZE_MAX 32768

/* Both guests we run on are little-endian, as virtio 1.x's rings are. */
UK_CTASSERT(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);

static uint16_t used_idx(struct virtqueue *vq)
{
	return *(volatile uint16_t *)&vq->used->idx;
}

struct virtqueue *virtio_vq_setup(struct virtio_dev *vd, unsigned int idx,
				  unsigned int max_size,
				  virtqueue_callback_t cb, void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned int size, i;
	size_t desc_sz, avail_sz, used_off, used_sz;
	struct virtqueue *vq;
	char *mem;

	if (idx >= VIRTIO_MAX_QUEUES || vd->vqs[idx] || !a)
		return NULL;
	size = vd->ops->queue_max(vd, idx);
	if (!size)
		return NULL;
	if (size > max_size)
		size = max_size;
	if (size > VIRTQ_SIZE_MAX)
		size = VIRTQ_SIZE_MAX;
	/* Round down to a power of two (the split ring's requirement). */
	while (size & (size - 1))
		size &= size - 1;

	desc_sz = sizeof(struct virtq_desc) * size;
	avail_sz = sizeof(struct virtq_avail) + sizeof(uint16_t) * (size + 1);
	used_off = UK_ALIGN_UP(desc_sz + avail_sz, 4);
	used_sz = sizeof(struct virtq_used) +
		  sizeof(struct virtq_used_elem) * size + sizeof(uint16_t);

	vq = uk_calloc(a, 1, sizeof(*vq));
	mem = uk_memalign(a, 4096, used_off + used_sz);
	if (vq)
		vq->cookies = uk_calloc(a, size, sizeof(void *));
	if (!vq || !mem || !vq->cookies) {
		uk_pr_warn("virtio: no memory for queue %u of %s\n", idx,
			   vd->where);
		return NULL;
	}
	memset(mem, 0, used_off + used_sz);
	vq->vd = vd;
	vq->idx = idx;
	vq->size = size;
	vq->desc = (struct virtq_desc *)mem;
	vq->avail = (struct virtq_avail *)(mem + desc_sz);
	vq->used = (struct virtq_used *)(mem + used_off);
	vq->desc_addr = (uintptr_t)vq->desc;
	vq->avail_addr = (uintptr_t)vq->avail;
	vq->used_addr = (uintptr_t)vq->used;
	vq->cb = cb;
	vq->cb_arg = arg;
	for (i = 0; i + 1 < size; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->nfree = size;
	if (vd->ops->queue_enable(vd, vq)) {
		uk_pr_warn("virtio: queue %u of %s cannot be enabled\n", idx,
			   vd->where);
		return NULL;
	}
	vd->vqs[idx] = vq;
	return vq;
}

int virtqueue_add(struct virtqueue *vq, const struct virtqueue_buf *bufs,
		  unsigned int nout, unsigned int nin, void *cookie)
{
	unsigned int n = nout + nin, i;
	uint16_t head, d;

	if (!n || !cookie)
		return -EINVAL;
	if (n > vq->nfree)
		return -ENOSPC;
	head = vq->free_head;
	for (i = 0, d = head; i < n; i++) {
		struct virtq_desc *desc = &vq->desc[d];

		desc->addr = (uintptr_t)bufs[i].addr;
		desc->len = bufs[i].len;
		desc->flags = (i >= nout ? VIRTQ_DESC_F_WRITE : 0) |
			      (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		d = desc->next;
	}
	vq->free_head = d;     /* the descriptor after the chain's last */
	vq->nfree -= n;
	vq->cookies[head] = cookie;
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	vq->avail_idx++;
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	/* The ring entries before the index the device reads. */
	virtio_wmb();
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	/* The index before reading whether the device wants a notification. */
	virtio_mb();
	if (!(*(volatile uint16_t *)&vq->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		vq->vd->ops->queue_notify(vq->vd, vq);
}

bool virtqueue_has_used(struct virtqueue *vq)
{
	return used_idx(vq) != vq->last_used;
}

void *virtqueue_get(struct virtqueue *vq, uint32_t *len)
{
	struct virtq_used_elem *e;
	uint16_t head, d, n = 1;
	void *cookie;

	if (!virtqueue_has_used(vq))
		return NULL;
	/* The index before the entry it covers. */
	virtio_rmb();
	e = &vq->used->ring[vq->last_used & (vq->size - 1)];
	head = e->id;
	if (head >= vq->size || !vq->cookies[head]) {
		/* A device bug; skip the entry rather than corrupt the list. */
		uk_pr_err("virtio: %s queue %u: bad used id %u\n",
			  vq->vd->where, vq->idx, head);
		vq->last_used++;
		return NULL;
	}
	if (len)
		*len = e->len;
	cookie = vq->cookies[head];
	vq->cookies[head] = NULL;
	vq->last_used++;
	/* Give the chain back to the free list. */
	for (d = head; vq->desc[d].flags & VIRTQ_DESC_F_NEXT; n++)
		d = vq->desc[d].next;
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->nfree += n;
	return cookie;
}

unsigned int virtqueue_free_descs(struct virtqueue *vq)
{
	return vq->nfree;
}

unsigned int virtqueue_size(struct virtqueue *vq)
{
	return vq->size;
}

void virtqueue_intr_disable(struct virtqueue *vq)
{
	vq->avail->flags |= VIRTQ_AVAIL_F_NO_INTERRUPT;
}

bool virtqueue_intr_enable(struct virtqueue *vq)
{
	vq->avail->flags &= ~VIRTQ_AVAIL_F_NO_INTERRUPT;
	/* The flag before reading the used index (a race with the device). */
	virtio_mb();
	return virtqueue_has_used(vq);
}
