/* SPDX-License-Identifier: MIT */
/*
 * The process exit code is main's status (the kernel keeps its low 8
 * bits). A crash ends the process by SIGABRT, as abort() ends a native
 * program: the host then tells a crash from main returning 255 (or -1),
 * which an exit code cannot.
 */
#include <uk/plat.h>
#include <linuxu/syscall.h>

#define EXIT_CRASH 255

void ukplat_halt(int status)
{
	linuxu_exit_group(status);
}

void ukplat_crash(void)
{
	struct linuxu_sigaction dfl = { 0 };   /* SIG_DFL: terminate */
	uint64_t abrt = 1ULL << (SIGABRT - 1);

	/* Whatever disposition and mask the process inherited through exec. */
	linuxu_syscall6(SYS_rt_sigaction, SIGABRT, (long)&dfl, 0,
			sizeof(dfl.mask), 0, 0);
	linuxu_syscall6(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&abrt, 0,
			sizeof(abrt), 0, 0);
	/* The crash message says what happened: no core file. */
	linuxu_syscall3(SYS_prctl, PR_SET_DUMPABLE, 0, 0);
	linuxu_syscall3(SYS_kill, linuxu_syscall3(SYS_getpid, 0, 0, 0),
			SIGABRT, 0);
	linuxu_exit_group(EXIT_CRASH);   /* only if the signal did not end it */
}
