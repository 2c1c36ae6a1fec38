/* SPDX-License-Identifier: MIT */
/*
 * Raw Linux system calls (no libc): the only way out of a linuxu image.
 * Numbers and register conventions per architecture.
 */
#ifndef LINUXU_SYSCALL_H
#define LINUXU_SYSCALL_H

#include <uk/essentials.h>

#if defined(__x86_64__)
#define SYS_read          0
#define SYS_write         1
#define SYS_close         3
#define SYS_lseek         8
#define SYS_mmap          9
#define SYS_rt_sigaction  13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn  15
#define SYS_getpid        39
#define SYS_kill          62
#define SYS_rt_sigsuspend 130
#define SYS_prctl         157
#define SYS_arch_prctl    158
#define SYS_timer_create  222
#define SYS_timer_settime 223
#define SYS_clock_gettime 228
#define SYS_exit_group    231
#define SYS_openat        257

static inline long linuxu_syscall6(long nr, long a, long b, long c, long d,
				   long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define SYS_openat        56
#define SYS_close         57
#define SYS_lseek         62
#define SYS_read          63
#define SYS_write         64
#define SYS_exit_group    94
#define SYS_timer_create  107
#define SYS_timer_settime 110
#define SYS_clock_gettime 113
#define SYS_kill          129
#define SYS_rt_sigsuspend 133
#define SYS_rt_sigaction  134
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigreturn  139
#define SYS_prctl         167
#define SYS_getpid        172
#define SYS_mmap          222

static inline long linuxu_syscall6(long nr, long a, long b, long c, long d,
				   long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ __volatile__("svc #0"
			     : "+r"(x0)
			     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			       "r"(x5)
			     : "memory");
	return x0;
}
#elif defined(__arm__)
/* The EABI's numbers; mmap is mmap2 (offset in 4096-byte units: only 0
 * is passed). */
#define SYS_close         6
#define SYS_lseek         19
#define SYS_getpid        20
#define SYS_read          3
#define SYS_write         4
#define SYS_kill          37
#define SYS_prctl         172
#define SYS_rt_sigreturn  173
#define SYS_rt_sigaction  174
#define SYS_rt_sigprocmask 175
#define SYS_rt_sigsuspend 179
#define SYS_mmap          192
#define SYS_exit_group    248
#define SYS_timer_create  257
#define SYS_timer_settime 258
#define SYS_clock_gettime 263
#define SYS_openat        322
#define SYS_ARM_set_tls   0x0f0005

static inline long linuxu_syscall6(long nr, long a, long b, long c, long d,
				   long e, long f)
{
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r5 __asm__("r5") = f;

	__asm__ __volatile__("svc #0"
			     : "+r"(r0)
			     : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4),
			       "r"(r5)
			     : "memory");
	return r0;
}
#else
#error "linuxu: unsupported architecture"
#endif

#define linuxu_syscall3(nr, a, b, c) linuxu_syscall6(nr, a, b, c, 0, 0, 0)

#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define MAP_PRIVATE   0x02
#define MAP_ANONYMOUS 0x20
#define AT_FDCWD      (-100)
#define O_RDONLY      0
#define SEEK_END      2
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

/*
 * The kernel's struct sigaction (same layout on x86_64, arm64 and arm32):
 * its 64-bit mask is two longs, aligned as a long (so at offset 12 on
 * arm32).
 */
typedef uint64_t linuxu_sigset __attribute__((aligned(sizeof(long))));

struct linuxu_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	linuxu_sigset mask;
};

#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_RESTART   0x10000000

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIGALRM 14
#define SIGMASK(sig) (1ULL << ((sig) - 1))

/* Returns from a signal handler (start.S): the SA_RESTORER of every
 * handler that may return. */
void linuxu_sigreturn(void);

#define SIGABRT      6
#define PR_SET_DUMPABLE 4

struct linuxu_timespec {
	long tv_sec;
	long tv_nsec;
};

static inline uint64_t linuxu_clock_ns(int clock)
{
	struct linuxu_timespec ts;

	linuxu_syscall3(SYS_clock_gettime, clock, (long)&ts, 0);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline uint64_t linuxu_monotonic_ns(void)
{
	return linuxu_clock_ns(CLOCK_MONOTONIC);
}

static inline __noreturn void linuxu_exit_group(int status)
{
	for (;;)
		linuxu_syscall3(SYS_exit_group, status, 0, 0);
}

#endif /* LINUXU_SYSCALL_H */
