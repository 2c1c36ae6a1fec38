/* SPDX-License-Identifier: MIT */
/*
 * Clocks, timers and sleep, checked against the monotonic clock:
 *
 *  - sleeps of 10, 30 and 100 ms (halting until the timer interrupt)
 *    last at least as long as asked and at most `slack_ms` longer;
 *  - five timers armed out of order fire in deadline order, each not
 *    before its deadline, while main() spins without halting (so they
 *    can only come from interrupts);
 *  - a cancelled timer does not fire; a timer re-armed from its own
 *    callback fires again;
 *  - the wall clock is printed (seconds since the epoch) for comparison;
 *  - with FP/SIMD (SSE) on, values held in every vector register survive
 *    timer interrupts whose callbacks overwrite all of them: the
 *    interrupt entry must save and restore them.
 *
 * Prints one line per measurement, then "timers: N passed, M failed" and
 * returns M. Library parameter: timers.slack_ms (default 250), how late a
 * wake-up may be (a TCG guest on a busy host is late by tens of ms).
 * examples/timers/README.md has the commands for each controller.
 */
#include <stdio.h>
#include <string.h>
#include <uk/timer.h>
#include <uk/test.h>
#include <uk/libparam.h>
#include <uk/plat.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#endif

static unsigned int slack_ms = 250;
UK_LIBPARAM(slack_ms);

static uint64_t ms(uint64_t n)
{
	return n * UK_NSEC_PER_MSEC;
}

static unsigned long us(uint64_t ns)
{
	return (unsigned long)(ns / UK_NSEC_PER_USEC);
}

static void test_sleep(void)
{
	static const unsigned int asked[] = { 10, 30, 100 };
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(asked); i++) {
		uint64_t t0 = uk_time_now(), took;

		uk_time_sleep(ms(asked[i]));
		took = uk_time_now() - t0;
		printf("sleep %u ms: %lu us\n", asked[i], us(took));
		UK_CHECK(took >= ms(asked[i]) &&
			 took <= ms(asked[i] + slack_ms),
			 "sleep %u ms took %lu us\n", asked[i], us(took));
	}
}

struct shot {
	struct uk_timer timer;
	uint64_t fired_at;
	int order;
};

static volatile int fired;

static void on_shot(struct uk_timer *t, void *arg)
{
	struct shot *s = arg;

	s->fired_at = uk_time_now();
	s->order = fired++;
}

static void test_order(void)
{
	static const unsigned int after[] = { 50, 20, 40, 10, 30 };
	struct shot shots[UK_ARRAY_SIZE(after)];
	uint64_t t0 = uk_time_now(), give_up = t0 + ms(2000 + slack_ms);
	unsigned long flags;
	unsigned int i;

	fired = 0;
	/*
	 * Armed with interrupts off: a host that deschedules the guest in the
	 * middle of this loop would otherwise let the first timers fire before
	 * the later (earlier-due) ones are armed, and the order checked below
	 * would be the loop's, not the timers'.
	 */
	flags = ukplat_lcpu_irq_save();
	for (i = 0; i < UK_ARRAY_SIZE(after); i++) {
		uk_timer_init(&shots[i].timer, on_shot, &shots[i]);
		shots[i].order = -1;
		uk_timer_arm(&shots[i].timer, t0 + ms(after[i]));
	}
	ukplat_lcpu_irq_restore(flags);
	/* No halting here: only interrupts can make them fire. */
	while (fired < (int)UK_ARRAY_SIZE(after) && uk_time_now() < give_up)
		;
	UK_CHECK(fired == (int)UK_ARRAY_SIZE(after), "%d of %u timers fired\n",
		 fired, (unsigned int)UK_ARRAY_SIZE(after));
	for (i = 0; i < UK_ARRAY_SIZE(after); i++) {
		uint64_t due = t0 + ms(after[i]);
		int want = after[i] / 10 - 1;   /* 10 ms apart: rank */

		if (shots[i].order < 0)
			continue;
		printf("timer %u ms: fired %lu us after arming, #%d\n",
		       after[i], us(shots[i].fired_at - t0), shots[i].order);
		UK_CHECK(shots[i].order == want, "timer %u ms fired as #%d\n",
			 after[i], shots[i].order);
		UK_CHECK(shots[i].fired_at >= due &&
			 shots[i].fired_at <= due + ms(slack_ms),
			 "timer %u ms fired at %lu us\n", after[i],
			 us(shots[i].fired_at - t0));
	}
}

