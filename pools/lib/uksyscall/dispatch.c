/* SPDX-License-Identifier: MIT */
/*
 * The dispatcher: one bounds check and one indirect call into the table
 * the build generated from the manifests of the image's libraries
 * (uk/syscall_table.h, in the image's build folder).
 */
#include <uk/syscall.h>
#include <uk/print.h>
#include <uk/syscall_table.h>
#include <stdarg.h>
#include <errno.h>

/* One bit per call number: the missing-call message is printed once per call. */
static unsigned char reported[(UK_SYSCALL_TABLE_SIZE + 7) / 8];

static __noinline long missing(unsigned long n)
{
	const char *name, *provider;

	if (n < UK_SYSCALL_TABLE_SIZE) {
		if (reported[n / 8] & (1u << (n % 8)))
			return -ENOSYS;
		reported[n / 8] |= 1u << (n % 8);
		name = uk_syscall_name_at[n] ? uk_syscall_strings + uk_syscall_name_at[n] : "?";
		provider = uk_syscall_provider_at[n] ? uk_syscall_strings + uk_syscall_provider_at[n] : NULL;
		if (provider)
			uk_pr_warn("system call %s (%lu) is not in this image: %s provides it\n",
				   name, n, provider);
		else
			uk_pr_warn("system call %s (%lu) is not implemented: no library of the pools provides it\n",
				   name, n);
	} else {
		uk_pr_warn("system call %ld does not exist on this architecture\n", (long)n);
	}
	return -ENOSYS;
}

long uk_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	if (likely((unsigned long)n < UK_SYSCALL_TABLE_SIZE && uk_syscall_table[n]))
		return uk_syscall_table[n](a1, a2, a3, a4, a5, a6);
	return missing((unsigned long)n);
}

long uk_syscall(long n, ...)
{
	long a[6];
	va_list ap;
	int i;

	/* As libc's syscall(): six are read whatever the call takes. */
	va_start(ap, n);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return uk_syscall6(n, a[0], a[1], a[2], a[3], a[4], a[5]);
}
