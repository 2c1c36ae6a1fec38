/* SPDX-License-Identifier: MIT */
/*
 * Threads of a program, with a scheduler: their ids, their end, futex,
 * and their creation for a C library linked into the image
 * (uk/process_thread.h: musl's __clone); a program built for Linux makes
 * them with the clone system call (x86_64/clone.c).
 *
 * A program thread is a detached uksched thread that runs the program's
 * code on the program's stack with the program's thread pointer (the C
 * library's thread structure and TLS). Nothing of the image joins it; the
 * program learns of its end through the futex word CLONE_CHILD_CLEARTID
 * names, as on Linux (glibc's and musl's pthread_join wait on it), and
 * that word is cleared only once the thread's CPU runs on another stack
 * (uksched's off_cpu hook), so that a joiner on another CPU never frees a
 * stack still in use.
 *
 * Locking: the thread list and the futex waiters are under the scheduler
 * lock (uk_sched_lock_irqsave()), which a futex wait must hold from its
 * check of the word until it sleeps anyway, and which SMP needs.
 */
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/timer.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <uk/process_thread.h>
#include <uk/exit.h>
#include <errno.h>
#include <string.h>

#include "threads.h"

static struct prog_thread *threads;
static int last_tid = POSIX_PROCESS_MAIN_TID;

/* Under the scheduler lock. */
static struct prog_thread *find_locked(struct uk_thread *t)
{
	struct prog_thread *p;

	for (p = threads; p; p = p->next)
		if (p->t == t)
			return p;
	return NULL;
}

static void remove_locked(struct prog_thread *gone)
{
	struct prog_thread **p;

	for (p = &threads; *p; p = &(*p)->next)
		if (*p == gone) {
			*p = gone->next;
			return;
		}
}

/*
 * Before any thread was made, the caller is the first: the C library asks
 * at start-up, when neither the scheduler nor (with SMP) the CPU's own
 * data, which uk_thread_current() reads, exist yet.
 */
static bool only_main(void)
{
	return !__atomic_load_n(&threads, __ATOMIC_ACQUIRE);
}

int posix_process_gettid(void)
{
	unsigned long flags;
	struct prog_thread *p;
	int tid;

	if (only_main())
		return POSIX_PROCESS_MAIN_TID;
	flags = uk_sched_lock_irqsave();
	p = find_locked(uk_thread_current());
	tid = p ? p->tid : POSIX_PROCESS_MAIN_TID;
	uk_sched_unlock_irqrestore(flags);
	return tid;
}

/*
 * The first thread's clear-on-exit word is never used (its end is the
 * image's), so only the others' is kept.
 */
int posix_process_set_tid_address(int *tidptr)
{
	unsigned long flags;
	struct prog_thread *p;
	int tid = POSIX_PROCESS_MAIN_TID;

	if (only_main())
		return tid;
	flags = uk_sched_lock_irqsave();
	p = find_locked(uk_thread_current());
	if (p) {
		p->clear_tid = tidptr;
		tid = p->tid;
	}
	uk_sched_unlock_irqrestore(flags);
	return tid;
}

UK_SYSCALL_R_DEFINE(int, sched_yield)
{
	uk_thread_yield();
	return 0;
}

/* ---- futex ---------------------------------------------------------------- */

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_REQUEUE        3
#define FUTEX_CMP_REQUEUE    4
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
	unsigned long flags = uk_sched_lock_irqsave();
	struct waiter **w = &waiters;
	int woken = 0;

	while (*w && woken < n) {
		if ((*w)->addr == addr) {
			(*w)->woken = true;
			uk_waitq_wake_one_locked(&(*w)->q);
			*w = (*w)->next;
			woken++;
		} else {
			w = &(*w)->next;
		}
	}
	uk_sched_unlock_irqrestore(flags);
	return woken;
}

/*
 * Wakes up to n waiters on addr and moves up to `move` of the others to
 * addr2 (musl's condition variables hand their waiters to the mutex so);
 * CMP_REQUEUE only while *addr is still `expect`.
 */
static int futex_requeue(const int *addr, int n, int move, const int *addr2,
			 bool cmp, int expect)
{
	unsigned long flags = uk_sched_lock_irqsave();
	struct waiter **w = &waiters;
	int done = 0;

	if (cmp && __atomic_load_n(addr, __ATOMIC_SEQ_CST) != expect) {
		uk_sched_unlock_irqrestore(flags);
		return -EAGAIN;
	}
	while (*w && (n > 0 || move > 0)) {
		if ((*w)->addr != addr) {
			w = &(*w)->next;
		} else if (n > 0) {
			(*w)->woken = true;
			uk_waitq_wake_one_locked(&(*w)->q);
			*w = (*w)->next;
			n--;
			done++;
		} else {
			(*w)->addr = addr2;
			w = &(*w)->next;
			move--;
			done++;
		}
	}
	uk_sched_unlock_irqrestore(flags);
	return done;
}

/* deadline: monotonic ns, 0 for none. */
static int futex_wait(const int *addr, int val, uint64_t deadline)
{
	struct waiter me = { .addr = addr }, **w;
	unsigned long flags = uk_sched_lock_irqsave();
	int r = 0;

	/* A waker changes the word before it takes the lock to wake. */
	if (__atomic_load_n(addr, __ATOMIC_SEQ_CST) != val) {
		uk_sched_unlock_irqrestore(flags);
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
	uk_sched_unlock_irqrestore(flags);
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
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The fourth argument is a count here, not a time. */
		if (val < 0 || (long)timeout < 0)
			return -EINVAL;
		return futex_requeue(addr, val, (int)(long)timeout, addr2,
				     cmd == FUTEX_CMP_REQUEUE, val3);
	default:
		return -ENOSYS;
	}
}