static int rearms;

static void on_rearm(struct uk_timer *t, void *arg)
{
	if (++rearms < 5)
		uk_timer_arm(t, t->deadline + ms(10));
}

static void test_cancel_and_rearm(void)
{
	struct shot cancelled;
	struct uk_timer again;
	uint64_t t0 = uk_time_now();

	fired = 0;
	uk_timer_init(&cancelled.timer, on_shot, &cancelled);
	uk_timer_arm(&cancelled.timer, t0 + ms(20));
	UK_CHECK(uk_timer_pending(&cancelled.timer),
		 "armed timer not pending\n");
	UK_CHECK(uk_timer_cancel(&cancelled.timer), "cancel found nothing\n");
	UK_CHECK(!uk_timer_cancel(&cancelled.timer), "cancelled twice\n");

	uk_timer_init(&again, on_rearm, NULL);
	uk_timer_arm(&again, t0 + ms(10));
	uk_time_sleep_until(t0 + ms(80));
	UK_CHECK(fired == 0, "a cancelled timer fired\n");
	printf("re-armed timer: fired %d times\n", rearms);
	UK_CHECK(rearms == 5 && !uk_timer_pending(&again),
		 "re-armed timer fired %d times\n", rearms);
}

#if (defined(__aarch64__) && CONFIG_ARM64_FPSIMD) || \
	(defined(__x86_64__) && CONFIG_X86_64_SSE) || defined(__arm__)
#define VREGS_TESTED 1

#if defined(__aarch64__)
#define NVREGS 32
#define VREG_BYTES 16
/* Loads v0-v31 from %[in], spins until *%[cnt] >= %[want] (or %[spins] runs out), stores them to %[out]. */
#define VREG_LOAD  ".irp n, " VREG_LIST "\n ldr q\\n, [%[in], #(\\n * 16)]\n .endr\n"
#define VREG_STORE ".irp n, " VREG_LIST "\n str q\\n, [%[out], #(\\n * 16)]\n .endr\n"
#define VREG_LIST  "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"
#define VREG_SPIN  "1: ldr w9, [%[cnt]]\n cmp w9, %w[want]\n b.ge 2f\n subs %[spins], %[spins], #1\n b.ne 1b\n2:\n"
#define VREG_SPIN_CLOBBERS "x9"
#define VREG_CLOBBERS \
	"v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", \
	"v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", \
	"v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31"
#define VREG_TRASH ".irp n, " VREG_LIST "\n movi v\\n\\().16b, #0xa5\n .endr\n"
#elif defined(__arm__)
/* VFPv3-D16: d0-d15, 8 bytes each (the first half of each row). */
#define NVREGS 16
#define VREG_BYTES 8
#define VREG_LIST  "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15"
#define VREG_LOAD  ".irp n, " VREG_LIST "\n vldr d\\n, [%[in], #(\\n * 16)]\n .endr\n"
#define VREG_STORE ".irp n, " VREG_LIST "\n vstr d\\n, [%[out], #(\\n * 16)]\n .endr\n"
#define VREG_SPIN  "1: ldr r12, [%[cnt]]\n cmp r12, %[want]\n bge 2f\n subs %[spins], %[spins], #1\n bne 1b\n2:\n"
#define VREG_SPIN_CLOBBERS "r12", "cc"
#define VREG_CLOBBERS \
	"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", \
	"d11", "d12", "d13", "d14", "d15"
