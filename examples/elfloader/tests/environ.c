/* SPDX-License-Identifier: MIT */
/*
 * The command line and the environment: argv and environ as given,
 * getenv, and changes with setenv, putenv and unsetenv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void show_environ(const char *when)
{
	int n = 0;

	printf("environ %s:", when);
	for (char **e = environ; *e; e++, n++)
		printf(" [%s]", *e);
	printf(" (%d)\n", n);
}

int main(int argc, char *argv[])
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] [%s] %zu\n", i, argv[i], strlen(argv[i]));
	printf("argv[argc] is %s\n", argv[argc] ? "set" : "NULL");
	show_environ("at start");
	printf("getenv GREETING: %s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");
	printf("getenv MISSING: %s\n", getenv("MISSING") ? getenv("MISSING") : "(unset)");
	setenv("ADDED", "by setenv", 1);
	setenv("GREETING", "not replaced", 0);
	putenv("PUT=by putenv");
	unsetenv("EMPTY");
	printf("getenv ADDED: %s\n", getenv("ADDED"));
	printf("getenv GREETING: %s\n", getenv("GREETING"));
	printf("getenv PUT: %s\n", getenv("PUT"));
	printf("getenv EMPTY: %s\n", getenv("EMPTY") ? getenv("EMPTY") : "(unset)");
	show_environ("after the changes");
	return argc;
}
