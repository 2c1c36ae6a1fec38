/* SPDX-License-Identifier: MIT */
/* Between process.c and threads.c (program threads, when built). */
#ifndef POSIX_PROCESS_THREADS_H
#define POSIX_PROCESS_THREADS_H

#include <stdbool.h>

#define POSIX_PROCESS_MAIN_TID 1

#define POSIX_PROCESS_THREADS (CONFIG_UKSYSCALL_TRAP && CONFIG_LIBUKSCHED)

int posix_process_gettid(void);
int posix_process_set_tid_address(int *tidptr);
/* Ends the calling thread when it is not the first; false if it is. */
bool posix_process_thread_exit(void);

#endif
