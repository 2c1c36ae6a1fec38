/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks, a CPU rendezvous and memory barriers, for code that may run
 * on several CPUs at once (schedulers, the interrupt and timer tables,
 * allocators):
 *
 *   static uk_spinlock_t lock = UK_SPINLOCK_INITIALIZER;
 *   unsigned long flags = uk_spin_lock_irqsave(&lock);
 *   ... touch what `lock` guards ...
 *   uk_spin_unlock_irqrestore(&lock, flags);
 *
 * A lock is one word, taken by an atomic exchange, and waited for by
 * reading it (test and test-and-set). Not a ticket lock on purpose: CPUs
 * of a virtual machine are threads of the host, and a fair lock hands
 * itself to the next CPU in line even while the host is not running that
 * CPU, stalling every other one (under QEMU TCG, 4 CPUs sharing a counter
 * took minutes with a ticket lock and under two seconds with this one).
 * Interrupt handlers may take a lock that thread code takes with the
 * _irqsave form (interrupts off first, so a handler on the same CPU never
 * spins on a lock its own CPU holds). Locks do not nest by themselves: a
 * CPU that takes a lock it holds spins forever.
 *
 * Without CONFIG_UKLCPU_SMP there is one CPU: a lock compiles to nothing
 * (the _irqsave forms still turn interrupts off), and a rendezvous for one
 * CPU returns at once.
 */
#ifndef UK_SPINLOCK_H
#define UK_SPINLOCK_H

#include <uk/essentials.h>
#include <uk/plat.h>
#include <uk/arch/lcpu.h>

/* What the compiler may not move memory accesses across. */
#define uk_compiler_barrier() __asm__ __volatile__("" ::: "memory")
/* Full barrier: no load or store moves across it, on any CPU's view. */
#define uk_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#if CONFIG_UKLCPU_SMP

typedef struct {
	uint32_t locked;
} uk_spinlock_t;

#define UK_SPINLOCK_INITIALIZER { 0 }

static inline void uk_spin_init(uk_spinlock_t *l)
{
	l->locked = 0;
}

static inline bool uk_spin_trylock(uk_spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void uk_spin_lock(uk_spinlock_t *l)
{
	while (!uk_spin_trylock(l))
		/* Read-only while it is held: the line stays shared. */
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			ukarch_spinwait();
}

static inline void uk_spin_unlock(uk_spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool uk_spin_is_locked(uk_spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

#else /* one CPU */

typedef struct {
} uk_spinlock_t;

#define UK_SPINLOCK_INITIALIZER { }

static inline void uk_spin_init(uk_spinlock_t *l) { }
static inline void uk_spin_lock(uk_spinlock_t *l) { uk_compiler_barrier(); }
static inline bool uk_spin_trylock(uk_spinlock_t *l)
{
	uk_compiler_barrier();
	return true;
}
static inline void uk_spin_unlock(uk_spinlock_t *l) { uk_compiler_barrier(); }
static inline bool uk_spin_is_locked(uk_spinlock_t *l) { return false; }

#endif /* CONFIG_UKLCPU_SMP */

/* Interrupts off on this CPU, then the lock; the result restores them. */
static inline unsigned long uk_spin_lock_irqsave(uk_spinlock_t *l)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	uk_spin_lock(l);
	return flags;
}

static inline void uk_spin_unlock_irqrestore(uk_spinlock_t *l,
					     unsigned long flags)
{
	uk_spin_unlock(l);
	ukplat_lcpu_irq_restore(flags);
}

/*
 * A rendezvous: uk_barrier_wait() returns on every CPU once `count` CPUs
 * have called it, and the barrier is ready for the next round.
 */
struct uk_barrier {
	unsigned int count;
	unsigned int waiting;
	unsigned int round;
};

#define UK_BARRIER_INITIALIZER(n) { (n), 0, 0 }

static inline void uk_barrier_init(struct uk_barrier *b, unsigned int count)
{
	b->count = count;
	b->waiting = 0;
	b->round = 0;
}

static inline void uk_barrier_wait(struct uk_barrier *b)
{
	unsigned int round = __atomic_load_n(&b->round, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&b->waiting, 1, __ATOMIC_ACQ_REL) == b->count) {
		/* The last one in opens the next round. */
		__atomic_store_n(&b->waiting, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->round, round + 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&b->round, __ATOMIC_ACQUIRE) == round)
		ukarch_spinwait();
}

#endif /* UK_SPINLOCK_H */
