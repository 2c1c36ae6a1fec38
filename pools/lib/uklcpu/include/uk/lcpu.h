/* SPDX-License-Identifier: MIT */
/*
 * Logical CPUs: how many there are, which one runs this code, each one's
 * own data, and running a function on a given CPU.
 *
 *   unsigned int n = uk_lcpu_count();          CPUs online (1 without SMP)
 *   unsigned int me = uk_lcpu_id();            0 is the boot CPU
 *   uk_lcpu_run(1, fn, arg);                   fn(arg) on CPU 1, waits for it
 *   uk_lcpu_start(1, loop, arg);               CPU 1 leaves its idle loop for
 *                                              loop(arg), which may never return
 *
 * With CONFIG_UKLCPU_SMP the boot starts every CPU the firmware describes
 * (up to CONFIG_UKLCPU_MAXCOUNT) from the platform init class, before
 * main(): each runs the per-CPU initialisation table (its interrupt
 * controller, its timer; UK_LCPU_INITCALL below), reports in, and then
 * waits in an idle loop, halted until an interrupt, for a function to
 * start. Without it there is one CPU, 0, and uk_lcpu_count() is 1.
 *
 * Spinlocks and the CPU rendezvous are in uk/spinlock.h.
 */
#ifndef UK_LCPU_H
#define UK_LCPU_H

#include <uk/essentials.h>
#include <uk/plat.h>
#include <uk/spinlock.h>
#include <uk/arch/lcpu.h>

#if CONFIG_UKLCPU_SMP
#define UK_LCPU_MAXCOUNT CONFIG_UKLCPU_MAXCOUNT
#else
#define UK_LCPU_MAXCOUNT 1
#endif

typedef void (*uk_lcpu_fn)(void *arg);

/* A cross-CPU call (uk_lcpu_run_async()): the caller's memory. */
struct uk_lcpu_work {
	uk_lcpu_fn fn;
	void *arg;
	/* private */
	struct uk_lcpu_work *next;
	bool done;
};

/*
 * A CPU's own data, one per CPU, on a cache line of its own. The per-CPU
 * register of the architecture points at it (x86_64 GS base, arm64
 * TPIDR_EL1), so uk_lcpu_current() is one or two loads.
 */
struct uk_lcpu {
	struct uk_lcpu *self;     /* first: what the per-CPU register reads */
	unsigned int id;          /* 0 = boot CPU, then in firmware order */
	uint64_t hwid;            /* APIC ID (x86_64), MPIDR affinity (arm64) */

	/*
	 * For the scheduler that runs this CPU (NULL until one does): its
	 * instance and the thread it runs. uklcpu never reads them.
	 */
	void *sched;
	void *thread;

	uint64_t ipis;            /* inter-processor interrupts received */

	/* private to uklcpu */
	int state;
	uk_spinlock_t lock;       /* guards calls and start_fn */
	struct uk_lcpu_work *calls;
	uk_lcpu_fn start_fn;
	void *start_arg;
#if CONFIG_UKLCPU_SMP
	struct ukplat_lcpu_boot boot;
#endif
} __aligned(64);

extern struct uk_lcpu uk_lcpu_table[UK_LCPU_MAXCOUNT];

/* ---- which CPU ---------------------------------------------------------- */

static inline struct uk_lcpu *uk_lcpu_current(void)
{
#if CONFIG_UKLCPU_SMP
	return (struct uk_lcpu *)ukarch_lcpu_base();
#else
	return &uk_lcpu_table[0];
#endif
}

static inline unsigned int uk_lcpu_id(void)
{
#if CONFIG_UKLCPU_SMP
	return uk_lcpu_current()->id;
#else
	return 0;
#endif
}

/* CPUs online: ids 0 .. uk_lcpu_count() - 1. */
#if CONFIG_UKLCPU_SMP
unsigned int uk_lcpu_count(void);
#else
static inline unsigned int uk_lcpu_count(void)
{
	return 1;
}
#endif

/* CPU `id`'s data, or NULL if there is no such CPU online. */
struct uk_lcpu *uk_lcpu_get(unsigned int id);

/* ---- running a function on a CPU ----------------------------------------- */

/*
 * Runs fn(arg) on CPU `cpu` from its inter-processor interrupt, whatever
 * it is doing (interrupts off, on its current stack: keep it short, never
 * wait there), and returns when it has run. On the calling CPU it runs at
 * once, with interrupts off. Call it with interrupts on: the CPU asked may
 * be waiting for this one. 0, or -ENODEV (no such CPU).
 */
int uk_lcpu_run(unsigned int cpu, uk_lcpu_fn fn, void *arg);

/*
 * The same without waiting: w->fn(w->arg) runs on `cpu` soon; w must stay
 * valid until uk_lcpu_work_done(w). 0, or -ENODEV.
 */
int uk_lcpu_run_async(unsigned int cpu, struct uk_lcpu_work *w);

static inline bool uk_lcpu_work_done(const struct uk_lcpu_work *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_ACQUIRE);
}

/*
 * Runs fn(arg) on every online CPU but the calling one, each from its
 * inter-processor interrupt as uk_lcpu_run() does, and returns when all
 * have run it (their acknowledgement). It may be called with interrupts
 * off: while it waits, the calling CPU runs the calls queued for it, so
 * that two CPUs asking each other at once both go on. Nothing with one
 * CPU. What a CPU must not wait for: a lock another CPU holds with
 * interrupts off while waiting for this call.
 */
void uk_lcpu_run_others(uk_lcpu_fn fn, void *arg);

/*
 * Makes CPU `cpu` leave its idle loop for fn(arg), run in thread context
 * (interrupts on, on the CPU's own stack): this is how a CPU gets its
 * scheduler, whose loop never returns. If fn returns, the CPU goes back to
 * idling. 0; -EBUSY if the CPU is not idle (running a function started
 * before, or the boot CPU, which runs main()); -ENODEV (no such CPU).
 */
int uk_lcpu_start(unsigned int cpu, uk_lcpu_fn fn, void *arg);

/* True while CPU `cpu` waits in its idle loop for a function to start. */
bool uk_lcpu_idle(unsigned int cpu);

/* ---- per-CPU initialisation of secondary CPUs ----------------------------- */

/*
 * Libraries with per-CPU state register what each secondary CPU runs
 * before it reports in (interrupts off, on that CPU): the interrupt
 * controller's per-CPU part (priority 1), the timer device's (2). The
 * boot CPU does not run them: its devices are set up by their probes.
 * A negative return stops the image with a crash report.
 */
struct uk_lcpu_inittab_entry {
	int (*init)(struct uk_lcpu *cpu);
	const char *libname;
};

#define UK_LCPU_INITCALL(fn, prio)					\
	_Static_assert((prio) >= 0 && (prio) <= 9, "priority 0..9");	\
	static const struct uk_lcpu_inittab_entry			\
	__used __section(".uk_lcpu_inittab." UK_STR(prio)) __aligned(8)	\
	UK_CONCAT(__uk_lcpu_inittab_, fn) = { (fn), UK_LIBNAME_STR }

extern const struct uk_lcpu_inittab_entry __uk_lcpu_inittab_start[];
extern const struct uk_lcpu_inittab_entry __uk_lcpu_inittab_end[];

#endif /* UK_LCPU_H */
