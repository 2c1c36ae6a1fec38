/* SPDX-License-Identifier: MIT */
/*
 * Time: a monotonic clock, a wall clock, one-shot timers and sleep.
 *
 *   uint64_t t = uk_time_now();                  ns since the first instruction
 *   uk_timer_init(&tm, fire, arg);
 *   uk_timer_arm(&tm, t + 5 * UK_NSEC_PER_MSEC); fire(&tm, arg) in 5 ms
 *   uk_time_sleep(UK_NSEC_PER_SEC);              halt until 1 s has passed
 *
 * Any number of software timers share the one hardware timer the image
 * has (a driver under "Drivers > Timers"; linuxu: a POSIX timer and
 * SIGALRM). The library keeps them sorted and programs the device for the
 * earliest. Callbacks run in interrupt context with interrupts disabled:
 * short, no sleeping, no waiting; they may arm timers (their own too).
 *
 * A scheduler builds its sleeping and preemption on these timers and
 * makes uk_time_sleep*() (which halt the one CPU without it) block the
 * calling thread instead.
 *
 * With several CPUs (uklcpu's SMP) each CPU has its own list and its own
 * timer device (local APIC timer, generic timer): a timer fires on the
 * CPU that armed it last. Any CPU may cancel or re-arm it; a callback
 * already running elsewhere is not waited for.
 */
#ifndef UK_TIMER_H
#define UK_TIMER_H

#include <uk/essentials.h>

#define UK_NSEC_PER_USEC 1000ULL
#define UK_NSEC_PER_MSEC 1000000ULL
#define UK_NSEC_PER_SEC  1000000000ULL

/* ---- clocks ------------------------------------------------------------- */

/*
 * Monotonic time in nanoseconds since the image's first instruction,
 * from the platform's tick counter (TSC, generic timer, CLOCK_MONOTONIC).
 * The first call may measure the counter's frequency if neither the CPU
 * nor the platform reports it (x86 under TCG: about 0.5 ms).
 */
uint64_t uk_time_now(void);

/*
 * Wall-clock time in nanoseconds since 1970-01-01 00:00:00 UTC, from the
 * real-time clock read once (CMOS RTC, PL031, the host's on linuxu) and
 * the monotonic clock since. Returns 0, or -ENODEV without a wall-clock
 * source (e.g. -M microvm,rtc=off).
 */
int uk_time_wall(uint64_t *ns);

/*
 * The POSIX clocks, by the numbers Linux and the C libraries give them
 * (clockid_t), for the libraries that offer them to programs (nolibc's
 * clock_gettime, posix-time's system calls): CLOCK_REALTIME and its
 * _COARSE variant are uk_time_wall(); CLOCK_MONOTONIC, _RAW, _COARSE and
 * CLOCK_BOOTTIME are uk_time_now() (one CPU that never suspends makes them
 * the same). CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID are
 * uk_time_now() too: the image is the only program on its CPU from its
 * first instruction, and no per-thread CPU time is kept, so the time
 * since boot is the nearest honest answer (C's clock(), Lua's os.clock()
 * read it). Returns 0, -EINVAL for another clock, or uk_time_wall()'s
 * error.
 */
#define UK_CLOCK_REALTIME         0
#define UK_CLOCK_MONOTONIC        1
#define UK_CLOCK_PROCESS_CPUTIME_ID 2
#define UK_CLOCK_THREAD_CPUTIME_ID  3
#define UK_CLOCK_MONOTONIC_RAW    4
#define UK_CLOCK_REALTIME_COARSE  5
#define UK_CLOCK_MONOTONIC_COARSE 6
#define UK_CLOCK_BOOTTIME         7
int uk_time_clock(int clk, uint64_t *ns);

/*
 * A time or duration given as seconds and nanoseconds (a timespec), in
 * nanoseconds: -EINVAL unless sec >= 0 and 0 <= nsec < 1 s; saturates at
 * UINT64_MAX (far beyond any deadline the clocks reach) instead of
 * wrapping.
 */
int uk_time_from_sec_nsec(int64_t sec, int64_t nsec, uint64_t *ns);

/* ---- one-shot timers ---------------------------------------------------- */

struct uk_timer;
typedef void (*uk_timer_fn)(struct uk_timer *t, void *arg);

struct uk_timer {
	uint64_t deadline;          /* monotonic ns; valid while pending */
	uk_timer_fn fn;
	void *arg;
	/* private */
	struct uk_timer *next;
	unsigned int cpu;           /* whose list it is on */
	bool pending;
};

void uk_timer_init(struct uk_timer *t, uk_timer_fn fn, void *arg);

/*
 * Calls t->fn once the monotonic clock reaches `deadline` (at once, from
 * the next timer interrupt, if it already has), on this CPU. Arming a
 * pending timer moves it.
 */
void uk_timer_arm(struct uk_timer *t, uint64_t deadline);

/* Disarms; true if it was pending (its callback will not run). */
bool uk_timer_cancel(struct uk_timer *t);

bool uk_timer_pending(const struct uk_timer *t);

/* ---- waiting --------------------------------------------------------------- */

/*
 * Waits until the monotonic clock reaches `deadline` / `ns` from now;
 * returns at once for a deadline in the past. Without a scheduler the CPU
 * halts, waking up on interrupts (which are handled meanwhile); with one,
 * the calling thread blocks and others run (see uk_time_set_sleeper()).
 */
void uk_time_sleep_until(uint64_t deadline);
void uk_time_sleep(uint64_t ns);

/*
 * For a scheduler: uk_time_sleep*() call `fn` first, which blocks the
 * calling thread until the clock reaches `deadline` and returns true, or
 * returns false at once when there is no thread to block (the CPU then
 * halts as without it). NULL gives the halting back.
 */
typedef bool (*uk_time_sleeper_fn)(uint64_t deadline);
void uk_time_set_sleeper(uk_time_sleeper_fn fn);

/* ---- what is behind it -------------------------------------------------- */

/* The timer device in use ("lapic", "pit", "armgt", "linuxu"), or NULL. */
const char *uk_timer_dev_name(void);
/* How many interrupts the timer device has raised so far on this CPU. */
uint64_t uk_timer_dev_interrupts(void);
/* The wall-clock source ("mc146818", "pl031", "linuxu"), or NULL. */
const char *uk_time_wall_source(void);

#endif /* UK_TIMER_H */
