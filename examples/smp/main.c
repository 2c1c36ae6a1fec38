/* SPDX-License-Identifier: MIT */
/*
 * Every CPU at work, checked by the boot CPU (CPU 0):
 *
 *  - uk_lcpu_count() CPUs are online (the test compares with -smp N);
 *  - uk_lcpu_run() from CPU 0 runs a function on each other CPU, carried
 *    by an inter-processor interrupt (that CPU's IPI count grows), and
 *    uk_lcpu_run_async() does the same without waiting;
 *  - uk_lcpu_start() hands every other CPU a worker (a second start on a
 *    busy CPU is refused), CPU 0 runs one too, and each worker:
 *      . meets the others at a rendezvous, so that all run at once,
 *      . adds `rounds` times to one shared counter under a spinlock, as a
 *        read and a write apart, so that any overlap loses updates,
 *      . arms a periodic timer of its own and halts until it fired
 *        `ticks` times: the callbacks run on the worker's CPU, from that
 *        CPU's own timer interrupts;
 *  - the counter is exact, every CPU went back to its idle loop;
 *  - with paging (PAGING), a page mapped again elsewhere while the other
 *    CPUs have its old translation in their TLBs: each must then read the
 *    new page (the TLB shootdown of pools/lib/ukpaging), and its IPI
 *    count shows it took part.
 *
 * Prints one line per CPU, then "smp: N passed, M failed" and returns M.
 * Library parameters: smp.rounds (default 1000000: fewer rounds end
 * before the CPUs, threads of the host, ever run at the same time, and a
 * broken lock would go unnoticed), smp.ticks (default 5),
 * smp.period_us (default 2000), smp.timeout_ms (default 20000).
 */
#include <stdio.h>
#include <errno.h>
#include <uk/lcpu.h>
#include <uk/spinlock.h>
#include <uk/timer.h>
#include <uk/test.h>
#include <uk/libparam.h>
#include <uk/plat.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#endif
#if CONFIG_PAGING
#include <uk/paging.h>
#include <uk/alloc.h>
#endif

static unsigned int rounds = 1000000;
UK_LIBPARAM(rounds);
static unsigned int ticks = 5;
UK_LIBPARAM(ticks);
static unsigned int period_us = 2000;
UK_LIBPARAM(period_us);
static unsigned int timeout_ms = 20000;
UK_LIBPARAM(timeout_ms);

/* ---- calls through inter-processor interrupts ----------------------------- */

static void note_cpu(void *arg)
{
	*(volatile int *)arg = (int)uk_lcpu_id();
}

static void test_calls(unsigned int n)
{
	unsigned int c;

	for (c = 1; c < n; c++) {
		uint64_t ipis = uk_lcpu_get(c)->ipis;
		volatile int where = -1, where_async = -1;
		struct uk_lcpu_work w = { .fn = note_cpu,
					  .arg = (void *)&where_async };
		int rc = uk_lcpu_run(c, note_cpu, (void *)&where);

		UK_CHECK(rc == 0 && where == (int)c,
			 "uk_lcpu_run(%u): %d, ran on CPU %d\n", c, rc, where);
		rc = uk_lcpu_run_async(c, &w);
		while (rc == 0 && !uk_lcpu_work_done(&w))
			;
		UK_CHECK(rc == 0 && where_async == (int)c,
			 "uk_lcpu_run_async(%u): %d, ran on CPU %d\n", c, rc,
			 where_async);
		printf("ipi to cpu %u: ran on cpu %d, %lu ipis\n", c, where,
		       (unsigned long)(uk_lcpu_get(c)->ipis - ipis));
		UK_CHECK(uk_lcpu_get(c)->ipis - ipis >= 1,
			 "CPU %u received no IPI\n", c);
	}
	/* The calling CPU's own call runs at once. */
	{
		volatile int where = -1;

		UK_CHECK(uk_lcpu_run(0, note_cpu, (void *)&where) == 0 &&
			 where == 0, "uk_lcpu_run(0) from CPU 0\n");
	}
	UK_CHECK(uk_lcpu_run(n, note_cpu, NULL) == -ENODEV,
		 "uk_lcpu_run(%u) on a CPU that does not exist\n", n);
}

