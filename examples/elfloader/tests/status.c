/* SPDX-License-Identifier: MIT */
/*
 * Exit statuses: `status N` ends with exit(N) after atexit handlers ran
 * and buffered output was flushed; `status return N` returns N from
 * main; `status _exit N` ends with _exit(N), unflushed output lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first(void)
{
	printf("atexit: registered first, runs last\n");
}

static void second(void)
{
	printf("atexit: registered second, runs first\n");
}

int main(int argc, char *argv[])
{
	atexit(first);
	atexit(second);
	setvbuf(stdout, NULL, _IOFBF, 4096);
	if (argc == 3 && !strcmp(argv[1], "return")) {
		printf("returning %s from main\n", argv[2]);
		return atoi(argv[2]);
	}
	if (argc == 3 && !strcmp(argv[1], "_exit")) {
		printf("this line is lost: _exit does not flush\n");
		_exit(atoi(argv[2]));
	}
	printf("exit(%s)\n", argc > 1 ? argv[1] : "0");
	exit(argc > 1 ? atoi(argv[1]) : 0);
}
