/* SPDX-License-Identifier: MIT */
/*
 * musl's cancellation points (read, poll, epoll_wait, ...) make their
 * system call through __syscall_cp_asm() once a program links
 * pthread_cancel (Redis does): assembly that checks the thread's cancel
 * flag and traps into the kernel, where a cancellation signal can
 * interrupt the call between __cp_begin and __cp_end and resume at
 * __cp_cancel. Here the call is a function call into uksyscall, and the
 * image delivers no signal: a cancelled thread ends at its next
 * cancellation point (deferred cancellation, what POSIX requires), never
 * in the middle of one. These symbols come before libc.a in the link, so
 * its syscall_cp.o is never pulled in.
 */
#include <uk/syscall.h>

/*
 * musl-internal (src/internal/pthread_impl.h), hidden inside libc.a, in
 * pthread_cancel.o. A weak reference: it does not pull that object into a
 * program that never cancels, where no cancel flag is ever set.
 */
long __cancel(void) __attribute__((weak));
long __syscall_cp_asm(volatile int *cancel, long nr, long a, long b, long c,
		      long d, long e, long f);

long __syscall_cp_asm(volatile int *cancel, long nr, long a, long b, long c,
		      long d, long e, long f)
{
	if (*cancel)
		return __cancel();
	return uk_syscall6(nr, a, b, c, d, e, f);
}

/*
 * The labels pthread_cancel's signal handler compares the interrupted
 * instruction with; no signal ever arrives, but they must exist.
 */
#if defined(__x86_64__)
__asm__(".text\n.globl __cp_begin, __cp_end, __cp_cancel\n.weak __cancel\n"
	"__cp_begin:\n__cp_end:\n__cp_cancel:\n\tjmp __cancel\n");
#else
__asm__(".text\n.globl __cp_begin, __cp_end, __cp_cancel\n.weak __cancel\n"
	"__cp_begin:\n__cp_end:\n__cp_cancel:\n\tb __cancel\n");
#endif
