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
 *  - the wall clock is printed (seconds since the epoch) for comparison.
 *
 * Prints one line per measurement, then "timers: N passed, M failed" and
 * returns M. Library parameter: timers.slack_ms (default 250), how late a
 * wake-up may be (a TCG guest on a busy host is late by tens of ms).
 * examples/timers/README.md has the commands for each controller.
 */
#include <stdio.h>
#include <uk/timer.h>
#include <uk/libparam.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#endif

static unsigned int slack_ms = 250;
UK_LIBPARAM(slack_ms);

static int passed, failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			passed++;					\
		} else {						\
			failed++;					\
			printf("FAILED: " __VA_ARGS__);			\
		}							\
	} while (0)

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
		CHECK(took >= ms(asked[i]) && took <= ms(asked[i] + slack_ms),
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
	unsigned int i;

	fired = 0;
	for (i = 0; i < UK_ARRAY_SIZE(after); i++) {
		uk_timer_init(&shots[i].timer, on_shot, &shots[i]);
		shots[i].order = -1;
		uk_timer_arm(&shots[i].timer, t0 + ms(after[i]));
	}
	/* No halting here: only interrupts can make them fire. */
	while (fired < (int)UK_ARRAY_SIZE(after) && uk_time_now() < give_up)
		;
	CHECK(fired == (int)UK_ARRAY_SIZE(after), "%d of %u timers fired\n",
	      fired, (unsigned int)UK_ARRAY_SIZE(after));
	for (i = 0; i < UK_ARRAY_SIZE(after); i++) {
		uint64_t due = t0 + ms(after[i]);
		int want = after[i] / 10 - 1;   /* 10 ms apart: rank */

		if (shots[i].order < 0)
			continue;
		printf("timer %u ms: fired %lu us after arming, #%d\n",
		       after[i], us(shots[i].fired_at - t0), shots[i].order);
		CHECK(shots[i].order == want, "timer %u ms fired as #%d\n",
		      after[i], shots[i].order);
		CHECK(shots[i].fired_at >= due &&
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
	CHECK(uk_timer_pending(&cancelled.timer), "armed timer not pending\n");
	CHECK(uk_timer_cancel(&cancelled.timer), "cancel found nothing\n");
	CHECK(!uk_timer_cancel(&cancelled.timer), "cancelled twice\n");

	uk_timer_init(&again, on_rearm, NULL);
	uk_timer_arm(&again, t0 + ms(10));
	uk_time_sleep_until(t0 + ms(80));
	CHECK(fired == 0, "a cancelled timer fired\n");
	printf("re-armed timer: fired %d times\n", rearms);
	CHECK(rearms == 5 && !uk_timer_pending(&again),
	      "re-armed timer fired %d times\n", rearms);
}

static void test_clocks(void)
{
	uint64_t a = uk_time_now(), b = uk_time_now(), wall;

	CHECK(b >= a, "monotonic clock went back\n");
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
	printf("timer interrupts: %lu\n", (unsigned long)irqs);
	/*
	 * At least one per sleep and per test (several timers due together
	 * share one when the guest runs late); a storm would be far more.
	 */
	CHECK(irqs >= 5 && irqs <= 2000, "%lu timer interrupts\n",
	      (unsigned long)irqs);
	printf("timers: %d passed, %d failed\n", passed, failed);
	return failed;
}
