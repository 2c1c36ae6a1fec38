/* SPDX-License-Identifier: MIT */
/*
 * A unikernel is one process with one thread: pid and tid 1, and no
 * parent (getppid 0, as for a process whose parent is outside the
 * namespace).
 */
#include <uk/syscall.h>
#include <uk/exit.h>

#define UK_PID 1

UK_SYSCALL_R_DEFINE(int, getpid)
{
	return UK_PID;
}

UK_SYSCALL_R_DEFINE(int, getppid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, gettid)
{
	return UK_PID;
}

/* The clear-on-exit address matters once threads exist. */
UK_SYSCALL_R_DEFINE(int, set_tid_address, int *, tidptr)
{
	return UK_PID;
}

/*
 * Without threads the end of the calling thread (exit) is the end of the
 * image too. A libc's _Exit() ends here, in the image's exit hook.
 */
UK_SYSCALL_R_DEFINE(long, exit_group, int, status)
{
	uk_exit(status);
}

UK_SYSCALL_R_DEFINE(long, exit, int, status)
{
	uk_exit(status);
}
