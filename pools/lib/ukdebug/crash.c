/* SPDX-License-Identifier: MIT */
#include <uk/assert.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <uk/plat.h>
#include <stdarg.h>

static int crashing;

/* A crash while reporting a crash must not recurse forever. */
static bool first_crash(void)
{
	if (crashing)
		return false;
	crashing = 1;
	return true;
}

void _uk_crash(const char *libname, const char *file, unsigned int line,
	       const char *fmt, ...)
{
	va_list ap;

	if (first_crash()) {
		uk_printk("CRASH: [%s] %s:%u: ", libname, file, line);
		va_start(ap, fmt);
		uk_vprintk(fmt, ap);
		va_end(ap);
		uk_printk("\n");
		/* From the caller on: the walk starts with this function's
		 * own frame record, which holds the return address. */
#if CONFIG_UKDEBUG_BACKTRACE
		uk_backtrace_print(0, (uintptr_t)__builtin_frame_address(0),
				   (uintptr_t)__builtin_frame_address(0));
#else
		uk_backtrace_print((uintptr_t)__builtin_return_address(0),
				   0, 0);
#endif
	}
	ukplat_crash();
}

void _uk_crash_regs(const char *libname, const struct ukarch_regs *regs,
		    const char *fmt, ...)
{
	va_list ap;

	if (first_crash()) {
		uk_printk("CRASH: [%s] ", libname);
		va_start(ap, fmt);
		uk_vprintk(fmt, ap);
		va_end(ap);
		uk_printk("\n");
		uk_regs_print(regs);
		uk_backtrace_print(ukarch_regs_pc(regs), ukarch_regs_fp(regs),
				   ukarch_regs_sp(regs));
	}
	ukplat_crash();
}
