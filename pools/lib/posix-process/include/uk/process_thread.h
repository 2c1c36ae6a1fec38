/* SPDX-License-Identifier: MIT */
/*
 * Program threads for a C library linked into the image (musl's
 * pthreads): what its clone(2) wrapper and its "unmap my stack and exit"
 * need, as functions. A program built for Linux reaches the same threads
 * through the clone system call (uksyscall's trap entry); a linked C
 * library cannot, because a function call does not return twice.
 *
 * Built with a scheduler (LIBUKSCHED); every thread is a detached uksched
 * thread on the running CPU's scheduler.
 */
#ifndef UK_PROCESS_THREAD_H
#define UK_PROCESS_THREAD_H

#include <stddef.h>

/*
 * Linux's clone(CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | ...) as the C
 * library's __clone() sees it: the new thread runs fn(arg) on the stack
 * whose top is `stack`, with thread pointer `tls` when CLONE_SETTLS, and
 * exits (posix_process_thread_exit()) when fn returns. CLONE_PARENT_SETTID,
 * CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID as on Linux; the last is
 * done once the thread no longer runs on its stack. Returns the new
 * thread's id, or -EINVAL, -ENOSYS (another process), -ENOMEM.
 */
long uk_process_clone(int (*fn)(void *), void *arg, unsigned long flags,
		      void *stack, int *ptid, unsigned long tls, int *ctid);

/*
 * Ends the calling thread (not the first, whose end is the image's), and
 * once it no longer runs on its stack calls after(base, size) (before
 * its clear-on-exit word is cleared): musl's __unmapself() unmaps the
 * stack of a detached thread so. With interrupts disabled.
 */
void uk_process_thread_exit_then(void (*after)(void *base, size_t size),
				 void *base, size_t size)
	__attribute__((noreturn));

#endif
