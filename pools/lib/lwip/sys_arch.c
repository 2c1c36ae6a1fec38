/* SPDX-License-Identifier: MIT */
/*
 * lwIP's operating system layer (lwip/sys.h) for CONFIG_LWIP_THREADS:
 * semaphores and mutexes are uklock's, threads uksched's, a mailbox is a
 * ring of slots counted by two semaphores (messages, free slots).
 * Timeouts are in milliseconds, 0 meaning none. Built with
 * CONFIG_LWIP_THREADS only (library.uk).
 */
#include "tx_flush.h"
#include <lwip/def.h>
#include <lwip/sys.h>
#include <lwip/tcpip.h>
#include <uk/plat.h>
#include <uk/thread.h>
#include <uk/timer.h>

void sys_init(void)
{
}

sys_prot_t sys_arch_protect(void)
{
	return ukplat_lcpu_irq_save();
}

void sys_arch_unprotect(sys_prot_t flags)
{
	ukplat_lcpu_irq_restore(flags);
}

/*
 * Takes `s`, waiting at most `ms` (0: for ever); the milliseconds waited,
 * or SYS_ARCH_TIMEOUT.
 */
static u32_t down(struct uk_semaphore *s, u32_t ms)
{
	uint64_t start = uk_time_now();

	if (!ms)
		uk_semaphore_down(s);
	else if (!uk_semaphore_down_until(s, start + (uint64_t)ms * UK_NSEC_PER_MSEC))
		return SYS_ARCH_TIMEOUT;
	return (u32_t)((uk_time_now() - start) / UK_NSEC_PER_MSEC);
}

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_semaphore_init(&sem->sem, count);
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	return down(&sem->sem, timeout);
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = false;
}

int sys_sem_valid(sys_sem_t *sem)
{
	return sem->valid;
}

void sys_sem_set_invalid(sys_sem_t *sem)
{
	sem->valid = false;
}

err_t sys_mutex_new(sys_mutex_t *m)
{
	uk_mutex_init(&m->mutex);
	m->valid = true;
	return ERR_OK;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	uk_mutex_lock(&m->mutex);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	/*
	 * lwIP sends under its core lock: what the glue gathered for the
	 * device to cut leaves before another thread may run lwIP.
	 */
	if (m == &lock_tcpip_core)
		uk_lwip_tx_flush();
	uk_mutex_unlock(&m->mutex);
}

void sys_mutex_free(sys_mutex_t *m)
{
	m->valid = false;
}

int sys_mutex_valid(sys_mutex_t *m)
{
	return m->valid;
}

void sys_mutex_set_invalid(sys_mutex_t *m)
{
	m->valid = false;
}

err_t sys_mbox_new(sys_mbox_t *mb, int size)
{
	if (size <= 0 || size > SYS_MBOX_SLOTS)
		size = SYS_MBOX_SLOTS;
	mb->head = mb->count = 0;
	mb->size = (unsigned int)size;
	uk_semaphore_init(&mb->items, 0);
	uk_semaphore_init(&mb->room, size);
	mb->valid = true;
	return ERR_OK;
}

/* Appends `msg`; the caller took a slot (mb->room). */
static void put(sys_mbox_t *mb, void *msg)
{
	sys_prot_t f = sys_arch_protect();

	mb->slots[(mb->head + mb->count++) % mb->size] = msg;
	sys_arch_unprotect(f);
	uk_semaphore_up(&mb->items);
}

/* Removes the oldest message; the caller took it (mb->items). */
static void *take(sys_mbox_t *mb)
{
	sys_prot_t f = sys_arch_protect();
	void *msg = mb->slots[mb->head];

	mb->head = (mb->head + 1) % mb->size;
	mb->count--;
	sys_arch_unprotect(f);
	uk_semaphore_up(&mb->room);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mb, void *msg)
{
	uk_semaphore_down(&mb->room);
	put(mb, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mb, void *msg)
{
	if (!uk_semaphore_down_try(&mb->room))
		return ERR_MEM;
	put(mb, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mb, void *msg)
{
	return sys_mbox_trypost(mb, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mb, void **msg, u32_t timeout)
{
	u32_t waited = down(&mb->items, timeout);
	void *m;

	if (waited == SYS_ARCH_TIMEOUT)
		return waited;
	m = take(mb);
	if (msg)
		*msg = m;
	return waited;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mb, void **msg)
{
	void *m;

	if (!uk_semaphore_down_try(&mb->items))
		return SYS_MBOX_EMPTY;
	m = take(mb);
	if (msg)
		*msg = m;
	return 0;
}

void sys_mbox_free(sys_mbox_t *mb)
{
	mb->valid = false;
}

int sys_mbox_valid(sys_mbox_t *mb)
{
	return mb->valid;
}

void sys_mbox_set_invalid(sys_mbox_t *mb)
{
	mb->valid = false;
}

/* lwIP's thread functions return nothing; uksched's return a value. */
struct start {
	lwip_thread_fn fn;
	void *arg;
};
static struct start starts[4];
static unsigned int nstarts;

static void *run(void *arg)
{
	struct start *s = arg;

	s->fn(s->arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct start *s;

	(void)stacksize;        /* uksched's stack size for every thread */
	(void)prio;
	LWIP_ASSERT("sys_thread_new: too many threads",
		    nstarts < (unsigned int)LWIP_ARRAYSIZE(starts));
	s = &starts[nstarts++];
	s->fn = fn;
	s->arg = arg;
	return uk_thread_create(name, run, s);
}
