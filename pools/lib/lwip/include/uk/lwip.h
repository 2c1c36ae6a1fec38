/* SPDX-License-Identifier: MIT */
/*
 * lwIP over the first network device of uknetdev, polled.
 *
 *   struct netif *nif = uk_lwip_start();   // once, before lwIP's API
 *   ... tcp_new(), tcp_bind(), udp_new() ... (lwIP's raw API)
 *   for (;;) {
 *           uk_lwip_poll();                // frames in, timers, frames out
 *           uk_lwip_wait();                // with lwip.irq: halt till there is work
 *   }
 *
 * The interface's IPv4 address, netmask and gateway are the library
 * parameters lwip.ip, lwip.netmask and lwip.gw (dotted quads); lwip.irq
 * puts the device in interrupt mode.
 *
 * With CONFIG_LWIP_THREADS, uk_lwip_start() starts lwIP's tcpip thread
 * and a thread that polls the device instead; the application calls
 * lwIP's socket or netconn API from its threads, and neither
 * uk_lwip_poll() nor uk_lwip_wait() exists.
 */
#ifndef UK_LWIP_H
#define UK_LWIP_H

#include <stdbool.h>
#include <lwip/netif.h>

/*
 * Initialises lwIP and adds network device 0 as its default interface,
 * up; NULL after a message on the console when there is no device or a
 * parameter is not an IPv4 address.
 */
struct netif *uk_lwip_start(void);

#if !CONFIG_LWIP_THREADS
/*
 * Gives lwIP the frames the device received, runs lwIP's due timers and
 * takes back the transmit buffers of sent frames; the number of frames
 * received. It does not wait.
 */
unsigned int uk_lwip_poll(void);

/*
 * In interrupt mode (lwip.irq), halts the CPU until the device receives a
 * frame or lwIP's next timeout is due; in polling mode returns at once.
 * Returns how many times the CPU halted so far.
 */
unsigned long uk_lwip_wait(void);
#endif

#endif /* UK_LWIP_H */
