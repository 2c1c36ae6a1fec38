/* SPDX-License-Identifier: MIT */
/*
 * Hello world: prints a greeting and its arguments, then returns the
 * status asked for on the command line, e.g.
 *   helloworld.status=7 helloworld.greeting=Bonjour -- one two
 * exercises library parameters, application arguments, the heap and the
 * exit status path of every platform.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/libparam.h>

static int status;
UK_LIBPARAM(status);

static char *greeting = "Hello world!";
UK_LIBPARAM(greeting);

int main(int argc, char *argv[])
{
	/* Goes through malloc, so the heap is exercised too. */
	char *msg = strdup(greeting);

	if (!msg) {
		fprintf(stderr, "out of memory\n");
		return EXIT_FAILURE;
	}
	printf("%s\n", msg);
	free(msg);
#if CONFIG_HELLOWORLD_PRINT_ARGS
	for (int i = 0; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
#endif
	return status;
}
