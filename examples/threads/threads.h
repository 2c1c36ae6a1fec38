/* SPDX-License-Identifier: MIT */
#ifndef THREADS_H
#define THREADS_H

/* Every check; prints "threads: N passed, M failed" and returns M. */
int run_checks(unsigned int slack_ms);

/* Context-switch figures from `rounds` ping-pong round trips. */
int run_bench(unsigned long rounds);

#endif
