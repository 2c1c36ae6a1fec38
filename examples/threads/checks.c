/* SPDX-License-Identifier: MIT */
/*
 * The checks of examples/threads (README.md). Each prints what it saw in
 * lines the test harness reads again; "FAILED: ..." for each failed
 * check, then the summary line.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <setjmp.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/condvar.h>
#include <uk/alloc.h>
#include <uk/timer.h>
#include <uk/test.h>
#include "threads.h"

#if CONFIG_UKSCHED_DEFAULT_PREEMPT
#define PREEMPTIVE 1
#define SLICE_NS ((uint64_t)CONFIG_UKSCHEDPREEMPT_SLICE_US * UK_NSEC_PER_USEC)
#else
#define PREEMPTIVE 0
#define SLICE_NS 0
#endif

static uint64_t slack;

#define MS(n) ((uint64_t)(n) * UK_NSEC_PER_MSEC)

/* Thread-local: every thread has its own (check_tls, check_preemption). */
static __thread int tls_value = 42;
static __thread char tls_zero[32];
static __thread long long tls_aligned __attribute__((aligned(64)));

static unsigned long us(uint64_t ns)
{
	return (unsigned long)(ns / UK_NSEC_PER_USEC);
}

/* Busy for `ns` of the clock, without yielding. */
static void spin_for(uint64_t ns)
{
	uint64_t end = uk_time_now() + ns;

	while (uk_time_now() < end)
		;
}

/* ---- interleaving: threads that yield take turns -------------------------- */

#define TURNS 4
static char turn_log[3 * TURNS + 1];
static unsigned int turn_len;

static void *take_turns(void *arg)
{
	char letter = *(const char *)arg;
	int i;

	for (i = 0; i < TURNS; i++) {
		unsigned long flags = ukplat_lcpu_irq_save();

		turn_log[turn_len++] = letter;
		ukplat_lcpu_irq_restore(flags);
		uk_thread_yield();
	}
	return NULL;
}

static void check_interleaving(void)
{
	static const char letters[] = "ABC";
	struct uk_thread *t[3];
	unsigned int i, counts[3] = { 0 };

	turn_len = 0;
	for (i = 0; i < 3; i++)
		t[i] = uk_thread_create("turns", take_turns,
					(void *)&letters[i]);
	for (i = 0; i < 3; i++)
		uk_thread_join(t[i], NULL);
	turn_log[turn_len] = '\0';
	printf("interleaving: %s\n", turn_log);
	for (i = 0; i < turn_len; i++)
		counts[turn_log[i] - 'A']++;
	UK_CHECK(counts[0] == TURNS && counts[1] == TURNS && counts[2] == TURNS,
		 "interleaving: %s\n", turn_log);
	/* Cooperative: exactly in turn. Preemptive: a slice may end inside
	 * a turn, but the threads still alternate. */
	if (!PREEMPTIVE)
		UK_CHECK(!strcmp(turn_log, "ABCABCABCABC"),
			 "turns not taken in order: %s\n", turn_log);
	else
		UK_CHECK(strcmp(turn_log, "AAAABBBBCCCC"),
			 "no interleaving: %s\n", turn_log);
}

/* ---- sleeping threads ------------------------------------------------------- */

struct sleeper {
	unsigned int ms;
	uint64_t took;
	int rank;
};

static int woken;

static void *sleep_for(void *arg)
{
	struct sleeper *s = arg;
	uint64_t t0 = uk_time_now();

	uk_thread_sleep(MS(s->ms));
	s->took = uk_time_now() - t0;
	s->rank = __atomic_fetch_add(&woken, 1, __ATOMIC_RELAXED);
	return NULL;
}

