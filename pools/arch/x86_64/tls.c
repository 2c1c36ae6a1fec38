/* SPDX-License-Identifier: MIT */
/*
 * TLS areas in the x86_64 layout (uk/arch/tls.h). The linker placed every
 * __thread variable at (its offset in the block) - (the block's size
 * rounded up to its alignment) from the thread pointer; the area repeats
 * exactly that.
 */
#include <uk/arch/tls.h>
#include <uk/tls-layout.h>

static size_t block_size(void)
{
	return UK_ALIGN_UP((size_t)__uk_tls_size, (size_t)__uk_tls_align);
}

size_t ukarch_tls_area_align(void)
{
	size_t a = (size_t)__uk_tls_align;

	return a > 16 ? a : 16;
}

size_t ukarch_tls_area_size(void)
{
	return block_size() + UKARCH_TLS_TCB_SIZE;
}

uintptr_t ukarch_tls_area_init(void *area)
{
	size_t n = block_size(), tdata = (size_t)__uk_tls_tdata_size, i;
	char *p = area;
	uintptr_t tp = (uintptr_t)area + n;

	for (i = 0; i < tdata; i++)
		p[i] = __uk_tls_start[i];
	for (; i < n + UKARCH_TLS_TCB_SIZE; i++)
		p[i] = 0;
	*(uintptr_t *)tp = tp;
	return tp;
}
