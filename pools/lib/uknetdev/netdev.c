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

/* How many of bufs[0..n) pass `ok`: the driver gets only those. */
#define LEADING(bufs, n, ok)                                   \
	({                                                     \
		unsigned int i_ = 0;                           \
		while (i_ < (n) && (bufs)[i_] && ok((bufs)[i_])) \
			i_++;                                  \
		i_;                                            \
	})

static bool rx_ok(const struct uk_netbuf *b)
{
	return b->data && b->size >= UK_NETDEV_FRAME_MAX;
}

static bool tx_ok(const struct uk_netbuf *b)
{
	return b->data && b->len >= UK_NETDEV_ETH_HLEN &&
	       b->len <= UK_NETDEV_FRAME_MAX && b->len <= b->size;
}

unsigned int uk_netdev_rx_give(struct uk_netdev *d, struct uk_netbuf **bufs,
			       unsigned int n)
{
	n = LEADING(bufs, n, rx_ok);
	return n ? d->ops->rx_give(d, bufs, n) : 0;
}

unsigned int uk_netdev_rx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n)
{
	return n ? d->ops->rx_burst(d, bufs, n) : 0;
}

unsigned int uk_netdev_tx_burst(struct uk_netdev *d, struct uk_netbuf **bufs,
				unsigned int n)
{
	n = LEADING(bufs, n, tx_ok);
	return n ? d->ops->tx_burst(d, bufs, n) : 0;
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
