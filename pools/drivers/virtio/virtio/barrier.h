/* SPDX-License-Identifier: MIT */
/*
 * Ordering between the CPU and a device reading the same memory: the
 * rings' entries before their index, the index before the notification
 * (and before reading whether the device wants one), the used index
 * before the entries it covers.
 */
#ifndef VIRTIO_BARRIER_H
#define VIRTIO_BARRIER_H

#if defined(__aarch64__)
/* The device may be behind a device-memory notification write: dsb. */
#define virtio_mb()  __asm__ __volatile__("dsb sy" ::: "memory")
#define virtio_wmb() __asm__ __volatile__("dsb st" ::: "memory")
#define virtio_rmb() __asm__ __volatile__("dsb ld" ::: "memory")
#else
/* x86 orders stores with stores and loads with loads; not a store with a
 * later load. */
#define virtio_mb()  __asm__ __volatile__("mfence" ::: "memory")
#define virtio_wmb() __asm__ __volatile__("" ::: "memory")
#define virtio_rmb() __asm__ __volatile__("" ::: "memory")
#endif

#endif
