/* SPDX-License-Identifier: MIT */
/*
 * A CPU fault in a linuxu image arrives as a signal. Report it like the
 * kvm platform reports an exception (crash report with the reason, the
 * registers taken from the signal's context and a backtrace, exit 255)
 * instead of letting the process die silently.
 */
#include <uk/init.h>
#include <uk/crash.h>
#include <linuxu/syscall.h>

#define SIGILL  4
#define SIGTRAP 5
#define SIGBUS  7
#define SIGFPE  8
#define SIGSEGV 11

/* siginfo_t: si_signo, si_errno, si_code, then si_addr, aligned as a
 * pointer (at 16 on 64-bit, 12 on arm32). */
struct siginfo_head {
	int signo, err, code;
	void *addr;
};

static const struct {
	int signo;
	const char *name;
} fatal[] = {
	{ SIGILL, "illegal instruction" },
	{ SIGTRAP, "trap" },
	{ SIGBUS, "bus error" },
	{ SIGFPE, "arithmetic exception" },
	{ SIGSEGV, "segmentation fault" },
};

/*
 * The kernel's ucontext: flags, link and the 24-byte stack_t, then on
 * x86_64 the general registers (REG_R8 .. REG_CR2); on arm64, after a
 * 128-byte signal mask, the 16-byte aligned sigcontext (fault address,
 * x0-x30, sp, pc, pstate); on arm32 (a 12-byte stack_t) the sigcontext
 * right after (trap number, error code, old mask, r0-r10, fp, ip, sp, lr,
 * pc, cpsr, fault address).
 */
#if defined(__x86_64__)
enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX,
       RCX, RSP, RIP, EFL, CSGSFS, ERR, TRAPNO };
#define MCONTEXT_OFFSET 40

static void context_regs(const void *uc, struct ukarch_regs *r)
{
	const uint64_t *g = (const uint64_t *)((const char *)uc +
					       MCONTEXT_OFFSET);

	*r = (struct ukarch_regs){
		.r15 = g[R15], .r14 = g[R14], .r13 = g[R13], .r12 = g[R12],
		.r11 = g[R11], .r10 = g[R10], .r9 = g[R9], .r8 = g[R8],
		.rbp = g[RBP], .rdi = g[RDI], .rsi = g[RSI], .rdx = g[RDX],
		.rcx = g[RCX], .rbx = g[RBX], .rax = g[RAX],
		.vector = g[TRAPNO], .error = g[ERR], .rip = g[RIP],
		.cs = g[CSGSFS] & 0xffff, .rflags = g[EFL], .rsp = g[RSP],
	};
}
#elif defined(__aarch64__)
#define MCONTEXT_OFFSET 176

static void context_regs(const void *uc, struct ukarch_regs *r)
{
	const uint64_t *m = (const uint64_t *)((const char *)uc +
					       MCONTEXT_OFFSET);
	int i;

	for (i = 0; i < 31; i++)
		r->x[i] = m[1 + i];
	r->sp = m[32];
	r->pc = m[33];
	r->pstate = m[34];
	r->esr = 0;
	r->far = m[0];
}
#elif defined(__arm__)
#define MCONTEXT_OFFSET 20

static void context_regs(const void *uc, struct ukarch_regs *r)
{
	const uint32_t *m = (const uint32_t *)((const char *)uc +
					       MCONTEXT_OFFSET);
	int i;

	*r = (struct ukarch_regs){ .fsr = m[1], .far = m[20] };
	for (i = 0; i < 13; i++)
		r->r[i] = m[3 + i];
	r->sp = m[16];
	r->lr = m[17];
	r->pc = m[18];
	r->cpsr = m[19];
}
#endif

static void on_fatal_signal(int signo, void *info, void *ucontext)
{
	const struct siginfo_head *si = info;
	const char *name = "signal", *fn;
	struct ukarch_regs regs;
	uintptr_t off;
	unsigned i;

	for (i = 0; i < UK_ARRAY_SIZE(fatal); i++)
		if (fatal[i].signo == signo)
			name = fatal[i].name;
	context_regs(ucontext, &regs);
	fn = uk_symbol_name(ukarch_regs_pc(&regs), &off);
	UK_CRASH_REGS(&regs, "%s (signal %d) at %#lx (%s+0x%lx), address %p",
		      name, signo, (unsigned long)ukarch_regs_pc(&regs), fn,
		      (unsigned long)off, si->addr);
}

static int install_fatal_handlers(void)
{
	struct linuxu_sigaction sa = {
		.handler = on_fatal_signal,
		.flags = SA_SIGINFO | SA_RESTORER,
		.restorer = linuxu_sigreturn,
		.mask = 0,
	};
	unsigned i;

	for (i = 0; i < UK_ARRAY_SIZE(fatal); i++)
		linuxu_syscall6(SYS_rt_sigaction, fatal[i].signo, (long)&sa,
				0, sizeof(sa.mask), 0, 0);
	return 0;
}
UK_EARLY_INITCALL(install_fatal_handlers, NULL);
