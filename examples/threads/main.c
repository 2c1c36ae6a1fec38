/* SPDX-License-Identifier: MIT */
/*
 * Threads under the image's scheduler (uksched with ukschedcoop or
 * ukschedpreempt), checked from inside:
 *
 *   threads              every check of checks.c (README.md lists them)
 *   threads cpus         only the checks of threads on every CPU (cpus.c)
 *   threads bench [N]    context-switch time from N ping-pong round trips
 *
 * Library parameter threads.slack_ms (default 250): how late a sleeping
 * thread may wake up (a TCG guest on a busy host is late by tens of ms).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/libparam.h>
#include "threads.h"

static unsigned int slack_ms = 250;
UK_LIBPARAM(slack_ms);

int main(int argc, char *argv[])
{
	if (argc >= 2 && !strcmp(argv[1], "bench"))
		return run_bench(argc >= 3 ? strtoul(argv[2], NULL, 0)
					   : 100000);
	if (argc == 2 && !strcmp(argv[1], "cpus"))
		return run_cpu_checks();
	if (argc >= 2) {
		printf("usage: threads [cpus | bench [ROUNDS]]\n");
		return 2;
	}
	return run_checks(slack_ms);
}
