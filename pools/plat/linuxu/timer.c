/* SPDX-License-Identifier: MIT */
/*
 * uktimer's device and wall clock on linuxu: a POSIX timer on
 * CLOCK_MONOTONIC set to absolute deadlines, whose SIGALRM is the timer
 * interrupt (lcpu.c blocks it to disable interrupts), and CLOCK_REALTIME.
 * SA_RESTART keeps the signal from cutting console writes short.
 *
 * The handler ends in the preemption point (uk/preempt.h): a scheduler may
 * switch threads there. The kernel's signal frame, on the interrupted
 * thread's own stack (no alternate signal stack), holds that thread's
 * registers, FP/SIMD state and signal mask; the switch leaves it there,
 * and the thread returns through it (rt_sigreturn) once it runs again.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/preempt.h>
#include <uk/assert.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

#define SIGEV_SIGNAL  0
#define TIMER_ABSTIME 1

/* The kernel's struct sigevent: 64 bytes, its value a pointer-sized union. */
struct linuxu_sigevent {
	void *value;
	int signo;
	int notify;
	char pad[64 - sizeof(void *) - 2 * sizeof(int)];
};

UK_CTASSERT(sizeof(struct linuxu_sigevent) == 64);

struct linuxu_itimerspec {
	struct linuxu_timespec interval;
	struct linuxu_timespec value;
};

static int timer_id;

static void settime(uint64_t abs_ns)
{
	struct linuxu_itimerspec its = {
		.value = { (long)(abs_ns / UK_NSEC_PER_SEC),
			   (long)(abs_ns % UK_NSEC_PER_SEC) },
	};

	linuxu_syscall6(SYS_timer_settime, timer_id, TIMER_ABSTIME,
			(long)&its, 0, 0, 0);
}

/* uk_time_now() counts from the entry stamp on the same clock (ticks are
 * CLOCK_MONOTONIC nanoseconds). */
static void linuxu_timer_set(uint64_t deadline)
{
	settime(ukplat_ticks_at_entry() + deadline);
}

/* A zero expiry disarms. */
static void linuxu_timer_stop(void)
{
	settime(0);
}

static const struct uk_timer_dev linuxu_timer = {
	.name = "linuxu",
	.set = linuxu_timer_set,
	.stop = linuxu_timer_stop,
};

static int linuxu_wall_read(uint64_t *ns)
{
	*ns = linuxu_clock_ns(CLOCK_REALTIME);
	return 0;
}

static const struct uk_wallclock linuxu_wallclock = {
	.name = "linuxu",
	.read = linuxu_wall_read,
};

static void on_alarm(int signo, void *info, void *ucontext)
{
	uk_timer_dev_interrupt();
	uk_preempt_point();
}

static int linuxu_timer_init(void)
{
	struct linuxu_sigaction sa = {
		.handler = on_alarm,
		.flags = SA_SIGINFO | SA_RESTORER | SA_RESTART,
		.restorer = linuxu_sigreturn,
		.mask = 0,
	};
	struct linuxu_sigevent sev = {
		.signo = SIGALRM,
		.notify = SIGEV_SIGNAL,
	};
	long rc;

	rc = linuxu_syscall6(SYS_rt_sigaction, SIGALRM, (long)&sa, 0,
			     sizeof(sa.mask), 0, 0);
	if (!rc)
		rc = linuxu_syscall3(SYS_timer_create, CLOCK_MONOTONIC,
				     (long)&sev, (long)&timer_id);
	if (rc)
		UK_CRASH("cannot create the timer: error %ld", -rc);
	uk_timer_dev_register(&linuxu_timer);
	uk_wallclock_register(&linuxu_wallclock);
	return 0;
}
UK_INITCALL_PRIO(linuxu_timer_init, NULL, UK_INIT_CLASS_PLAT, 3);