/* ---- creation and end ----------------------------------------------------- */

/*
 * On the exited thread's CPU, off its stack: what must wait until nothing
 * runs there any more. Then, as Linux, zero the clear-on-exit word and
 * wake one waiter on it.
 */
static void off_cpu(void *arg)
{
	struct prog_thread *p = arg;
	int *clear = p->clear_tid;

	if (p->after_exit)
		p->after_exit(p->after_base, p->after_size);
	uk_free(uk_alloc_get_default(), p->start_frame);
	uk_free(uk_alloc_get_default(), p);
	if (clear) {
		__atomic_store_n(clear, 0, __ATOMIC_SEQ_CST);
		futex_wake(clear, 1);
	}
}

long posix_process_thread_spawn(struct prog_thread *p, unsigned long flags,
				int *ptid, int *ctid, void *(*start)(void *),
				void *stack, size_t stack_size)
{
	struct uk_thread_attr attr = {
		.name = "clone",
		.detached = true,
		.stack = stack,
		.stack_size = stack_size,
		.off_cpu = off_cpu,
		.off_cpu_arg = p,
	};
	struct uk_thread *t;
	unsigned long irq;
	int r, tid;

	/* Another process (fork, vfork, a new namespace): there is one. */
	if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS)
		return -ENOSYS;
	if (flags & ~(unsigned long)(CLONE_KNOWN | CSIGNAL))
		return -EINVAL;
	/* The image's thread pointer: one the C library laid out, or fresh. */
	attr.tlsp = p->tls;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_tid = ctid;
	irq = uk_sched_lock_irqsave();
	tid = p->tid = ++last_tid;
	/* Listed before it can run; it fills in its uksched thread itself. */
	p->next = threads;
	threads = p;
	uk_sched_unlock_irqrestore(irq);
	if (flags & CLONE_PARENT_SETTID)
		*ptid = tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = tid;
	/* From here on p is the thread's: it may even have ended (and p
	 * been freed) on another CPU by the time this returns. */
	r = uk_thread_create_attr(&t, &attr, start, p);
	if (r) {
		irq = uk_sched_lock_irqsave();
		remove_locked(p);
		uk_sched_unlock_irqrestore(irq);
		return r;
	}
	return tid;
}

/* A new thread's first act: claim its entry. */
void posix_process_thread_started(struct prog_thread *p)
{
	unsigned long irq = uk_sched_lock_irqsave();

	p->t = uk_thread_current();
	uk_sched_unlock_irqrestore(irq);
}

static void *start_function(void *arg)
{
	struct prog_thread *p = arg;

	posix_process_thread_started(p);
	p->fn(p->arg);
	posix_process_thread_exit();    /* does not return: not the first */
	return NULL;
}

/* The least stack uksched accepts; it only uses the top of it. */
#define STACK_NOMINAL 4096

long uk_process_clone(int (*fn)(void *), void *arg, unsigned long flags,
		      void *stack, int *ptid, unsigned long tls, int *ctid)
{
	struct prog_thread *p;
	uintptr_t top = (uintptr_t)stack & ~(uintptr_t)15;
	long r;

	if (!fn || !top || top < STACK_NOMINAL)
		return -EINVAL;
	p = uk_calloc(uk_alloc_get_default(), 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fn = fn;
	p->arg = arg;
	/* The C library's thread structure and TLS. */
	p->tls = flags & CLONE_SETTLS ? tls : 0;
	/*
	 * The C library's stack, of which only the top is known: uksched
	 * starts the thread at the top and never touches the rest.
	 */
	r = posix_process_thread_spawn(p, flags, ptid, ctid, start_function,
				       (void *)(top - STACK_NOMINAL),
				       STACK_NOMINAL);
	if (r < 0)
		uk_free(uk_alloc_get_default(), p);
	return r;
}

/*
 * The end of a program thread (exit): its entry goes with it once it is
 * off its stack (off_cpu()). False for the first thread, whose end is the
 * image's.
 */
static bool thread_exit(void (*after)(void *, size_t), void *base,
			size_t size)
{
	unsigned long irq;
	struct prog_thread *p;

	if (only_main())
		return false;
	irq = uk_sched_lock_irqsave();
	p = find_locked(uk_thread_current());
	if (!p || p->tid == POSIX_PROCESS_MAIN_TID) {
		uk_sched_unlock_irqrestore(irq);
		return false;
	}
	remove_locked(p);
	p->after_exit = after;
	p->after_base = base;
	p->after_size = size;
	uk_sched_unlock_irqrestore(irq);
	uk_thread_exit(NULL);
}

bool posix_process_thread_exit(void)
{
	return thread_exit(NULL, NULL, 0);
}

void uk_process_thread_exit_then(void (*after)(void *base, size_t size),
				 void *base, size_t size)
{
	/* The first thread's end is the image's: nothing to unmap then. */
	if (!thread_exit(after, base, size))
		uk_exit(0);
	__builtin_unreachable();
}
