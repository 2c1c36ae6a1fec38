/* SPDX-License-Identifier: MIT */
/*
 * A unikernel is one process with one thread: pid and tid 1, and no
 * parent (getppid 0, as for a process whose parent is outside the
 * namespace).
 */
#include <uk/syscall.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <errno.h>
#include <stddef.h>

#include "threads.h"

#define UK_PID POSIX_PROCESS_MAIN_TID

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
#if POSIX_PROCESS_THREADS
	return posix_process_gettid();
#else
	return UK_PID;
#endif
}

/* The clear-on-exit address matters for a thread that is not the first. */
UK_SYSCALL_R_DEFINE(int, set_tid_address, int *, tidptr)
{
#if POSIX_PROCESS_THREADS
	return posix_process_set_tid_address(tidptr);
#else
	return UK_PID;
#endif
}

#if !POSIX_PROCESS_THREADS
/* With one thread there is nobody to let go first (threads.c: others). */
UK_SYSCALL_R_DEFINE(int, sched_yield)
{
	return 0;
}
#endif

/*
 * The end of the process (exit_group), and of the calling thread (exit),
 * which for the first thread, or without program threads, is the end of
 * the image too. A libc's _Exit() ends here, in the image's exit hook.
 */
UK_SYSCALL_R_DEFINE(long, exit_group, int, status)
{
	uk_exit(status);
}

UK_SYSCALL_R_DEFINE(long, exit, int, status)
{
#if POSIX_PROCESS_THREADS
	/* A program thread other than the first ends alone. */
	posix_process_thread_exit();
#endif
	uk_exit(status);
}

/*
 * uname: a Linux of the version whose system call ABI the pools follow,
 * so that a libc that checks the kernel's version accepts it; the node
 * name is the image's name.
 */
#define UTS_LEN 65

struct k_utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN],
	     version[UTS_LEN], machine[UTS_LEN], domainname[UTS_LEN];
};

static void copy_field(char *to, const char *from)
{
	size_t i;

	for (i = 0; i < UTS_LEN - 1 && from[i]; i++)
		to[i] = from[i];
	for (; i < UTS_LEN; i++)
		to[i] = 0;
}

UK_SYSCALL_R_DEFINE(int, uname, struct k_utsname *, u)
{
	if (!u)
		return -EFAULT;
	copy_field(u->sysname, "Linux");
	copy_field(u->nodename, CONFIG_UK_NAME);
	copy_field(u->release, "6.1.0-ukconfig");
	copy_field(u->version, "#1 " CONFIG_UK_NAME);
	copy_field(u->machine, ukplat_arch);
	copy_field(u->domainname, "(none)");
	return 0;
}

/* One user, the superuser, as a process in a container's own namespace. */
UK_SYSCALL_R_DEFINE(int, getuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, geteuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, getgid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, getegid)
{
	return 0;
}

/* The robust-futex list matters once threads exist; accepted and kept. */
static void *robust_list;

UK_SYSCALL_R_DEFINE(int, set_robust_list, void *, head, size_t, len)
{
	if (len != 3 * sizeof(long))
		return -EINVAL;
	robust_list = head;
	return 0;
}

/*
 * Resource limits: Linux's defaults for a process, kept per resource so
 * that a program that lowers one reads it back (nothing enforces them).
 * glibc asks RLIMIT_STACK at start-up for its threads' stack size.
 */
#define RLIM_NLIMITS   16
#define RLIMIT_STACK   3
#define RLIMIT_NOFILE  7
#define RLIM_INFINITY  (~0UL)

struct k_rlimit {
	unsigned long cur, max;
};

static struct k_rlimit limits[RLIM_NLIMITS];
static bool limits_set;

UK_SYSCALL_R_DEFINE(int, prlimit64, int, pid, int, resource,
		    const struct k_rlimit *, lim, struct k_rlimit *, old)
{
	if (pid != 0 && pid != UK_PID)
		return -ESRCH;
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!limits_set) {
		for (int i = 0; i < RLIM_NLIMITS; i++)
			limits[i] = (struct k_rlimit){ RLIM_INFINITY, RLIM_INFINITY };
		limits[RLIMIT_STACK].cur = 8UL << 20;
		limits[RLIMIT_NOFILE] = (struct k_rlimit){ 1024, 4096 };
		limits_set = true;
	}
	if (lim && lim->cur > lim->max)
		return -EINVAL;
	if (old)
		*old = limits[resource];
	if (lim)
		limits[resource] = *lim;
	return 0;
}

/*
 * Restartable sequences need a kernel that preempts and migrates threads
 * and fixes up their critical sections; this one answers as a Linux built
 * without CONFIG_RSEQ does, and a libc that registers at start-up goes on
 * without them.
 */
UK_SYSCALL_R_DEFINE(int, rseq, void *, area, unsigned int, len, int, flags,
		    unsigned int, sig)
{
	return -ENOSYS;
}

/*
 * membarrier: musl registers for it when the first thread is made, and
 * only the membarrier() function of the program would use it; answered as
 * a Linux built without CONFIG_MEMBARRIER, so that the registration is
 * quiet.
 */
UK_SYSCALL_R_DEFINE(int, membarrier, int, cmd, unsigned int, flags, int, cpu_id)
{
	return -ENOSYS;
}
