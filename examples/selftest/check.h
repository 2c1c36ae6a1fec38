/* SPDX-License-Identifier: MIT */
/* A minimal check framework: counts results, prints failures. */
#ifndef SELFTEST_CHECK_H
#define SELFTEST_CHECK_H

#include <stdio.h>
#include <string.h>

extern int checks_passed, checks_failed, checks_skipped;

#define CHECK(cond)							\
	do {								\
		if (cond) {						\
			checks_passed++;				\
		} else {						\
			checks_failed++;				\
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__,	\
			       #cond);					\
		}							\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *g_ = (got), *w_ = (want);			\
		if (!strcmp(g_, w_)) {					\
			checks_passed++;				\
		} else {						\
			checks_failed++;				\
			printf("FAIL %s:%d: \"%s\" != \"%s\"\n",	\
			       __FILE__, __LINE__, g_, w_);		\
		}							\
	} while (0)

void test_string(void);
void test_printf(void);
void test_stdlib(void);
void test_alloc(void);
void test_boot(int argc, char *argv[]);
void test_plat(void);
void test_paging(void);

#endif
