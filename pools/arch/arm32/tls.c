/* SPDX-License-Identifier: MIT */
/*
 * TLS areas in the ARM EABI layout (uk/arch/tls.h). The linker placed
 * every __thread variable at (the TCB's 8 bytes rounded up to the
 * block's alignment) + (its offset in the block) from the thread pointer;
 * the area repeats exactly that.
 */
#include <uk/arch/tls.h>

/* native/ld/tls.ld; sizes are the symbols' values. */
extern const char __uk_tls_start[], __uk_tls_tdata_size[], __uk_tls_size[],
	__uk_tls_align[];

static size_t block_offset(void)
{
	return UK_ALIGN_UP((size_t)UKARCH_TLS_TCB_SIZE, (size_t)__uk_tls_align);
}

size_t ukarch_tls_area_align(void)
{
	size_t a = (size_t)__uk_tls_align;

	return a > 8 ? a : 8;
}

size_t ukarch_tls_area_size(void)
{
	return block_offset() + (size_t)__uk_tls_size;
}

uintptr_t ukarch_tls_area_init(void *area)
{
	size_t off = block_offset(), tdata = (size_t)__uk_tls_tdata_size, i;
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
