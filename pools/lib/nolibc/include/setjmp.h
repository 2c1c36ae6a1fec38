/* SPDX-License-Identifier: MIT */
/*
 * Non-local jumps. A jmp_buf keeps what a function call preserves: the
 * callee-saved registers, the stack pointer and the return address (and
 * d8-d15: on arm64 when compiled code may use FP/SIMD, on arm32 always).
 * There are no signals, so there is no signal mask to keep:
 * sigsetjmp/siglongjmp are the same jumps.
 */
#ifndef _SETJMP_H
#define _SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__x86_64__)
typedef unsigned long __jmp_regs[8];    /* rbx rbp r12-r15 rsp rip */
#elif defined(__aarch64__)
typedef unsigned long __jmp_regs[22];   /* x19-x30 sp, d8-d15 */
#elif defined(__arm__)
typedef unsigned long long __jmp_regs[13]; /* r4-r11 sp lr, d8-d15 */
#elif defined(__mips__)
typedef unsigned long long __jmp_regs[12]; /* s0-s7 gp sp fp ra, f20-f30 */
#endif

typedef struct __jmp_buf_tag {
	__jmp_regs __regs;
} jmp_buf[1];

typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#define sigsetjmp(env, savemask) setjmp(env)
#define siglongjmp(env, val)     longjmp(env, val)

#ifdef __cplusplus
}
#endif
#endif /* _SETJMP_H */
