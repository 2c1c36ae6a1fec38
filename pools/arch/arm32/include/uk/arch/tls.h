/* SPDX-License-Identifier: MIT */
/*
 * Thread-local storage areas, in the ARM EABI's layout ("variant I"): the
 * thread pointer (TPIDRURO, which compiled code reads with
 * `mrc p15, 0, rN, c13, c0, 3`) points to an 8-byte thread control block,
 * and the TLS block (the image's .tdata then .tbss, native/ld/tls.ld)
 * follows it at the block's alignment. The TCB is zero here (its two
 * words are a C library's).
 *
 *   area:  [ TCB, aligned up | TLS block ]
 *          ^ thread pointer
 */
#ifndef UK_ARCH_TLS_H
#define UK_ARCH_TLS_H

#include <uk/essentials.h>

#define UKARCH_TLS_TCB_SIZE 8

/* Bytes and alignment of an area for the TCB and the image's TLS block. */
size_t ukarch_tls_area_size(void);
size_t ukarch_tls_area_align(void);

/*
 * Fills `area` (ukarch_tls_area_size() bytes, ukarch_tls_area_align()
 * aligned) from the image's template and returns the thread pointer to
 * load for it (ukplat_tlsp_set()).
 */
uintptr_t ukarch_tls_area_init(void *area);

#endif /* UK_ARCH_TLS_H */
