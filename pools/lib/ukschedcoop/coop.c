/* SPDX-License-Identifier: MIT */
/*
 * The cooperative scheduler: runnable threads in one FIFO. A thread runs
 * until it yields (back of the queue), blocks or sleeps; then the head of
 * the queue runs. Nothing is ever preempted.
 */
#include <uk/schedcoop.h>
#include <uk/alloc.h>
#include <string.h>

struct schedcoop {
	struct uk_sched sched;
	struct uk_threadq runq;
};

#define COOP(s) UK_CONTAINER_OF(s, struct schedcoop, sched)

static void coop_enqueue(struct uk_sched *s, struct uk_thread *t)
{
	uk_threadq_push(&COOP(s)->runq, t);
}

static struct uk_thread *coop_dequeue(struct uk_sched *s)
{
	return uk_threadq_pop(&COOP(s)->runq);
}

static const struct uk_sched_ops coop_ops = {
	.enqueue = coop_enqueue,
	.dequeue = coop_dequeue,
};

struct uk_sched *uk_schedcoop_create(struct uk_alloc *a)
{
	struct schedcoop *c = uk_malloc(a, sizeof(*c));

	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	uk_sched_init(&c->sched, "coop", &coop_ops);
	return &c->sched;
}

#if CONFIG_UKSCHED_DEFAULT_COOP
UK_SCHED_DEFAULT_CREATE(uk_schedcoop_create);
#endif
#if CONFIG_UKSCHED_CPUS_COOP
UK_SCHED_CPUS_CREATE(uk_schedcoop_create);
#endif
