/* SPDX-License-Identifier: MIT */
/*
 * Between lwIP's glue (netif.c) and its operating system layer
 * (sys_arch.c), with CONFIG_LWIP_THREADS.
 */
#ifndef LWIP_TX_FLUSH_H
#define LWIP_TX_FLUSH_H

/*
 * Sends the frame the glue is gathering for the device to cut, if any:
 * called with lwIP's core lock held, as the lock is released.
 */
void uk_lwip_tx_flush(void);

#endif