/* Through the C library: nanosleep, usleep. */
static void *libc_sleep(void *arg)
{
	struct sleeper *s = arg;
	struct timespec req = { 0, (long)MS(s->ms) / 2 };
	uint64_t t0 = uk_time_now();

	nanosleep(&req, NULL);
	usleep(s->ms * 1000 / 2);
	s->took = uk_time_now() - t0;
	s->rank = __atomic_fetch_add(&woken, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void check_sleeping(void)
{
	/* Created out of order; they sleep at the same time. */
	struct sleeper s[] = { { .ms = 100 }, { .ms = 10 }, { .ms = 60 },
			       { .ms = 30 } };
	struct uk_thread *t[UK_ARRAY_SIZE(s)];
	uint64_t t0 = uk_time_now(), all;
	unsigned int i;

	woken = 0;
	for (i = 0; i < UK_ARRAY_SIZE(s); i++)
		t[i] = uk_thread_create("sleeper", i == 2 ? libc_sleep
							  : sleep_for, &s[i]);
	for (i = 0; i < UK_ARRAY_SIZE(s); i++)
		uk_thread_join(t[i], NULL);
	all = uk_time_now() - t0;
	for (i = 0; i < UK_ARRAY_SIZE(s); i++) {
		printf("sleep %u ms: %lu us, woke #%d\n", s[i].ms,
		       us(s[i].took), s[i].rank);
		UK_CHECK(s[i].took >= MS(s[i].ms) &&
			 s[i].took <= MS(s[i].ms) + slack,
			 "sleep %u ms took %lu us\n", s[i].ms, us(s[i].took));
	}
	UK_CHECK(s[1].rank == 0 && s[3].rank == 1 && s[2].rank == 2 &&
		 s[0].rank == 3, "sleepers woke out of order\n");
	/* Together, not one after the other (200 ms). */
	printf("sleepers together: %lu us\n", us(all));
	UK_CHECK(all <= MS(100) + slack && all < MS(200),
		 "sleepers took %lu us together\n", us(all));
}

/* A sleeping thread blocks only itself: the others run meanwhile. */
static volatile unsigned long ticks;
static volatile bool sleeping;

static void *count_while_sleeping(void *arg)
{
	while (sleeping) {
		ticks++;
		uk_thread_yield();
	}
	return NULL;
}

static void check_sleep_blocks_only_the_sleeper(void)
{
	struct uk_thread *t;

	ticks = 0;
	sleeping = true;
	t = uk_thread_create("counter", count_while_sleeping, NULL);
	usleep(30000);
	sleeping = false;
	uk_thread_join(t, NULL);
	printf("while main slept 30 ms: %lu yields elsewhere\n", ticks);
	UK_CHECK(ticks > 0, "nothing ran while main slept\n");
}

/* ---- join, exit, detach -------------------------------------------------- */

static void *square(void *arg)
{
	long v = (long)arg;

	return (void *)(v * v);
}

static void *exit_early(void *arg)
{
	uk_thread_exit((void *)0x5eed);
	return NULL;
}

static struct uk_semaphore detached_done;

static void *detached_work(void *arg)
{
	uk_semaphore_up(&detached_done);
	return NULL;
}

static void check_join_and_detach(void)
{
	struct uk_alloc *heap = uk_alloc_get_default();
	struct uk_alloc_stats before, after;
	struct uk_thread *t, *u;
	void *ret = NULL;
	int i, rc;

	t = uk_thread_create("square", square, (void *)7L);
	UK_CHECK(uk_thread_join(t, &ret) == 0 && ret == (void *)49L,
		 "join: %p, not 49\n", ret);
	t = uk_thread_create("exit", exit_early, NULL);
	uk_thread_yield();                 /* it has ended before the join */
	UK_CHECK(uk_thread_join(t, &ret) == 0 && ret == (void *)0x5eed,
		 "join after uk_thread_exit: %p\n", ret);
	UK_CHECK(uk_thread_join(uk_thread_current(), NULL) == -EINVAL,
		 "a thread joined itself\n");

	u = uk_thread_create("square", square, (void *)3L);
	UK_CHECK(uk_thread_detach(u) == 0, "detach failed\n");
	UK_CHECK(uk_thread_join(u, NULL) == -EINVAL,
		 "joined a detached thread\n");
	uk_thread_yield();

	/* Detached threads give all their memory back when they end. */
	uk_semaphore_init(&detached_done, 0);
	uk_alloc_stats_get(heap, &before);
	for (i = 0; i < 20; i++) {
		struct uk_thread_attr attr = { .name = "detached",
					       .detached = true };

		rc = uk_thread_create_attr(&t, &attr, detached_work, NULL);
		if (rc)
			break;
	}
	UK_CHECK(rc == 0, "creating detached thread %d: %d\n", i, rc);
	while (i--)
		uk_semaphore_down(&detached_done);
	uk_thread_yield();                 /* the last one is freed after it switched away */
	uk_alloc_stats_get(heap, &after);
	printf("20 detached threads: %lu bytes in use before, %lu after\n",
	       (unsigned long)before.cur_bytes, (unsigned long)after.cur_bytes);
	UK_CHECK(after.cur_bytes == before.cur_bytes,
		 "detached threads kept %ld bytes\n",
		 (long)(after.cur_bytes - before.cur_bytes));
}

/* ---- a mutex under contention (and, preemptive, under preemption) ------- */

#define COUNTERS 4
static struct uk_mutex counter_lock = UK_MUTEX_INITIALIZER;
static unsigned long counter;
static unsigned long contended;
static uint64_t counting_until;

struct counting {
	unsigned long done;
};

static void *count_under_mutex(void *arg)
{
	struct counting *c = arg;

	/* At least one pass each, however late a starved guest starts it. */
	while (uk_time_now() < counting_until || !c->done) {
		unsigned long v;
		int k;

		if (!uk_mutex_trylock(&counter_lock)) {
			__atomic_fetch_add(&contended, 1, __ATOMIC_RELAXED);
			uk_mutex_lock(&counter_lock);
		}
		/* A read-modify-write stretched over time: a thread that
		 * got in here without the mutex would lose updates. */
		v = counter;
		for (k = 0; k < 200; k++)
			__asm__ __volatile__("" ::: "memory");
		/*
		 * Preemptive: each thread's first pass holds the mutex for
		 * three slices, so the slice ends inside the critical section
		 * and the next thread must find it locked. Left to chance, a
		 * slice end rarely lands in so short a section on a TCG guest.
		 */
		if (PREEMPTIVE && !c->done) {
			uint64_t until = uk_time_now() + 3 * SLICE_NS;

			while (uk_time_now() < until)
				__asm__ __volatile__("" ::: "memory");
		}
		if (!PREEMPTIVE)
			uk_thread_yield();   /* the others find it locked */
		counter = v + 1;
		c->done++;
		uk_mutex_unlock(&counter_lock);
		if (!PREEMPTIVE)
			uk_thread_yield();
	}
	return NULL;
}

static void check_mutex(void)
{
	struct counting c[COUNTERS] = { { 0 } };
	struct uk_thread *t[COUNTERS];
	unsigned long sum = 0;
	int i;

	counter = contended = 0;
	counting_until = uk_time_now() + MS(300);
	for (i = 0; i < COUNTERS; i++)
		t[i] = uk_thread_create("counter", count_under_mutex, &c[i]);
	for (i = 0; i < COUNTERS; i++) {
		uk_thread_join(t[i], NULL);
		sum += c[i].done;
	}
	printf("mutex: %lu increments by %d threads, counter %lu, "
	       "%lu times found locked\n", sum, COUNTERS, counter, contended);
	UK_CHECK(counter == sum, "mutex: counter %lu, increments %lu\n",
		 counter, sum);
	for (i = 0; i < COUNTERS; i++)
		UK_CHECK(c[i].done > 0, "mutex: thread %d never got in\n", i);
	/* Preemptive: a slice ended inside the critical section (see above). */
	UK_CHECK(contended > 0, "mutex: never contended\n");
	UK_CHECK(!uk_mutex_is_locked(&counter_lock), "mutex left locked\n");
}

/* ---- producers and consumers over a condition variable ----------------- */

#define SLOTS 4
#define PRODUCERS 2
#define ITEMS 300
static struct uk_mutex buf_lock = UK_MUTEX_INITIALIZER;
static struct uk_condvar not_full = UK_CONDVAR_INITIALIZER;
static struct uk_condvar not_empty = UK_CONDVAR_INITIALIZER;
static int buf[SLOTS];
static unsigned int buf_head, buf_count;
static unsigned char seen[PRODUCERS * ITEMS];
static unsigned long waits_full, waits_empty;

static void put(int v)
{
	uk_mutex_lock(&buf_lock);
	while (buf_count == SLOTS) {
		waits_full++;
		uk_condvar_wait(&not_full, &buf_lock);
	}
	buf[(buf_head + buf_count++) % SLOTS] = v;
	uk_condvar_signal(&not_empty);
	uk_mutex_unlock(&buf_lock);
}

static int get(void)
{
	int v;

	uk_mutex_lock(&buf_lock);
	while (buf_count == 0) {
		waits_empty++;
		uk_condvar_wait(&not_empty, &buf_lock);
	}
	v = buf[buf_head];
	buf_head = (buf_head + 1) % SLOTS;
	buf_count--;
	uk_condvar_signal(&not_full);
	uk_mutex_unlock(&buf_lock);
	return v;
}

static void *produce(void *arg)
{
	int p = (int)(long)arg, i;

	for (i = 0; i < ITEMS; i++)
		put(p * ITEMS + i);
	return NULL;
}

static void *consume(void *arg)
{
	long n = 0;
	int v;

	while ((v = get()) >= 0) {
		seen[v]++;
		n++;
	}
	return (void *)n;
}

static void check_producer_consumer(void)
{
	struct uk_thread *prod[PRODUCERS], *cons[2];
	void *got[2];
	unsigned int i, once = 0;

	memset(seen, 0, sizeof(seen));
	waits_full = waits_empty = 0;
	for (i = 0; i < 2; i++)
		cons[i] = uk_thread_create("consumer", consume, NULL);
	for (i = 0; i < PRODUCERS; i++)
		prod[i] = uk_thread_create("producer", produce, (void *)(long)i);
	for (i = 0; i < PRODUCERS; i++)
		uk_thread_join(prod[i], NULL);
	put(-1);                           /* one end mark per consumer */
	put(-1);
	for (i = 0; i < 2; i++)
		uk_thread_join(cons[i], &got[i]);
	for (i = 0; i < PRODUCERS * ITEMS; i++)
		once += seen[i] == 1;
	printf("producer/consumer: %u items, %ld + %ld consumed, each once: "
	       "%u; waited %lu times full, %lu times empty\n",
	       PRODUCERS * ITEMS, (long)got[0], (long)got[1], once,
	       waits_full, waits_empty);
	UK_CHECK(once == PRODUCERS * ITEMS &&
		 (long)got[0] + (long)got[1] == PRODUCERS * ITEMS,
		 "producer/consumer lost or repeated items\n");
	UK_CHECK(waits_full > 0 && waits_empty > 0,
		 "producer/consumer: the buffer never filled or emptied\n");
}

/* ---- semaphores ------------------------------------------------------------- */

static struct uk_semaphore ping, pong;
static unsigned long volley;
static bool volley_ok;

static void *pong_side(void *arg)
{
	unsigned long i, rounds = (unsigned long)arg;

	for (i = 0; i < rounds; i++) {
		uk_semaphore_down(&ping);
		if (volley != 2 * i + 1)
			volley_ok = false;
		volley++;
		uk_semaphore_up(&pong);
	}
	return NULL;
}

static void check_semaphores(void)
{
	const unsigned long rounds = 500;
	struct uk_semaphore never;
	struct uk_thread *t;
	uint64_t t0, took;
	unsigned long i;

	uk_semaphore_init(&ping, 0);
	uk_semaphore_init(&pong, 0);
	volley = 0;
	volley_ok = true;
	t = uk_thread_create("pong", pong_side, (void *)rounds);
	for (i = 0; i < rounds; i++) {
		if (volley != 2 * i)
			volley_ok = false;
		volley++;
		uk_semaphore_up(&ping);
		uk_semaphore_down(&pong);
	}
	uk_thread_join(t, NULL);
	printf("semaphore ping-pong: %lu strokes, in turn: %s\n", volley,
	       volley_ok ? "yes" : "no");
	UK_CHECK(volley_ok && volley == 2 * rounds, "ping-pong out of turn\n");

	uk_semaphore_init(&never, 0);
	t0 = uk_time_now();
	UK_CHECK(!uk_semaphore_down_until(&never, t0 + MS(20)),
		 "down_until took a unit nobody gave\n");
	took = uk_time_now() - t0;
	printf("semaphore timeout 20 ms: %lu us\n", us(took));
	UK_CHECK(took >= MS(20) && took <= MS(20) + slack,
		 "semaphore timeout after %lu us\n", us(took));
	UK_CHECK(uk_semaphore_down_try(&ping) == false,
		 "a unit was left over\n");
}

/* ---- preemption: does a thread that never yields keep the CPU? ----------- */

static uint64_t spin_end, probe_start;

static void *spin_30ms(void *arg)
{
	spin_for(MS(30));
	spin_end = uk_time_now();
	return NULL;
}

static void *probe(void *arg)
{
	probe_start = uk_time_now();
	return NULL;
}

static volatile bool spinning, tls_lost;
static volatile unsigned long spins[2];

/* Counts; its TLS and errno must stay its own across preemptions. */
static void *spin_forever(void *arg)
{
	volatile unsigned long *mine = arg;
	int me = mine == &spins[0] ? 500 : 501;

	tls_value = me;
	errno = me;
	while (spinning) {
		(*mine)++;
		if (*(volatile int *)&tls_value != me || errno != me)
			tls_lost = true;
	}
	return NULL;
}

static void check_preemption(void)
{
	struct uk_thread *a, *b;
	uint64_t switches = uk_sched_switches(uk_sched_this());

	a = uk_thread_create("spinner", spin_30ms, NULL);
	b = uk_thread_create("probe", probe, NULL);
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	if (PREEMPTIVE) {
		printf("preemption: the probe ran %lu us before the 30 ms "
		       "spinner ended\n", us(spin_end - probe_start));
		UK_CHECK(probe_start < spin_end,
			 "a spinning thread kept the CPU for its whole run\n");
	} else {
		printf("no preemption: the probe ran %lu us after the 30 ms "
		       "spinner ended\n", us(probe_start - spin_end));
		UK_CHECK(probe_start >= spin_end,
			 "a thread was preempted by the cooperative "
			 "scheduler\n");
	}
	if (!PREEMPTIVE)
		return;
	/* Two threads that never yield and never end by themselves: both
	 * make progress, and main gets the CPU back to stop them. */
	spinning = true;
	tls_lost = false;
	spins[0] = spins[1] = 0;
	a = uk_thread_create("spinner", spin_forever, (void *)&spins[0]);
	b = uk_thread_create("spinner", spin_forever, (void *)&spins[1]);
	uk_thread_sleep(MS(100));
	spinning = false;
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	switches = uk_sched_switches(uk_sched_this()) - switches;
	printf("preemption: two spinners counted %lu and %lu in 100 ms, "
	       "%lu switches\n", spins[0], spins[1], (unsigned long)switches);
	UK_CHECK(spins[0] > 0 && spins[1] > 0, "a spinner starved\n");
	UK_CHECK(!tls_lost,
		 "a preempted spinner found another's TLS or errno\n");
}

/* ---- thread-local storage, errno ------------------------------------------ */


struct tls_report {
	int id;
	int initial;
	bool zero, aligned, kept;
	void *where;
};

static void *use_tls(void *arg)
{
	struct tls_report *r = arg;
	int id = r->id;
	unsigned int i;

	r->initial = tls_value;
	r->zero = true;
	for (i = 0; i < sizeof(tls_zero); i++)
		r->zero &= tls_zero[i] == 0;
	r->aligned = ((uintptr_t)&tls_aligned & 63) == 0;
	r->where = &tls_value;
	tls_value = 1000 + id;
	tls_aligned = id;
	errno = 100 + id;
	for (i = 0; i < 5; i++)
		uk_thread_yield();
	r->kept = tls_value == 1000 + id && tls_aligned == id &&
		  errno == 100 + id;
	return NULL;
}

static void check_tls(void)
{
	struct tls_report r[3];
	struct uk_thread *t[3];
	int i;

	memset(r, 0, sizeof(r));
	tls_value = 7;                     /* main's own copy */
	errno = 0;
	for (i = 0; i < 3; i++) {
		r[i].id = i + 1;
		t[i] = uk_thread_create("tls", use_tls, &r[i]);
	}
	for (i = 0; i < 3; i++)
		uk_thread_join(t[i], NULL);
	for (i = 0; i < 3; i++) {
		UK_CHECK(r[i].initial == 42 && r[i].zero && r[i].aligned,
			 "thread %d: TLS starts as %d, zero %d, aligned %d\n",
			 i, r[i].initial, r[i].zero, r[i].aligned);
		UK_CHECK(r[i].kept, "thread %d: its TLS or errno changed\n", i);
		UK_CHECK(r[i].where != &tls_value,
			 "thread %d shares main's TLS\n", i);
	}
	UK_CHECK(r[0].where != r[1].where && r[1].where != r[2].where,
		 "threads share a TLS area\n");
	UK_CHECK(tls_value == 7 && errno == 0,
		 "main's TLS changed: %d, errno %d\n", tls_value, errno);
	printf("tls: 3 threads, each its own copy (42 at start), errno per "
	       "thread\n");
}

/* ---- setjmp/longjmp across the stack of a thread --------------------------- */

static jmp_buf thread_jmp;

/* Some frames deeper (through a pointer the compiler cannot follow),
 * then back to the setjmp. */
static void jump_back(int depth);
static void (*volatile jump_deeper)(int) = jump_back;

static void jump_back(int depth)
{
	if (depth == 0)
		longjmp(thread_jmp, 5);
	jump_deeper(depth - 1);
}

static void *jump_in_thread(void *arg)
{
	volatile int stage = 0;
	int rc = setjmp(thread_jmp);

	if (rc == 0) {
		stage = 1;
		uk_thread_yield();
		jump_back(10);
	}
	return (void *)(long)(rc * 10 + stage);
}

static void check_longjmp_in_thread(void)
{
	struct uk_thread *t = uk_thread_create("jump", jump_in_thread, NULL);
	void *ret = NULL;

	uk_thread_join(t, &ret);
	UK_CHECK(ret == (void *)51L, "longjmp in a thread: %ld\n", (long)ret);
}

int run_checks(unsigned int slack_ms)
{
	struct uk_sched *s = uk_sched_this();

	slack = MS(slack_ms);
	printf("scheduler: %s, main runs in thread \"%s\"\n", s->name,
	       uk_thread_current()->name);
	check_interleaving();
	check_sleeping();
	check_sleep_blocks_only_the_sleeper();
	check_join_and_detach();
	check_mutex();
	check_producer_consumer();
	check_semaphores();
	check_preemption();
	check_tls();
	check_longjmp_in_thread();
	check_cpus();
	printf("context switches: %lu\n",
	       (unsigned long)uk_sched_switches(s));
	return uk_test_summary("threads");
}
