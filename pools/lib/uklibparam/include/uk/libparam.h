/* SPDX-License-Identifier: MIT */
/*
 * Library parameters: variables that the command line may set before any
 * init function runs.
 *
 *   static int level = 3;
 *   UK_LIBPARAM(level);          -> set with  "<libname>.level=4"
 *   UK_LIBPARAM_NAMED(lvl, level)  -> set with "<libname>.lvl=4"
 *
 * The command line is "<library parameters> -- <application arguments>";
 * the boot library splits it and hands each parameter word to
 * uk_libparam_set(). An entry is only a record in the .uk_libparams section
 * (bounds in native/ld/tables.ld), so a library that declares parameters
 * pulls in no code of its own.
 */
#ifndef UK_LIBPARAM_H
#define UK_LIBPARAM_H

#include <uk/essentials.h>

enum uk_libparam_type {
	UK_LIBPARAM_T_BOOL = 1,
	UK_LIBPARAM_T_INT,     /* signed integer of `size` bytes */
	UK_LIBPARAM_T_UINT,    /* unsigned integer of `size` bytes */
	UK_LIBPARAM_T_STR,     /* char * into the (persistent) command line */
};

struct uk_libparam {
	const char *libname;
	const char *name;
	void *addr;
	unsigned short size;
	unsigned short type;
};

#define __UK_LIBPARAM_TYPE(var) _Generic((var),				\
	_Bool: UK_LIBPARAM_T_BOOL,					\
	char: UK_LIBPARAM_T_INT, signed char: UK_LIBPARAM_T_INT,	\
	short: UK_LIBPARAM_T_INT, int: UK_LIBPARAM_T_INT,		\
	long: UK_LIBPARAM_T_INT, long long: UK_LIBPARAM_T_INT,		\
	unsigned char: UK_LIBPARAM_T_UINT,				\
	unsigned short: UK_LIBPARAM_T_UINT,				\
	unsigned int: UK_LIBPARAM_T_UINT,				\
	unsigned long: UK_LIBPARAM_T_UINT,				\
	unsigned long long: UK_LIBPARAM_T_UINT,				\
	char *: UK_LIBPARAM_T_STR, const char *: UK_LIBPARAM_T_STR)

#define UK_LIBPARAM_NAMED(pname, var)					\
	static const struct uk_libparam					\
	__used __section(".uk_libparams") __aligned(8)			\
	UK_CONCAT(__uk_libparam_, pname) = {				\
		UK_LIBNAME_STR, #pname, (void *)&(var),			\
		sizeof(var), __UK_LIBPARAM_TYPE(var) }

#define UK_LIBPARAM(var) UK_LIBPARAM_NAMED(var, var)

extern const struct uk_libparam __uk_libparams_start[];
extern const struct uk_libparam __uk_libparams_end[];

/*
 * Sets the parameter a word "<libname>.<name>=<value>" names (a bare
 * "<libname>.<name>" sets a bool to true). String parameters point into
 * the word, which must outlive them. Returns 0, -ENOENT when no parameter
 * has that name, -EINVAL for a value of the wrong form and -ERANGE for a
 * number the variable cannot hold; on error the variable is unchanged.
 */
int uk_libparam_set(char *word);

#endif /* UK_LIBPARAM_H */
