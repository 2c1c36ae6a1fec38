/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include "check.h"

void test_string(void)
{
	char buf[32], *save, *tok;
	char mv[] = "abcdefgh";

	CHECK(strlen("") == 0 && strlen("hello") == 5);
	CHECK(strnlen("hello", 3) == 3);
	CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0);
	CHECK(strcmp("same", "same") == 0);
	CHECK(strncmp("abcX", "abcY", 3) == 0);
	CHECK_STR(strchr("hello", 'l'), "llo");
	CHECK_STR(strrchr("hello", 'l'), "lo");
	CHECK(strchr("hello", 'z') == NULL);
	CHECK_STR(strstr("unikernel", "kern"), "kernel");
	CHECK(strstr("abc", "abd") == NULL);
	CHECK(strspn("aabbc", "ab") == 4 && strcspn("abc,d", ",") == 3);
	strcpy(buf, "a,b,,c");
	tok = strtok_r(buf, ",", &save);
	CHECK_STR(tok, "a");
	CHECK_STR(strtok_r(NULL, ",", &save), "b");
	CHECK_STR(strtok_r(NULL, ",", &save), "c");
	CHECK(strtok_r(NULL, ",", &save) == NULL);
	CHECK(strlcpy(buf, "truncated", 5) == 9);
	CHECK_STR(buf, "trun");
	memmove(mv + 2, mv, 4);            /* overlapping, forward */
	CHECK_STR(mv, "ababcdgh");
	memmove(mv, mv + 2, 4);            /* overlapping, backward */
	CHECK_STR(mv, "abcdcdgh");
	memset(buf, 'x', 4);
	buf[4] = 0;
	CHECK_STR(buf, "xxxx");
	CHECK(memcmp("ab", "ac", 2) < 0);
	CHECK(isdigit('7') && !isdigit('a') && isspace('\t') && isxdigit('F'));
	CHECK(toupper('q') == 'Q' && tolower('Q') == 'q' && toupper('1') == '1');
	CHECK_STR(strerror(ENOMEM), "Out of memory");
}

void test_printf(void)
{
	char b[64];

	snprintf(b, sizeof(b), "[%5d|%-5d|%05d|%+d|% d]", 42, 42, 42, 42, 42);
	CHECK_STR(b, "[   42|42   |00042|+42| 42]");
	snprintf(b, sizeof(b), "%x %X %#x %#o %o", 255, 255, 255, 8, 8);
	CHECK_STR(b, "ff FF 0xff 010 10");
	snprintf(b, sizeof(b), "%lld %llu", LLONG_MIN, ULLONG_MAX);
	CHECK_STR(b, "-9223372036854775808 18446744073709551615");
	snprintf(b, sizeof(b), "%" PRIu64 " %zu %hhd %hd", (uint64_t)1 << 40,
		 (size_t)7, 300, 70000);
	CHECK_STR(b, "1099511627776 7 44 4464");
	snprintf(b, sizeof(b), "%s|%.2s|%5s|%-5s|%c", "abc", "abc", "ab",
		 "ab", 'z');
	CHECK_STR(b, "abc|ab|   ab|ab   |z");
	snprintf(b, sizeof(b), "%.3d|%.0d|%*d|%-*d|", 5, 0, 4, 1, 3, 2);
	CHECK_STR(b, "005||   1|2  |");
	snprintf(b, sizeof(b), "%p %p", (void *)0x1234, (void *)0);
	CHECK_STR(b, "0x1234 0");
	snprintf(b, sizeof(b), "100%%");
	CHECK_STR(b, "100%");
	CHECK(snprintf(b, 4, "%s", "overflow") == 8);
	CHECK_STR(b, "ove");
	CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

void test_stdlib(void)
{
	char *end;

	CHECK(strtol("  -123xyz", &end, 10) == -123 && *end == 'x');
	CHECK(strtol("0x1F", NULL, 0) == 31 && strtol("017", NULL, 0) == 15);
	CHECK(strtol("z", &end, 36) == 35);
	CHECK(strtoul("ff", NULL, 16) == 255);
	errno = 0;
	CHECK(strtol("99999999999999999999", NULL, 10) == LONG_MAX &&
	      errno == ERANGE);
	errno = 0;
	CHECK(strtol("-99999999999999999999", NULL, 10) == LONG_MIN &&
	      errno == ERANGE);
	CHECK(strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN);
	CHECK(strtol("abc", &end, 10) == 0 && *end == 'a');
	CHECK(atoi("42") == 42 && abs(-3) == 3 && labs(-4L) == 4);
	{
		int v[] = { 5, 1, 4, 2, 3 };
		int ok = 1, i;

		qsort(v, 5, sizeof(int), cmp_int);
		for (i = 0; i < 5; i++)
			ok &= v[i] == i + 1;
		CHECK(ok);
	}
}
