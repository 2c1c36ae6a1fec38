/* SPDX-License-Identifier: MIT */
/*
 * The preemption point: where, on the way out of an interrupt, a scheduler
 * may switch threads.
 *
 * A platform calls uk_preempt_point() last in its interrupt handling
 * (kvm: after the handlers ran and the end of interrupt was signalled;
 * linuxu: at the end of the timer signal's handler), with interrupts
 * disabled, on the interrupted thread's stack, where everything needed to
 * resume that thread is saved (the entry's register frame, or the
 * kernel's signal frame). A scheduler that switches from there simply
 * comes back later, and the interrupt returns into the thread it
 * interrupted.
 *
 * The library that switches threads registers its function once:
 *
 *   static void maybe_switch(void) { if (slice_over) switch_threads(); }
 *   UK_PREEMPT_HOOK(maybe_switch);
 *
 * so a platform names no scheduler. The hook is a one-entry table in
 * section .uk_preempthook (native/ld/tables.ld); the link fails when two
 * libraries register one, and without any the point costs a compare.
 */
#ifndef UK_PREEMPT_H
#define UK_PREEMPT_H

#include <uk/essentials.h>

#ifndef __ASSEMBLY__

typedef void (*uk_preempt_hook_fn)(void);

#define UK_PREEMPT_HOOK(fn)						\
	static const uk_preempt_hook_fn					\
	__used __section(".uk_preempthook") __aligned(8)		\
	UK_CONCAT(__uk_preempthook_, fn) = (fn)

/* Bounds provided by the linker script (native/ld/tables.ld). */
extern const uk_preempt_hook_fn __uk_preempthook_start[];
extern const uk_preempt_hook_fn __uk_preempthook_end[];

static inline void uk_preempt_point(void)
{
	const uk_preempt_hook_fn *hook;

	/* A loop like the other tables' walks; there is one hook at most. */
	for (hook = __uk_preempthook_start; hook < __uk_preempthook_end; hook++)
		(*hook)();
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_PREEMPT_H */
