/* SPDX-License-Identifier: MIT */
/*
 * Software one-shot timers over the one hardware timer: a list sorted by
 * deadline (insertion is linear, fine for the tens of timers of a
 * unikernel), the device always set for the head. Everything that
 * touches the list runs with interrupts disabled.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/plat.h>
#include <uk/init.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <errno.h>

#define NOT_SET UINT64_MAX

static const struct uk_timer_dev *dev;
static struct uk_timer *head;
static uint64_t device_deadline = NOT_SET;
static uint64_t interrupts;

int uk_timer_dev_register(const struct uk_timer_dev *d)
{
	if (dev)
		return -EBUSY;
	dev = d;
	uk_pr_info("timer device: %s\n", d->name);
	return 0;
}

const char *uk_timer_dev_name(void)
{
	return dev ? dev->name : NULL;
}

uint64_t uk_timer_dev_interrupts(void)
{
	return interrupts;
}

static void set_device(void)
{
	if (head && head->deadline != device_deadline) {
		device_deadline = head->deadline;
		dev->set(device_deadline);
	} else if (!head && device_deadline != NOT_SET) {
		device_deadline = NOT_SET;
		dev->stop();
	}
}

static void unlink_timer(struct uk_timer *t)
{
	struct uk_timer **p;

	for (p = &head; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->pending = false;
}

void uk_timer_init(struct uk_timer *t, uk_timer_fn fn, void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->next = NULL;
	t->pending = false;
	t->deadline = 0;
}

void uk_timer_arm(struct uk_timer *t, uint64_t deadline)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	struct uk_timer **p;

	if (t->pending)
		unlink_timer(t);
	t->deadline = deadline;
	/* After the timers due at the same time: they fire in arming order. */
	for (p = &head; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->pending = true;
	set_device();
	ukplat_lcpu_irq_restore(flags);
}

bool uk_timer_cancel(struct uk_timer *t)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	bool was = t->pending;

	/* The device stays set: an interrupt with nothing due is harmless. */
	if (was)
		unlink_timer(t);
	ukplat_lcpu_irq_restore(flags);
	return was;
}

bool uk_timer_pending(const struct uk_timer *t)
{
	return t->pending;
}

void uk_timer_dev_interrupt(void)
{
	struct uk_timer *t;

	interrupts++;
	device_deadline = NOT_SET;   /* a one-shot device is spent */
	while ((t = head) && t->deadline <= uk_time_now()) {
		head = t->next;
		t->pending = false;
		t->fn(t, t->arg);
	}
	set_device();
}

static void wake(struct uk_timer *t, void *arg)
{
	*(volatile bool *)arg = true;
}

static uk_time_sleeper_fn sleeper;

void uk_time_set_sleeper(uk_time_sleeper_fn fn)
{
	sleeper = fn;
}

void uk_time_sleep_until(uint64_t deadline)
{
	volatile bool done = false;
	struct uk_timer t;
	unsigned long flags;

	if (deadline <= uk_time_now())
		return;
	if (sleeper && sleeper(deadline))
		return;
	uk_timer_init(&t, wake, (void *)&done);
	flags = ukplat_lcpu_irq_save();
	uk_timer_arm(&t, deadline);
	while (!done)
		ukplat_lcpu_halt_irq();
	ukplat_lcpu_irq_restore(flags);
}

void uk_time_sleep(uint64_t ns)
{
	uk_time_sleep_until(uk_time_now() + ns);
}

/* After the platform probed its timers (platform class, priority 1). */
static int check_device(void)
{
	if (!dev)
		UK_CRASH("no timer device found: enable one under "
			 "Drivers > Timers");
	return 0;
}
UK_INITCALL_PRIO(check_device, NULL, UK_INIT_CLASS_PLAT, 8);
