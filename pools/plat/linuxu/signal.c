/* SPDX-License-Identifier: MIT */
/*
 * A CPU fault in a linuxu image arrives as a signal. Report it like the
 * kvm platform reports an exception (crash message with the reason, exit
 * 255) instead of letting the process die silently.
 */
#include <uk/init.h>
#include <uk/assert.h>
#include <linuxu/syscall.h>

#define SIGILL  4
#define SIGTRAP 5
#define SIGBUS  7
#define SIGFPE  8
#define SIGSEGV 11

/* siginfo_t: si_signo, si_errno, si_code, padding, then si_addr. */
struct siginfo_head {
	int signo, err, code, pad;
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

static void on_fatal_signal(int signo, void *info, void *ucontext)
{
	const struct siginfo_head *si = info;
	const char *name = "signal";
	unsigned i;

	for (i = 0; i < UK_ARRAY_SIZE(fatal); i++)
		if (fatal[i].signo == signo)
			name = fatal[i].name;
	UK_CRASH("%s (signal %d), address %p", name, signo, si->addr);
}

/* The handler never returns, but x86_64 Linux insists on a restorer. */
static void restorer(void)
{
	linuxu_syscall3(SYS_rt_sigreturn, 0, 0, 0);
}

static int install_fatal_handlers(void)
{
	struct linuxu_sigaction sa = {
		.handler = on_fatal_signal,
		.flags = SA_SIGINFO | SA_RESTORER,
		.restorer = restorer,
		.mask = 0,
	};
	unsigned i;

	for (i = 0; i < UK_ARRAY_SIZE(fatal); i++)
		linuxu_syscall6(SYS_rt_sigaction, fatal[i].signo, (long)&sa,
				0, sizeof(sa.mask), 0, 0);
	return 0;
}
UK_EARLY_INITCALL(install_fatal_handlers, NULL);
