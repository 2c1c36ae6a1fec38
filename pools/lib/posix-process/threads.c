/* SPDX-License-Identifier: MIT */
/*
 * Threads of a program built for Linux (CONFIG_UKSYSCALL_TRAP, with a
 * scheduler): clone for threads, futex, and the ids and end of a thread.
 *
 * A program thread is a uksched thread that runs the program's code on
 * the program's stack (the one clone names) with the program's thread
 * pointer; the image's code it calls runs on that stack too, with the
 * thread's own TLS area (uksyscall's entry switches the FS base). It is
 * created detached: nothing of the image joins it; the program learns of
 * its end through the futex word CLONE_CHILD_CLEARTID names, as on Linux
 * (glibc's and musl's pthread_join wait on it).
 *
 * Locking: a program thread runs with interrupts masked, and so does the
 * image's code it calls, except where that waits (a futex, a sleep); on
 * one CPU nothing else runs meanwhile, so the thread list needs no lock,
 * and the futex waiters, which a wake-up from a timer may touch, are
 * changed with interrupts disabled.
 */
#include <uk/syscall.h>
#include <uk/syscall_trap.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/timer.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <errno.h>
#include <string.h>

#include "threads.h"

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_CHILD_SETTID   0x01000000
#define CSIGNAL              0x000000ff

/* What a thread of the same process shares, and what clone may set. */
#define CLONE_THREAD_NEEDS (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)
#define CLONE_KNOWN (CLONE_THREAD_NEEDS | CLONE_FS | CLONE_FILES | \
		     CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
		     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

struct prog_thread {
	struct uk_thread *t;
	int tid;
	int *clear_tid;                 /* set_tid_address, CLONE_CHILD_CLEARTID */
	struct uk_syscall_frame start;  /* a new thread's registers */
	unsigned long sp;
	struct prog_thread *next;
};

/* The first thread (main, tid 1) has no entry until it needs one. */
static struct prog_thread *threads;
static int last_tid = POSIX_PROCESS_MAIN_TID;

static struct prog_thread *find(struct uk_thread *t)
{
	struct prog_thread *p;

	for (p = threads; p; p = p->next)
		if (p->t == t)
			return p;
	return NULL;
}

static struct prog_thread *add(struct uk_thread *t, int tid)
{
	struct prog_thread *p = uk_calloc(uk_alloc_get_default(), 1, sizeof(*p));

	if (!p)
		return NULL;
	p->t = t;
	p->tid = tid;
	p->next = threads;
	threads = p;
	return p;
}

static void remove_thread(struct prog_thread *gone)
{
	struct prog_thread **p;

	for (p = &threads; *p; p = &(*p)->next)
		if (*p == gone) {
			*p = gone->next;
			return;
		}
}

int posix_process_gettid(void)
{
	struct prog_thread *p = find(uk_thread_current());

	return p ? p->tid : POSIX_PROCESS_MAIN_TID;
}

int posix_process_set_tid_address(int *tidptr)
{
	struct uk_thread *t = uk_thread_current();
	struct prog_thread *p = find(t);

	if (!p)
		p = add(t, POSIX_PROCESS_MAIN_TID);
	if (p)
		p->clear_tid = tidptr;
	return p ? p->tid : POSIX_PROCESS_MAIN_TID;
}

static void *start(void *arg)
{
	struct prog_thread *p = arg;

	uk_syscall_trap_resume(&p->start, p->sp);
}

