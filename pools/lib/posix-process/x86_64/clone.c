/* SPDX-License-Identifier: MIT */
/*
 * clone and clone3 for a program built for Linux (uksyscall's trap
 * entry): the new thread continues the program where the parent's call
 * was (uksyscall's frame), with 0 in rax, on the stack and with the
 * thread pointer the call names. The image's code it calls runs on that
 * stack too, with a TLS area of the image's own (the entry switches the
 * FS base), so the uksched thread gets a fresh one.
 */
#include <uk/syscall.h>
#include <uk/syscall_trap.h>
#include <uk/alloc.h>
#include <errno.h>
#include <stdint.h>

#include "../threads.h"

static void *start(void *arg)
{
	struct prog_thread *p = arg;

	posix_process_thread_started(p);
	uk_syscall_trap_resume(p->start_frame, p->start_sp);
}

static long spawn(unsigned long flags, unsigned long sp, int *ptid, int *ctid,
		  unsigned long tls)
{
	struct uk_syscall_frame *f = uk_syscall_trap_frame();
	struct uk_alloc *a = uk_alloc_get_default();
	struct prog_thread *p;
	struct uk_syscall_frame *regs;
	long r;

	if (!sp || !f)
		return (flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS
			? -ENOSYS : -EINVAL;
	p = uk_calloc(a, 1, sizeof(*p));
	regs = uk_malloc(a, sizeof(*regs));
	if (!p || !regs) {
		uk_free(a, p);
		uk_free(a, regs);
		return -ENOMEM;
	}
	*regs = *f;
	regs->rax = 0;                  /* the child's clone returns 0 */
	if (flags & CLONE_SETTLS)
		regs->fs = tls;
	p->start_frame = regs;
	p->start_sp = sp;
	r = posix_process_thread_spawn(p, flags, ptid, ctid, start, NULL, 0);
	if (r < 0) {
		uk_free(a, regs);
		uk_free(a, p);
	}
	/* The registers go with the thread's entry (threads.c). */
	return r;
}

UK_SYSCALL_R_DEFINE(long, clone, unsigned long, flags, unsigned long, sp,
		    int *, ptid, int *, ctid, unsigned long, tls)
{
	return spawn(flags, sp, ptid, ctid, tls);
}

/* clone3's arguments (Linux 5.3), up to the first version's end. */
struct k_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		 stack_size, tls;
};

UK_SYSCALL_R_DEFINE(long, clone3, const struct k_clone_args *, args, size_t, size)
{
	if (size < sizeof(*args))
		return -EINVAL;
	if (args->exit_signal || !args->stack || !args->stack_size)
		return -EINVAL;
	return spawn(args->flags, args->stack + args->stack_size,
		     (int *)args->parent_tid, (int *)args->child_tid, args->tls);
}
