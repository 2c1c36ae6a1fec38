/* SPDX-License-Identifier: MIT */
/*
 * Thread-local storage areas, in the x86_64 ELF ABI's layout ("variant
 * II"): the TLS block (the image's .tdata then .tbss, native/ld/tls.ld)
 * ends at the thread pointer, which the FS base holds, and the thread
 * control block starts there. Its first word points to itself: compiled
 * code takes a __thread variable's address as %fs:0 plus an offset (and
 * the C libraries read their thread's structure through it). The TCB here
 * has 64 bytes, zero beyond that word (a stack-protector canary would sit
 * at %fs:0x28).
 *
 *   area:  [ TLS block, aligned up | TCB ]
 *                                  ^ thread pointer
 */
#ifndef UK_ARCH_TLS_H
#define UK_ARCH_TLS_H

#include <uk/essentials.h>

#define UKARCH_TLS_TCB_SIZE 64

/* Bytes and alignment of an area for the image's TLS block and the TCB. */
size_t ukarch_tls_area_size(void);
size_t ukarch_tls_area_align(void);

/*
 * Fills `area` (ukarch_tls_area_size() bytes, ukarch_tls_area_align()
 * aligned) from the image's template and returns the thread pointer to
 * load for it (ukplat_tlsp_set()).
 */
uintptr_t ukarch_tls_area_init(void *area);

#endif /* UK_ARCH_TLS_H */
