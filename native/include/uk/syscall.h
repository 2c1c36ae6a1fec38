/* SPDX-License-Identifier: MIT */
/*
 * System calls as function calls.
 *
 * A library implements a Linux system call by defining it here and
 * declaring it in its library.uk (`syscall write`):
 *
 *   UK_SYSCALL_R_DEFINE(ssize_t, write, int, fd, const void *, buf,
 *                       size_t, len)
 *   {
 *           ...
 *           return len;        (or -EBADF, ...: a value or -errno)
 *   }
 *
 * This defines the typed body and its raw entry
 *
 *   long uk_syscall_r_write(long fd, long buf, long len);
 *
 * which takes the arguments as the kernel receives them and returns what
 * the kernel would (a value or -errno). Code may call a raw entry
 * directly; the build collects the declared calls of the image's libraries
 * into the table (build/<image>/include/uk/syscall_table.h) that the
 * dispatcher of lib/uksyscall indexes by number:
 *
 *   long uk_syscall6(long n, long a1, ..., long a6);
 *   long uk_syscall(long n, ...);     (reads six arguments after n)
 *
 * both with the kernel's return convention, not libc's syscall(2) (no
 * errno). A number no library of the image implements returns -ENOSYS and
 * prints, once per call, its name and the library that would provide it.
 * Up to six arguments, each a scalar or a pointer, as in Linux.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>

#ifndef __ASSEMBLY__

long uk_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
		 long a6);
long uk_syscall(long n, ...);

/* Number of (type, name) pairs in the argument list, 0..6. */
#define __UK_SC_NPAIRS(...) \
	__UK_SC_NPAIRS_(_, ##__VA_ARGS__, 6, x, 5, x, 4, x, 3, x, 2, x, 1, x, 0)
#define __UK_SC_NPAIRS_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, \
			_12, n, ...) n

/* The typed parameter list. */
#define __UK_SC_TYPED0() void
#define __UK_SC_TYPED1(t1, a1) t1 a1
#define __UK_SC_TYPED2(t1, a1, ...) t1 a1, __UK_SC_TYPED1(__VA_ARGS__)
#define __UK_SC_TYPED3(t1, a1, ...) t1 a1, __UK_SC_TYPED2(__VA_ARGS__)
#define __UK_SC_TYPED4(t1, a1, ...) t1 a1, __UK_SC_TYPED3(__VA_ARGS__)
#define __UK_SC_TYPED5(t1, a1, ...) t1 a1, __UK_SC_TYPED4(__VA_ARGS__)
#define __UK_SC_TYPED6(t1, a1, ...) t1 a1, __UK_SC_TYPED5(__VA_ARGS__)

/* The raw parameter list: the same names, each a long. */
#define __UK_SC_LONG0() void
#define __UK_SC_LONG1(t1, a1) long a1
#define __UK_SC_LONG2(t1, a1, ...) long a1, __UK_SC_LONG1(__VA_ARGS__)
#define __UK_SC_LONG3(t1, a1, ...) long a1, __UK_SC_LONG2(__VA_ARGS__)
#define __UK_SC_LONG4(t1, a1, ...) long a1, __UK_SC_LONG3(__VA_ARGS__)
#define __UK_SC_LONG5(t1, a1, ...) long a1, __UK_SC_LONG4(__VA_ARGS__)
#define __UK_SC_LONG6(t1, a1, ...) long a1, __UK_SC_LONG5(__VA_ARGS__)

/* The call of the typed body from the raw entry. */
#define __UK_SC_CAST0()
#define __UK_SC_CAST1(t1, a1) (t1)a1
#define __UK_SC_CAST2(t1, a1, ...) (t1)a1, __UK_SC_CAST1(__VA_ARGS__)
#define __UK_SC_CAST3(t1, a1, ...) (t1)a1, __UK_SC_CAST2(__VA_ARGS__)
#define __UK_SC_CAST4(t1, a1, ...) (t1)a1, __UK_SC_CAST3(__VA_ARGS__)
#define __UK_SC_CAST5(t1, a1, ...) (t1)a1, __UK_SC_CAST4(__VA_ARGS__)
#define __UK_SC_CAST6(t1, a1, ...) (t1)a1, __UK_SC_CAST5(__VA_ARGS__)

#define __UK_SC_LIST(kind, ...) \
	UK_CONCAT(kind, __UK_SC_NPAIRS(__VA_ARGS__))(__VA_ARGS__)

/* Defines system call `name`: typed arguments as (type, name) pairs, then the body. */
#define UK_SYSCALL_R_DEFINE(rtype, name, ...)				\
	static inline rtype __uk_syscall_body_##name(			\
		__UK_SC_LIST(__UK_SC_TYPED, ##__VA_ARGS__));		\
	long uk_syscall_r_##name(__UK_SC_LIST(__UK_SC_LONG, ##__VA_ARGS__)); \
	long uk_syscall_r_##name(__UK_SC_LIST(__UK_SC_LONG, ##__VA_ARGS__)) \
	{								\
		return (long)__uk_syscall_body_##name(			\
			__UK_SC_LIST(__UK_SC_CAST, ##__VA_ARGS__));	\
	}								\
	static inline rtype __uk_syscall_body_##name(			\
		__UK_SC_LIST(__UK_SC_TYPED, ##__VA_ARGS__))

#endif /* !__ASSEMBLY__ */
#endif /* UK_SYSCALL_H */
