/* SPDX-License-Identifier: MIT */
/*
 * Execution contexts for threads: what a voluntary switch keeps of a
 * thread, the callee-saved registers of the AAPCS64 (x19-x28, the frame
 * pointer x29, the link register x30 as the resume address), its stack
 * pointer, and when compiled code may use FP/SIMD registers the
 * callee-saved low halves d8-d15 and the FPCR/FPSR. Every other register
 * is the caller's to save, so a switch that is a function call needs
 * nothing more. A thread interrupted and switched on the way out of the
 * interrupt has its full state in the interrupt entry's frame on its own
 * stack, under the frame of the switch.
 *
 * FP/SIMD state belongs to a context exactly when the compiler may use
 * those registers (it defines __ARM_FP): not with -mgeneral-regs-only,
 * which the kvm target uses today (FP/SIMD stays disabled there, and an FP
 * instruction would trap), and when an ARM64_FPSIMD option is off; on
 * linuxu, and on kvm once FP/SIMD is enabled, yes.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct ukarch_ctx {
	uint64_t x19_x28[10];
	uint64_t fp, lr, sp;
	uint64_t d8_d15[8];     /* used when compiled with FP/SIMD */
	uint64_t fpcr, fpsr;
};

/*
 * Prepares `ctx` to run fn(arg) on the stack ending at `stack_top` (the
 * address above its highest byte): the first switch to it calls fn, with
 * the end of the frame-record chain (a zero x29) for backtraces. fn must
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