/* ---- workers ----------------------------------------------------------- */

struct worker {
	unsigned int cpu;        /* where it was started */
	int ran_on;
	uint64_t irqs;           /* its CPU's timer interrupts meanwhile */
	unsigned int fired;      /* its timer's callbacks */
	unsigned int fired_elsewhere;
	struct uk_timer timer;
	bool done;
};

static struct worker workers[UK_LCPU_MAXCOUNT];
static struct uk_barrier rendezvous;
static uk_spinlock_t counter_lock = UK_SPINLOCK_INITIALIZER;
static volatile unsigned long counter;

static void on_tick(struct uk_timer *t, void *arg)
{
	struct worker *w = arg;

	if (uk_lcpu_id() != w->cpu)
		w->fired_elsewhere++;
	if (++w->fired < ticks)
		uk_timer_arm(t, t->deadline + period_us * UK_NSEC_PER_USEC);
}

static void work(void *arg)
{
	struct worker *w = arg;
	unsigned long flags, v;
	unsigned int i;
	uint64_t irqs;

	w->ran_on = (int)uk_lcpu_id();
	uk_barrier_wait(&rendezvous);
	for (i = 0; i < rounds; i++) {
		flags = uk_spin_lock_irqsave(&counter_lock);
		v = counter;
		uk_compiler_barrier();
		counter = v + 1;
		uk_spin_unlock_irqrestore(&counter_lock, flags);
	}

	irqs = uk_timer_dev_interrupts();
	uk_timer_init(&w->timer, on_tick, w);
	flags = ukplat_lcpu_irq_save();
	uk_timer_arm(&w->timer, uk_time_now() + period_us * UK_NSEC_PER_USEC);
	while (((volatile struct worker *)w)->fired < ticks)
		ukplat_lcpu_halt_irq();
	ukplat_lcpu_irq_restore(flags);
	w->irqs = uk_timer_dev_interrupts() - irqs;
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

static void test_workers(unsigned int n)
{
	uint64_t give_up;
	unsigned int c, done;

	uk_barrier_init(&rendezvous, n);
	for (c = 0; c < n; c++)
		workers[c].cpu = c;
	for (c = 1; c < n; c++) {
		UK_CHECK(uk_lcpu_idle(c), "CPU %u is not idle\n", c);
		UK_CHECK(uk_lcpu_start(c, work, &workers[c]) == 0,
			 "uk_lcpu_start(%u) refused\n", c);
		UK_CHECK(uk_lcpu_start(c, work, &workers[c]) == -EBUSY,
			 "a second uk_lcpu_start(%u) was not refused\n", c);
	}
	UK_CHECK(uk_lcpu_start(0, work, NULL) == -EBUSY,
		 "uk_lcpu_start(0) on the CPU running main() "
		 "was not refused\n");
	UK_CHECK(uk_lcpu_start(n, work, NULL) == -ENODEV,
		 "uk_lcpu_start(%u) on a CPU that does not exist\n", n);

	work(&workers[0]);

	give_up = uk_time_now() + timeout_ms * UK_NSEC_PER_MSEC;
	do {
		for (c = 0, done = 0; c < n; c++)
			done += __atomic_load_n(&workers[c].done,
						__ATOMIC_ACQUIRE);
	} while (done < n && uk_time_now() < give_up);
	UK_CHECK(done == n, "%u of %u workers finished\n", done, n);

	for (c = 0; c < n; c++) {
		struct worker *w = &workers[c];

		printf("cpu %u: worker ran on cpu %d, timer fired %u times "
		       "(%u elsewhere), %lu timer interrupts\n", c, w->ran_on,
		       w->fired, w->fired_elsewhere, (unsigned long)w->irqs);
		if (!w->done)
			continue;
		UK_CHECK(w->ran_on == (int)c, "worker %u ran on CPU %d\n", c,
			 w->ran_on);
		UK_CHECK(w->fired == ticks && !w->fired_elsewhere,
			 "CPU %u: timer fired %u times, %u on another CPU\n", c,
			 w->fired, w->fired_elsewhere);
		/* Several callbacks due together may share an interrupt. */
		UK_CHECK(w->irqs >= 1 && w->irqs <= 100 * ticks,
			 "CPU %u: %lu timer interrupts\n", c,
			 (unsigned long)w->irqs);
	}
	printf("counter: %lu (%u cpus x %u rounds)\n", counter, n, rounds);
	UK_CHECK(counter == (unsigned long)n * rounds,
		 "the counter is %lu, not %lu: updates were lost\n", counter,
		 (unsigned long)n * rounds);

	/* Back to idling once their function returned. */
	give_up = uk_time_now() + timeout_ms * UK_NSEC_PER_MSEC;
	for (c = 1; c < n; c++) {
		while (!uk_lcpu_idle(c) && uk_time_now() < give_up)
			;
		UK_CHECK(uk_lcpu_idle(c), "CPU %u did not go back to idle\n",
			 c);
	}
}

#if CONFIG_PAGING
/* A virtual page nothing else maps, below the stack area. */
#define TLB_TEST_VA (UK_PAGING_STACK_AREA / 2)

static void read_test_page(void *arg)
{
	*(uint32_t *)arg = *(volatile uint32_t *)TLB_TEST_VA;
}

static void test_tlb(unsigned int n)
{
	struct uk_alloc *a = uk_alloc_get_default();
	uint32_t *old = uk_palloc(a, 1), *new = uk_palloc(a, 1), seen;
	unsigned int c, fresh = 0;
	uint64_t ipis[UK_LCPU_MAXCOUNT];

	if (!old || !new || n < 2) {
		UK_CHECK(n < 2, "no pages for the TLB check\n");
		return;
	}
	*old = 0x01d01d;
	*new = 0x2e3e3e;
	UK_CHECK(uk_paging_map(TLB_TEST_VA, (uintptr_t)old, UK_PAGE_SIZE,
			       UK_PAGING_WRITE) == 0,
		 "mapping the test page\n");
	/* Every other CPU reads it: the translation is now in its TLB. */
	for (c = 1; c < n; c++) {
		uk_lcpu_run(c, read_test_page, &seen);
		UK_CHECK(seen == *old,
			 "CPU %u read %#x from the first page\n", c, seen);
	}
	for (c = 1; c < n; c++)
		ipis[c] = uk_lcpu_get(c)->ipis;
	/* Mapped again, to the other page, by this CPU alone. */
	UK_CHECK(uk_paging_map(TLB_TEST_VA, (uintptr_t)new, UK_PAGE_SIZE,
			       UK_PAGING_WRITE) == 0,
		 "mapping the page again\n");
	for (c = 1; c < n; c++) {
		bool took_part = uk_lcpu_get(c)->ipis - ipis[c] >= 1;

		uk_lcpu_run(c, read_test_page, &seen);
		UK_CHECK(seen == *new,
			 "CPU %u read %#x: a stale TLB entry\n", c, seen);
#if CONFIG_ARCH_X86_64
		/* arm64 invalidates by broadcast, without interrupts. */
		UK_CHECK(took_part, "CPU %u took no interrupt for the change\n", c);
#else
		(void)took_part;
#endif
		fresh += seen == *new;
	}
	printf("tlb: %u of %u other cpus see the page mapped again\n", fresh,
	       n - 1);
	UK_CHECK(uk_paging_unmap(TLB_TEST_VA, UK_PAGE_SIZE) == 0,
		 "unmapping the test page\n");
	uk_pfree(a, old, 1);
	uk_pfree(a, new, 1);
}
#endif

int main(void)
{
	unsigned int n = uk_lcpu_count();

	printf("cpus: %u, timer device: %s\n", n, uk_timer_dev_name());
#if CONFIG_LIBUKINTCTLR
	printf("interrupt controller: %s\n", uk_intctlr_name());
#endif
	UK_CHECK(n >= 1 && n <= UK_LCPU_MAXCOUNT, "%u CPUs\n", n);
	UK_CHECK(uk_lcpu_id() == 0, "main() runs on CPU %u\n", uk_lcpu_id());
	test_calls(n);
	test_workers(n);
#if CONFIG_PAGING
	test_tlb(n);
#endif
	return uk_test_summary("smp");
}
