/*
 * @NAME@: prints a greeting and its arguments. The greeting is a library
 * parameter: boot with "@NAME@.greeting=Bonjour -- one two".
 */
#include <stdio.h>
#include <uk/libparam.h>

static char *greeting = "Hello from @NAME@!";
UK_LIBPARAM(greeting);

int main(int argc, char *argv[])
{
	printf("%s\n", greeting);
	for (int i = 1; i < argc; i++)
		printf("argument %d: %s\n", i, argv[i]);
	return 0;
}
