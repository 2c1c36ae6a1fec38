/* SPDX-License-Identifier: MIT */
/*
 * Faults on request, so that the tests can check the crash report of
 * each kind on each platform:
 *
 *   faults.kind=undefined   an undefined instruction
 *   faults.kind=badaddr     a load from an address no memory answers:
 *                           non-canonical on x86_64 (general protection),
 *                           beyond the physical address range on arm64
 *                           (an abort even with the MMU off), unmapped
 *                           on linuxu
 *   faults.kind=divide      integer division by zero (x86_64 only: arm64
 *                           does not trap on it)
 *   faults.kind=crash       UK_CRASH from the application
 *
 * Each happens two calls below main(), in a function named after it, so
 * that the report's function name and backtrace can be checked.
 */
#include <stdio.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/libparam.h>

static char *kind = "none";
UK_LIBPARAM(kind);

#if defined(__x86_64__)
#define BAD_ADDRESS 0x8000000000000000UL
#else
#define BAD_ADDRESS 0x0000800000000000UL
#endif

/* Keeps the compiler from treating a value as known. */
static volatile int zero;

__noinline void fault_undefined(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__("ud2");
#else
	__asm__ __volatile__("udf #0");
#endif
}

__noinline int fault_badaddr(void)
{
	return *(volatile int *)BAD_ADDRESS;
}

__noinline int fault_divide(void)
{
	return 1000 / zero;
}

__noinline void fault_crash(void)
{
	UK_CRASH("crash requested by the application");
}

static __noinline int trigger(const char *k)
{
	int r = 0;

	printf("faults: %s\n", k);
	if (!strcmp(k, "undefined"))
		fault_undefined();
	else if (!strcmp(k, "badaddr"))
		r = fault_badaddr();
	else if (!strcmp(k, "divide"))
		r = fault_divide();
	else if (!strcmp(k, "crash"))
		fault_crash();
	else
		return -1;
	printf("faults: survived %s (%d)\n", k, r);
	return 1;
}

int main(void)
{
	int r = trigger(kind);

	if (r < 0)
		printf("faults: unknown kind \"%s\"\n", kind);
	return r < 0 ? 2 : 1;
}
