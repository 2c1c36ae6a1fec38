/* SPDX-License-Identifier: MIT */
/*
 * Boot library behaviour: command-line splitting, library parameters
 * (uklibparam) and init-table ordering. Parameters are checked when the test is run with
 *   selftest.num=-42 selftest.big=0x10 selftest.flag selftest.word=hello
 *   -- alpha "beta gamma"
 * (what examples/selftest/README.md gives); otherwise those checks are
 * counted as skipped.
 */
#include <string.h>
#include <errno.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include "check.h"

static int num;
UK_LIBPARAM(num);
static unsigned long big;
UK_LIBPARAM(big);
static bool flag;
UK_LIBPARAM(flag);
static char *word = "unset";
UK_LIBPARAM(word);
static unsigned char tiny = 7;
UK_LIBPARAM(tiny);
static unsigned short wide;
UK_LIBPARAM(wide);

/* Init functions record the order they ran in. */
static char order[8];
static int norder;

static int init_late(void) { order[norder++] = 'L'; return 0; }
static int init_early(void) { order[norder++] = 'E'; return 0; }
static int init_lib_prio1(void) { order[norder++] = '1'; return 0; }
static int init_lib_prio7(void) { order[norder++] = '7'; return 0; }
UK_LATE_INITCALL(init_late, NULL);
UK_INITCALL_PRIO(init_lib_prio7, NULL, UK_INIT_CLASS_LIB, 7);
UK_EARLY_INITCALL(init_early, NULL);
UK_INITCALL_PRIO(init_lib_prio1, NULL, UK_INIT_CLASS_LIB, 1);

static void test_split(void)
{
	char line[] = "  one \"two three\"\tfour\"\" \"\" five ";
	char *argv[8];
	int argc = uk_boot_split_cmdline(line, argv, 7);

	CHECK(argc == 5);
	if (argc == 5) {
		CHECK_STR(argv[0], "one");
		CHECK_STR(argv[1], "two three");
		CHECK_STR(argv[2], "four");
		CHECK_STR(argv[3], "");
		CHECK_STR(argv[4], "five");
		CHECK(argv[5] == NULL);
	}
	{
		char few[] = "a b c d";
		char *v[3];

		CHECK(uk_boot_split_cmdline(few, v, 2) == 2 && v[2] == NULL);
	}
}

/* uk_libparam_set() directly: what it answers, and that a refused value changes nothing. */
static void test_libparam_set(void)
{
	char fits[] = "selftest.wide=65535";
	char too_big[] = "selftest.wide=65536";
	char not_number[] = "selftest.wide=12ab";
	char not_bool[] = "selftest.flag=maybe";
	char unknown[] = "selftest.nosuch=1";
	char other_lib[] = "ukdebugx.level=1";

	CHECK(uk_libparam_set(fits) == 0 && wide == 65535);
	CHECK(uk_libparam_set(too_big) == -ERANGE && wide == 65535);
	CHECK(uk_libparam_set(not_number) == -EINVAL && wide == 65535);
	CHECK(uk_libparam_set(not_bool) == -EINVAL);
	CHECK(uk_libparam_set(unknown) == -ENOENT);
	CHECK(uk_libparam_set(other_lib) == -ENOENT);
}

void test_boot(int argc, char *argv[])
{
	test_split();
	test_libparam_set();
	CHECK_STR(order, "E17L");
	CHECK(argv[argc] == NULL);

	if (argc == 1 || strcmp(argv[1], "alpha")) {
		checks_skipped += 8;
		return;
	}
	CHECK(num == -42);
	CHECK(big == 16);
	CHECK(flag);
	CHECK_STR(word, "hello");
	CHECK(tiny == 7);              /* untouched */
	CHECK(argc == 3);
	CHECK_STR(argv[1], "alpha");
	CHECK(argc > 2 && !strcmp(argv[2], "beta gamma"));
}