#define VREG_TRASH ".irp n, " VREG_LIST "\n vmov.f64 d\\n, #1.0\n .endr\n"
#else
#define NVREGS 16
#define VREG_BYTES 16
#define VREG_LIST  "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15"
#define VREG_LOAD  ".irp n, " VREG_LIST "\n movdqu \\n*16(%[in]), %%xmm\\n\n .endr\n"
#define VREG_STORE ".irp n, " VREG_LIST "\n movdqu %%xmm\\n, \\n*16(%[out])\n .endr\n"
#define VREG_SPIN  "1: cmpl %[want], (%[cnt])\n jge 2f\n dec %[spins]\n jnz 1b\n2:\n"
#define VREG_SPIN_CLOBBERS "cc"
#define VREG_CLOBBERS \
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
#define VREG_TRASH ".irp n, " VREG_LIST "\n pcmpeqb %%xmm\\n, %%xmm\\n\n .endr\n"
#endif

static volatile int trashed;
static volatile bool trash_stop;
static struct uk_timer trasher;

/* What an interrupt handler compiled with vector code may do: overwrite every vector register. */
static void on_trash(struct uk_timer *t, void *arg)
{
	__asm__ volatile(VREG_TRASH ::: VREG_CLOBBERS);
	trashed++;
	if (!trash_stop)
		uk_timer_arm(t, t->deadline + ms(1));
}

static void test_vector_registers(void)
{
	static unsigned char in[NVREGS][16] __aligned(16), out[NVREGS][16] __aligned(16);
	const int want = 20;
	unsigned long spins = 1UL << 31;
	int i, j, kept = 0;

	for (i = 0; i < NVREGS; i++)
		for (j = 0; j < 16; j++)
			in[i][j] = (unsigned char)(i * 16 + j + 1);
	memset(out, 0, sizeof(out));
	trashed = 0;
	trash_stop = false;
	uk_timer_init(&trasher, on_trash, NULL);
	uk_timer_arm(&trasher, uk_time_now() + ms(1));
	/* One asm statement: nothing of the compiler's runs between the loads and the stores. */
	__asm__ volatile(VREG_LOAD VREG_SPIN VREG_STORE
			 : [spins] "+r"(spins)
			 : [in] "r"(in), [out] "r"(out), [cnt] "r"(&trashed), [want] "r"(want)
			 : "memory", VREG_SPIN_CLOBBERS, VREG_CLOBBERS);
	trash_stop = true;
	uk_timer_cancel(&trasher);
	for (i = 0; i < NVREGS; i++)
		kept += !memcmp(in[i], out[i], VREG_BYTES);
	printf("vector registers: %d of %d kept across %d timer interrupts\n",
	       kept, NVREGS, trashed);
	UK_CHECK(trashed >= want, "only %d trashing timer interrupts came\n", trashed);
	UK_CHECK(kept == NVREGS, "%d of %d vector registers corrupted by interrupts\n",
		 NVREGS - kept, NVREGS);
}
#else
#define VREGS_TESTED 0
#endif

static void test_clocks(void)
{
	uint64_t a = uk_time_now(), b = uk_time_now(), wall;

	UK_CHECK(b >= a, "monotonic clock went back\n");
	if (uk_time_wall(&wall) == 0)
		printf("wall clock: %lu s since the epoch\n",
		       (unsigned long)(wall / UK_NSEC_PER_SEC));
	else
		printf("wall clock: none\n");
}

int main(void)
{
	uint64_t irqs;

#if CONFIG_LIBUKINTCTLR
	printf("interrupt controller: %s\n", uk_intctlr_name());
#endif
	printf("timer device: %s, wall clock: %s\n", uk_timer_dev_name(),
	       uk_time_wall_source() ? uk_time_wall_source() : "none");
	irqs = uk_timer_dev_interrupts();
	test_clocks();
	test_sleep();
	test_order();
	test_cancel_and_rearm();
	irqs = uk_timer_dev_interrupts() - irqs;
#if VREGS_TESTED
	/* After the count: its 1 ms timer would read as a storm. */
	test_vector_registers();
#endif
	printf("timer interrupts: %lu\n", (unsigned long)irqs);
	/*
	 * At least one per sleep and per test (several timers due together
	 * share one when the guest runs late); a storm would be far more.
	 */
	UK_CHECK(irqs >= 5 && irqs <= 2000, "%lu timer interrupts\n",
		 (unsigned long)irqs);
	return uk_test_summary("timers");
}
