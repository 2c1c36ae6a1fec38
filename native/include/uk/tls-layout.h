/* SPDX-License-Identifier: MIT */
/*
 * For an architecture's tls.c (which implements uk/arch/tls.h): the
 * image's thread-local storage template, as native/ld/tls.ld places it,
 * and the ELF "variant I" layout of a thread's area (arm64, arm32).
 *
 * Variant I: the thread pointer points to a thread control block of
 * `tcb` bytes (two words of a C library's, zero here), and the TLS block
 * follows it at the block's alignment. The linker placed every __thread
 * variable at (tcb rounded up to the block's alignment) + (its offset in
 * the block) from the thread pointer; an area repeats exactly that:
 *
 *   area:  [ TCB, aligned up | .tdata copied | .tbss zeroed ]
 *          ^ thread pointer
 *
 * Only the TCB's size differs between architectures (uk/arch/tls.h:
 * UKARCH_TLS_TCB_SIZE), so its tls.c passes that. x86_64's layout is
 * variant II, in its own tls.c.
 */
#ifndef UK_TLS_LAYOUT_H
#define UK_TLS_LAYOUT_H

#include <uk/essentials.h>

/* native/ld/tls.ld; sizes are the symbols' values. */
extern const char __uk_tls_start[], __uk_tls_tdata_size[], __uk_tls_size[],
	__uk_tls_align[];

static inline size_t uk_tls_variant1_block_offset(size_t tcb)
{
	return UK_ALIGN_UP(tcb, (size_t)__uk_tls_align);
}

/* At least the TCB's size: its words are aligned wherever the block is. */
static inline size_t uk_tls_variant1_area_align(size_t tcb)
{
	size_t a = (size_t)__uk_tls_align;

	return a > tcb ? a : tcb;
}

static inline size_t uk_tls_variant1_area_size(size_t tcb)
{
	return uk_tls_variant1_block_offset(tcb) + (size_t)__uk_tls_size;
}

/* Byte loops: the file that includes this must keep GCC from turning
 * them into memcpy/memset calls (-fno-tree-loop-distribute-patterns), as
 * no C library is assumed. */
static inline uintptr_t uk_tls_variant1_area_init(void *area, size_t tcb)
{
	size_t off = uk_tls_variant1_block_offset(tcb);
	size_t tdata = (size_t)__uk_tls_tdata_size, i;
	size_t end = off + (size_t)__uk_tls_size;
	char *p = area;

	for (i = 0; i < off; i++)
		p[i] = 0;
	for (; i < off + tdata; i++)
		p[i] = __uk_tls_start[i - off];
	for (; i < end; i++)
		p[i] = 0;
	return (uintptr_t)area;
}

#endif /* UK_TLS_LAYOUT_H */
