/* SPDX-License-Identifier: MIT */
/* Between process.c, threads.c and x86_64/clone.c (program threads, with a
 * scheduler). */
#ifndef POSIX_PROCESS_THREADS_H
#define POSIX_PROCESS_THREADS_H

#include <stdbool.h>
#include <stddef.h>

#define POSIX_PROCESS_MAIN_TID 1

#define POSIX_PROCESS_THREADS CONFIG_LIBUKSCHED

int posix_process_gettid(void);
int posix_process_set_tid_address(int *tidptr);
/* Ends the calling thread when it is not the first; false if it is. */
bool posix_process_thread_exit(void);

#if POSIX_PROCESS_THREADS
struct uk_thread;

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_CHILD_SETTID   0x01000000
#define CSIGNAL              0x000000ff

/* What a thread of the same process shares, and what clone may set. */
#define CLONE_THREAD_NEEDS (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)
#define CLONE_KNOWN (CLONE_THREAD_NEEDS | CLONE_FS | CLONE_FILES | \
		     CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
		     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

/* A thread of the program other than the first. */
struct prog_thread {
	struct uk_thread *t;
	int tid;
	int *clear_tid;                 /* set_tid_address, CLONE_CHILD_CLEARTID */
	unsigned long tls;              /* the image's thread pointer, 0: fresh */
	/* once off its stack (uk_process_thread_exit_then()) */
	void (*after_exit)(void *base, size_t size);
	void *after_base;
	size_t after_size;
	/* how it starts: a function (uk_process_clone()) ... */
	int (*fn)(void *);
	void *arg;
	/* ... or where a clone system call left the program (x86_64/clone.c) */
	void *start_frame;
	unsigned long start_sp;
	struct prog_thread *next;
};

/*
 * Lists `p` (allocated by the caller, zeroed, fn or start_frame set, and
 * tls) as a new thread, which runs start(p) on [stack, stack +
 * stack_size) (NULL, 0: a stack of uksched's). The thread id, or
 * -ENOSYS, -EINVAL, -ENOMEM; the caller frees p when it fails.
 */
long posix_process_thread_spawn(struct prog_thread *p, unsigned long flags,
				int *ptid, int *ctid, void *(*start)(void *),
				void *stack, size_t stack_size);
/* The new thread's first call. */
void posix_process_thread_started(struct prog_thread *p);
#endif

#endif
