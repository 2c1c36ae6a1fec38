/* SPDX-License-Identifier: MIT */
/*
 * The preemptive scheduler: round robin over one FIFO of runnable
 * threads, in time slices. A thread's slice starts when it is switched
 * in. While others wait, a one-shot uktimer timer watches the slices: when
 * it fires and the running thread's slice is over, its callback
 * (interrupt context) asks for a switch, which uksched makes at the
 * preemption point on the way out of that interrupt, the running thread
 * going to the back of the queue; when a switch came in between, it waits
 * for the end of the new slice. So the timer is programmed about once per
 * slice, not at every switch, and a thread alone runs without timer
 * interrupts.
 */
#include <uk/schedpreempt.h>
#include <uk/alloc.h>
#include <uk/timer.h>
#include <string.h>

struct schedpreempt {
	struct uk_sched sched;
	struct uk_threadq runq;
	struct uk_timer slice;
	uint64_t slice_ns;
	uint64_t slice_start;       /* when the running thread came in */
};

#define PREEMPT(s) UK_CONTAINER_OF(s, struct schedpreempt, sched)

static void slice_over(struct uk_timer *t, void *arg)
{
	struct schedpreempt *p = arg;
	uint64_t end = p->slice_start + p->slice_ns;

	if (uk_threadq_empty(&p->runq))
		return;                     /* alone: it may go on */
	if (uk_time_now() >= end)
		p->sched.need_resched = true;
	else
		uk_timer_arm(t, end);
}

/* Somebody waits: make sure the running thread's slice is watched. */
static void watch_slice(struct schedpreempt *p)
{
	if (!uk_timer_pending(&p->slice))
		uk_timer_arm(&p->slice, p->slice_start + p->slice_ns);
}

static void preempt_enqueue(struct uk_sched *s, struct uk_thread *t)
{
	struct schedpreempt *p = PREEMPT(s);

	uk_threadq_push(&p->runq, t);
	watch_slice(p);
}

static struct uk_thread *preempt_dequeue(struct uk_sched *s)
{
	return uk_threadq_pop(&PREEMPT(s)->runq);
}

static void preempt_switching(struct uk_sched *s, struct uk_thread *next)
{
	struct schedpreempt *p = PREEMPT(s);

	p->slice_start = uk_time_now();
	if (!uk_threadq_empty(&p->runq))
		watch_slice(p);
}

static const struct uk_sched_ops preempt_ops = {
	.enqueue = preempt_enqueue,
	.dequeue = preempt_dequeue,
	.switching = preempt_switching,
};

struct uk_sched *uk_schedpreempt_create_slice(struct uk_alloc *a,
					      uint64_t slice_ns)
{
	struct schedpreempt *p = uk_malloc(a, sizeof(*p));

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	uk_sched_init(&p->sched, "preempt", &preempt_ops);
	uk_timer_init(&p->slice, slice_over, p);
	p->slice_ns = slice_ns;
	return &p->sched;
}

struct uk_sched *uk_schedpreempt_create(struct uk_alloc *a)
{
	return uk_schedpreempt_create_slice(
		a, (uint64_t)CONFIG_UKSCHEDPREEMPT_SLICE_US * UK_NSEC_PER_USEC);
}

#if CONFIG_UKSCHED_DEFAULT_PREEMPT
UK_SCHED_DEFAULT_CREATE(uk_schedpreempt_create);
#endif
#if CONFIG_UKSCHED_CPUS_PREEMPT
UK_SCHED_CPUS_CREATE(uk_schedpreempt_create);
#endif
