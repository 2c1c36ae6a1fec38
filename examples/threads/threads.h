/* SPDX-License-Identifier: MIT */
#ifndef THREADS_H
#define THREADS_H

/* Every check; prints "threads: N passed, M failed" and returns M. */
int run_checks(unsigned int slack_ms);

/* Threads pinned to every CPU, and across CPUs (cpus.c); its checks
 * count with the others (uk/test.h). */
void check_cpus(void);

/* check_cpus() alone, with the summary line of run_checks(). */
int run_cpu_checks(void);

/* Context-switch figures from `rounds` ping-pong round trips. */
int run_bench(unsigned long rounds);

#endif
