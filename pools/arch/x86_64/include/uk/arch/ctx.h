/* SPDX-License-Identifier: MIT */
/*
 * Execution contexts for threads: what a voluntary switch keeps of a
 * thread, the callee-saved registers of the System V ABI (rbx, rbp,
 * r12-r15), its stack pointer and resume address, and with SSE the
 * control registers the ABI also preserves across calls (MXCSR, the x87
 * control word). Every other register is the caller's to save, so a
 * switch that is a function call needs nothing more. A thread interrupted
 * and switched on the way out of the interrupt has its full state in the
 * interrupt entry's frame on its own stack (the general registers and,
 * with SSE, the fxsave area of plat/kvm/x86_64/traps.S), under the frame
 * of the switch.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct ukarch_ctx {
	uint64_t rbx, rbp, r12, r13, r14, r15;
	uint64_t rsp, rip;
	uint32_t mxcsr;
	uint16_t fcw;
};

/*
 * Prepares `ctx` to run fn(arg) on the stack ending at `stack_top` (the
 * address above its highest byte): the first switch to it calls fn, with
 * the end of the frame-pointer chain (a zero rbp) for backtraces. fn must
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
