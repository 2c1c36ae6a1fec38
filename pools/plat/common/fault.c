/* SPDX-License-Identifier: MIT */
/* Words that make the crash report of a memory fault readable. */
#include <uk/crash.h>
#include <uk/arch/types.h>
#include <stdio.h>
#include <plat/fault.h>
#if CONFIG_LIBUKPAGING
#include <uk/paging.h>
#endif

/* A crash report is printed once, by one CPU: static buffers do. */
const char *plat_fault_hint(uintptr_t addr)
{
#if CONFIG_LIBUKPAGING
	static char hint[96];
	const char *owner = uk_paging_guard_owner(addr);

	if (owner) {
		snprintf(hint, sizeof(hint),
			 " (stack overflow into the guard page of %s)", owner);
		return hint;
	}
#endif
	return addr < UK_PAGE_SIZE ? " (NULL pointer)" : "";
}

const char *plat_fault_caller(uintptr_t ret)
{
	static char caller[96];
	uintptr_t off;
	/* The call is the instruction before the return address. */
	const char *fn = uk_symbol_lookup(ret - 1, &off);

	if (!fn)
		return "";
	snprintf(caller, sizeof(caller), ", called from %#lx (%s+0x%lx)",
		 (unsigned long)ret, fn, (unsigned long)(off + 1));
	return caller;
}
