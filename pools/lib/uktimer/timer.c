/* SPDX-License-Identifier: MIT */
/*
 * Software one-shot timers over the hardware timer: a list sorted by
 * deadline (insertion is linear, fine for the tens of timers of a
 * unikernel), the device always set for the head. Each CPU has its own
 * list and its own device; a list is touched with interrupts off and
 * under its lock (nothing without SMP), and only its CPU sets its device.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/lcpu.h>
#include <uk/spinlock.h>
#include <uk/plat.h>
#include <uk/init.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <errno.h>

#define NOT_SET UINT64_MAX

struct cpu_timers {
	struct uk_timer *head;
	uint64_t device_deadline;
	uint64_t interrupts;
	uk_spinlock_t lock;
};

static const struct uk_timer_dev *dev;
static struct cpu_timers per_cpu[UK_LCPU_MAXCOUNT] = {
	[0 ... UK_LCPU_MAXCOUNT - 1] = { .device_deadline = NOT_SET },
};

static struct cpu_timers *this_cpu(void)
{
	return &per_cpu[uk_lcpu_id()];
}

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
	return this_cpu()->interrupts;
}

/* The running CPU's list, locked. */
static void set_device(struct cpu_timers *tc)
{
	if (tc->head && tc->head->deadline != tc->device_deadline) {
		tc->device_deadline = tc->head->deadline;
		dev->set(tc->device_deadline);
	} else if (!tc->head && tc->device_deadline != NOT_SET) {
		tc->device_deadline = NOT_SET;
		dev->stop();
	}
}

/*
 * Takes t off the list it is on, whichever CPU's; interrupts off. True
 * if it was pending. The device stays set: an interrupt with nothing due
 * is harmless.
 */
static bool unlink_timer(struct uk_timer *t)
{
	for (;;) {
		unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
		struct cpu_timers *tc = &per_cpu[cpu];
		struct uk_timer **p;

		if (!__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE))
			return false;
		uk_spin_lock(&tc->lock);
		if (!t->pending || t->cpu != cpu) {
			/* Fired, or moved meanwhile: look again. */
			uk_spin_unlock(&tc->lock);
			continue;
		}
		for (p = &tc->head; *p; p = &(*p)->next)
			if (*p == t) {
				*p = t->next;
				break;
			}
		t->pending = false;
		uk_spin_unlock(&tc->lock);
		return true;
	}
}

void uk_timer_init(struct uk_timer *t, uk_timer_fn fn, void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->next = NULL;
	t->cpu = 0;
	t->pending = false;
	t->deadline = 0;
}

void uk_timer_arm(struct uk_timer *t, uint64_t deadline)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	struct cpu_timers *tc = this_cpu();
	struct uk_timer **p;

	unlink_timer(t);
	uk_spin_lock(&tc->lock);
	t->deadline = deadline;
	/* After the timers due at the same time: they fire in arming order. */
	for (p = &tc->head; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->cpu = uk_lcpu_id();
	__atomic_store_n(&t->pending, true, __ATOMIC_RELEASE);
	set_device(tc);
	uk_spin_unlock(&tc->lock);
	ukplat_lcpu_irq_restore(flags);
}

bool uk_timer_cancel(struct uk_timer *t)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	bool was = unlink_timer(t);

	ukplat_lcpu_irq_restore(flags);
	return was;
}

bool uk_timer_pending(const struct uk_timer *t)
{
	return __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE);
}

void uk_timer_dev_interrupt(void)
{
	struct cpu_timers *tc = this_cpu();
	struct uk_timer *t;

	uk_spin_lock(&tc->lock);
	tc->interrupts++;
	tc->device_deadline = NOT_SET;   /* a one-shot device is spent */
	while ((t = tc->head) && t->deadline <= uk_time_now()) {
		tc->head = t->next;
		__atomic_store_n(&t->pending, false, __ATOMIC_RELEASE);
		/* Unlocked: the callback may arm timers, its own too. */
		uk_spin_unlock(&tc->lock);
		t->fn(t, t->arg);
		uk_spin_lock(&tc->lock);
	}
	set_device(tc);
	uk_spin_unlock(&tc->lock);
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

#if CONFIG_UKLCPU_SMP
/* A secondary CPU's own timer, after its interrupt controller part. */
static int cpu_init(struct uk_lcpu *cpu)
{
	if (!dev)
		return 0;     /* check_device() stops the boot */
	if (!dev->cpu_init)
		UK_CRASH("timer device %s serves the boot CPU only", dev->name);
	dev->cpu_init();
	return 0;
}
UK_LCPU_INITCALL(cpu_init, 2);
#endif
