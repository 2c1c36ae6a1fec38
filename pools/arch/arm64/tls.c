/* SPDX-License-Identifier: MIT */
/*
 * TLS areas in the AArch64 layout (uk/arch/tls.h): variant I with a 16-byte
 * TCB, laid out by uk/tls-layout.h.
 */
#include <uk/arch/tls.h>
#include <uk/tls-layout.h>

size_t ukarch_tls_area_align(void)
{
	return uk_tls_variant1_area_align(UKARCH_TLS_TCB_SIZE);
}

size_t ukarch_tls_area_size(void)
{
	return uk_tls_variant1_area_size(UKARCH_TLS_TCB_SIZE);
}

uintptr_t ukarch_tls_area_init(void *area)
{
	return uk_tls_variant1_area_init(area, UKARCH_TLS_TCB_SIZE);
}
