/* SPDX-License-Identifier: MIT */
/*
 * Self-test of the native micro-libraries, run inside the image on every
 * platform. Ends with the line "N passed, N failed, N skipped" and returns
 * the number of failures (capped at 124 so every platform carries it).
 */
#include <stdio.h>
#include "check.h"

int checks_passed, checks_failed, checks_skipped;

int main(int argc, char *argv[])
{
	test_string();
	test_printf();
	test_stdlib();
	test_alloc();
	test_boot(argc, argv);
	test_plat();
#if CONFIG_LIBUKPAGING
	test_paging();
#endif
	printf("%d passed, %d failed, %d skipped\n", checks_passed,
	       checks_failed, checks_skipped);
	return checks_failed > 124 ? 124 : checks_failed;
}
