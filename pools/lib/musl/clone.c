/* SPDX-License-Identifier: MIT */
/*
 * The two places where musl's threads leave C for assembly that traps
 * into the kernel, as functions of the unikernel instead (musl's own
 * pthread code is unchanged; these objects come before libc.a in the
 * link, so its clone.o and __unmapself.o are never pulled in):
 *
 * - __clone(fn, stack, flags, arg, ptid, tls, ctid): musl's clone(2)
 *   wrapper, which on Linux returns twice. Here the new thread starts at
 *   fn(arg) directly (posix-process's uk_process_clone(), a thread of the
 *   scheduler with musl's stack and thread pointer); without a scheduler
 *   it is -ENOSYS, and pthread_create() fails with EAGAIN.
 * - __unmapself(base, size): how a detached thread frees the stack it
 *   runs on and exits; the munmap is done once the thread has left it.
 */
#include <uk/syscall.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/syscall.h>
#if CONFIG_LIBUKSCHED
#include <uk/process_thread.h>
#endif

/* musl-internal (src/internal/pthread_impl.h), hidden inside libc.a. */
int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
void __unmapself(void *base, size_t size);

int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
#if CONFIG_LIBUKSCHED
	va_list ap;
	int *ptid, *ctid;
	unsigned long tls;

	va_start(ap, arg);
	ptid = va_arg(ap, int *);
	tls = va_arg(ap, unsigned long);
	ctid = va_arg(ap, int *);
	va_end(ap);
	return uk_process_clone(fn, arg, (unsigned int)flags, stack, ptid, tls,
				ctid);
#else
	return -ENOSYS;
#endif
}

#if CONFIG_LIBUKSCHED
/*
 * Off the thread's stack, in the scheduler with interrupts disabled:
 * straight to the system call layer (musl's munmap() may wait for a lock).
 */
static void unmap(void *base, size_t size)
{
	uk_syscall6(SYS_munmap, (long)base, (long)size, 0, 0, 0, 0);
}
#endif

void __unmapself(void *base, size_t size)
{
#if CONFIG_LIBUKSCHED
	uk_process_thread_exit_then(unmap, base, size);
#else
	/* No thread but the first, which does not unmap its stack. */
	(void)base;
	(void)size;
	for (;;)
		uk_syscall6(SYS_exit, 0, 0, 0, 0, 0, 0);
#endif
}
