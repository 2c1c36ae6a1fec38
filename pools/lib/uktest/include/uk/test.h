/* SPDX-License-Identifier: MIT */
/*
 * Counted checks for programs that test the image and say what they saw
 * (README.md). The harness on the host reads the lines: "FAILED: ..." for
 * each failed check, then the summary "<name>: N passed, M failed".
 */
#ifndef UK_TEST_H
#define UK_TEST_H

#include <stdio.h>

/* The counts of the whole image, every file's checks together. */
extern int uk_test_passed, uk_test_failed;

/* Counts cond; when it does not hold, prints "FAILED: " then the printf
 * format and arguments that follow (end them with a newline). */
#define UK_CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			uk_test_passed++;				\
		} else {						\
			uk_test_failed++;				\
			printf("FAILED: " __VA_ARGS__);			\
		}							\
	} while (0)

/* Prints "<name>: N passed, M failed"; returns M, for main to return. */
int uk_test_summary(const char *name);

#endif /* UK_TEST_H */
