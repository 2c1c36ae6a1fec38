/* SPDX-License-Identifier: MIT */
/* Not guarded on purpose: C allows re-including with a different NDEBUG. */
#undef assert

void __assert_fail(const char *expr, const char *file, unsigned int line,
		   const char *func) __attribute__((noreturn, cold));

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) \
	((x) ? (void)0 : __assert_fail(#x, __FILE__, __LINE__, __func__))
#endif

#ifndef __cplusplus
#define static_assert _Static_assert
#endif