static long spawn(unsigned long flags, unsigned long sp, int *ptid, int *ctid,
		  unsigned long tls)
{
	struct uk_syscall_frame *f = uk_syscall_trap_frame();
	struct uk_thread_attr attr = { .name = "clone", .detached = true };
	struct prog_thread *p;
	int r;

	/* Another process (fork, vfork, a new namespace): there is one. */
	if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS)
		return -ENOSYS;
	if ((flags & ~(unsigned long)(CLONE_KNOWN | CSIGNAL)) || !sp || !f)
		return -EINVAL;
	p = uk_calloc(uk_alloc_get_default(), 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->start = *f;
	p->start.rax = 0;               /* the child's clone returns 0 */
	if (flags & CLONE_SETTLS)
		p->start.fs = tls;
	p->sp = sp;
	p->tid = ++last_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_tid = ctid;
	if (flags & CLONE_PARENT_SETTID)
		*ptid = p->tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = p->tid;
	r = uk_thread_create_attr(&p->t, &attr, start, p);
	if (r) {
		uk_free(uk_alloc_get_default(), p);
		return r;
	}
	p->next = threads;
	threads = p;
	return p->tid;
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

/* ---- futex ---------------------------------------------------------------- */

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256

struct k_timespec {
	long tv_sec;
	long tv_nsec;
};

struct waiter {
	const int *addr;
	bool woken;
	struct uk_waitq q;
	struct waiter *next;
};

static struct waiter *waiters;

static int futex_wake(const int *addr, int n)
{
	struct waiter **w = &waiters;
	unsigned long flags = ukplat_lcpu_irq_save();
	int woken = 0;

	while (*w && woken < n) {
		if ((*w)->addr == addr) {
			(*w)->woken = true;
			uk_waitq_wake_one(&(*w)->q);
			*w = (*w)->next;
			woken++;
		} else {
			w = &(*w)->next;
		}
	}
	ukplat_lcpu_irq_restore(flags);
	return woken;
}

/* deadline: monotonic ns, 0 for none. */
static int futex_wait(const int *addr, int val, uint64_t deadline)
{
	struct waiter me = { .addr = addr }, **w;
	unsigned long flags = ukplat_lcpu_irq_save();
	int r = 0;

	if (*addr != val) {
		ukplat_lcpu_irq_restore(flags);
		return -EAGAIN;
	}
	uk_waitq_init(&me.q);
	me.next = waiters;
	waiters = &me;
	while (!me.woken) {
		if (!uk_waitq_wait_locked(&me.q, deadline) && !me.woken &&
		    deadline && uk_time_now() >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
	}
	if (!me.woken)
		for (w = &waiters; *w; w = &(*w)->next)
			if (*w == &me) {
				*w = me.next;
				break;
			}
	ukplat_lcpu_irq_restore(flags);
	return r;
}

UK_SYSCALL_R_DEFINE(long, futex, int *, addr, int, op, int, val,
		    const struct k_timespec *, timeout, int *, addr2, int, val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint64_t deadline = 0, ns, now, wall;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (cmd == FUTEX_WAIT_BITSET && !val3)
			return -EINVAL;
		if (timeout) {
			if (uk_time_from_sec_nsec(timeout->tv_sec, timeout->tv_nsec, &ns))
				return -EINVAL;
			now = uk_time_now();
			if (cmd == FUTEX_WAIT) {
				deadline = now + ns;        /* relative */
			} else if (op & FUTEX_CLOCK_REALTIME) {
				if (uk_time_wall(&wall))
					return -EINVAL;
				deadline = ns > wall ? now + (ns - wall) : now;
			} else {
				deadline = ns;              /* absolute, monotonic */
			}
			if (!deadline)
				deadline = 1;
		}
		return futex_wait(addr, val, deadline);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAKE_BITSET && !val3)
			return -EINVAL;
		return futex_wake(addr, val);
	default:
		return -ENOSYS;
	}
}

/*
 * The end of a program thread (exit): as Linux, zero its clear-on-exit
 * word and wake one waiter on it, then end the uksched thread. False for
 * the first thread, whose end is the image's.
 */
bool posix_process_thread_exit(void)
{
	struct prog_thread *p = find(uk_thread_current());
	int *clear;

	if (!p || p->tid == POSIX_PROCESS_MAIN_TID)
		return false;
	clear = p->clear_tid;
	remove_thread(p);
	uk_free(uk_alloc_get_default(), p);
	if (clear) {
		*clear = 0;
		futex_wake(clear, 1);
	}
	uk_thread_exit(NULL);
}
