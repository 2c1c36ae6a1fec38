/* SPDX-License-Identifier: MIT */
/*
 * Execution contexts for threads: what a voluntary switch keeps of a
 * thread, the callee-saved registers of the AAPCS (r4-r11, r11 the frame
 * pointer, the link register as the resume address), its stack pointer,
 * and the callee-saved VFP registers d8-d15 with the FPSCR (compiled
 * code uses VFP: the hard-float EABI). Every other register is the
 * caller's to save, so a switch that is a function call needs nothing
 * more. A thread interrupted and switched on the way out of the interrupt
 * has its full state in the interrupt entry's frame on its own stack.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct ukarch_ctx {
	uint32_t r4_r11[8];
	uint32_t sp, lr;
	uint64_t d8_d15[8];
	uint32_t fpscr, pad;
};

/*
 * Prepares `ctx` to run fn(arg) on the stack ending at `stack_top` (the
 * address above its highest byte): the first switch to it calls fn, with
 * the end of the frame-record chain (a zero r11) for backtraces. fn must
 * not return.
 */
void ukarch_ctx_init(struct ukarch_ctx *ctx, uintptr_t stack_top,
		     void (*fn)(void *), void *arg);

/*
 * Saves the running context into `prev` and resumes `next`; returns when
 * another switch resumes `prev`. Called with interrupts disabled (the
 * caller's critical section spans both sides of the switch).
 */
void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next);

#endif /* UK_ARCH_CTX_H */
