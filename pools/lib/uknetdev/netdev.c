/* SPDX-License-Identifier: MIT */
/* The network-device registry and the checks before the driver (uk/netdev.h). */
#include <uk/netdev.h>
#include <uk/plat.h>
#include <errno.h>

static struct uk_netdev *devices[CONFIG_UKNETDEV_MAX];
static unsigned int ndevices;

int uk_netdev_register(struct uk_netdev *d)
{
	if (ndevices == CONFIG_UKNETDEV_MAX)
		return -ENOMEM;
	if (!d->mtu)
		d->mtu = UK_NETDEV_MTU;
	devices[ndevices++] = d;
	return 0;
}

unsigned int uk_netdev_count(void)
{
	return ndevices;
}

struct uk_netdev *uk_netdev_get(unsigned int i)
{
	return i < ndevices ? devices[i] : NULL;
}

bool uk_netdev_link_up(struct uk_netdev *d)
{
	return !d->ops->link_up || d->ops->link_up(d);
}

static bool rx_ok(const struct uk_netbuf *b)
{
	return b->data && b->size >= UK_NETDEV_FRAME_MAX;
}

static bool tx_ok(const struct uk_netdev *d, const struct uk_netbuf *b)
{
	/* A segment the device cuts: only where it does, with its size, summed by the device. */
	bool cut = (d->offloads & UK_NETDEV_TX_GSO) && b->gso_size &&
		   (b->flags & (UK_NETBUF_GSO_TCP4 | UK_NETBUF_GSO_TCP6)) &&
		   (b->flags & UK_NETBUF_CSUM_PARTIAL);

	return b->data && b->len >= UK_NETDEV_ETH_HLEN &&
	       (b->len <= UK_NETDEV_FRAME_MAX || cut) && b->len <= b->size;
}

unsigned int uk_netdev_rx_give(struct uk_netdev *d, struct uk_netbuf **bufs,
			       unsigned int n)
{
	unsigned int i = 0;

	/* Only the leading buffers that pass go to the driver. */
	while (i < n && bufs[i] && rx_ok(bufs[i]))
		i++;
	return i ? d->ops->rx_give(d, bufs, i) : 0;
}

unsigned int uk_netdev_rx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n)
{
	return n ? d->ops->rx_burst(d, bufs, n) : 0;
}

unsigned int uk_netdev_tx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n)
{
	unsigned int i = 0;

	while (i < n && bufs[i] && tx_ok(d, bufs[i]))
		i++;
	return i ? d->ops->tx_burst(d, bufs, i) : 0;
}

unsigned int uk_netdev_tx_reclaim(struct uk_netdev *d,
				  struct uk_netbuf **bufs, unsigned int n)
{
	return n ? d->ops->tx_reclaim(d, bufs, n) : 0;
}

int uk_netdev_set_polling(struct uk_netdev *d, bool polling)
{
	if (!d->ops->set_interrupts)
		return polling ? 0 : -ENOTSUP;
	if (!polling && !d->has_irq)
		return -ENOTSUP;
	d->ops->set_interrupts(d, !polling);
	d->polling = polling;
	return 0;
}

void uk_netdev_set_rx_handler(struct uk_netdev *d,
			      void (*fn)(struct uk_netdev *d, void *arg),
			      void *arg)
{
	/* Interrupts off: the handler never sees one without the other. */
	unsigned long flags = ukplat_lcpu_irq_save();

	d->rx_handler = fn;
	d->rx_handler_arg = arg;
	ukplat_lcpu_irq_restore(flags);
}

bool uk_netdev_rx_pending(struct uk_netdev *d)
{
	return d->ops->rx_pending(d);
}

void uk_netdev_rx_wait(struct uk_netdev *d)
{
	bool halt = !d->polling && ukplat_lcpu_irq_enabled();
	unsigned long flags = ukplat_lcpu_irq_save();

	/*
	 * Interrupts are off between the check and the halt, which enables
	 * them as it stops: an interrupt raised after the check wakes it.
	 */
	while (!d->ops->rx_pending(d)) {
		if (halt)
			ukplat_lcpu_halt_irq();
	}
	ukplat_lcpu_irq_restore(flags);
}
