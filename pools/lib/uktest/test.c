/* SPDX-License-Identifier: MIT */
#include <uk/test.h>

int uk_test_passed, uk_test_failed;

int uk_test_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, uk_test_passed,
	       uk_test_failed);
	return uk_test_failed;
}
