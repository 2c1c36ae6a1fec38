/* SPDX-License-Identifier: MIT */
/*
 * Crash reports with context: what trap handlers call, and the pieces a
 * report is made of (symbol lookup, backtrace).
 *
 * A report reads
 *
 *   CRASH: [kvm] invalid opcode (#6) at 0x102f4a (fault_undefined+0x2)
 *   Registers:
 *     rax 0000000000000000 rbx ...
 *   Backtrace:
 *     0x0000000000102f4a fault_undefined+0x2
 *     0x0000000000103011 main+0x41
 *     0x0000000000101c9e uk_boot_entry+0xa2
 *
 * UK_CRASH (uk/assert.h) prints the same without the registers, with the
 * backtrace of its caller.
 */
#ifndef UK_CRASH_H
#define UK_CRASH_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

/*
 * Prints "CRASH: [lib] " and the reason, the registers of the trapped
 * context and its backtrace, then stops with the platform's crash status.
 */
void _uk_crash_regs(const char *libname, const struct ukarch_regs *regs,
		    const char *fmt, ...) __noreturn __cold __printf(3, 4);

#define UK_CRASH_REGS(regs, fmt, ...) \
	_uk_crash_regs(UK_LIBNAME_STR, regs, fmt, ##__VA_ARGS__)

/*
 * The function holding `addr` in the image's symbol table (built into the
 * image with CONFIG_UKDEBUG_SYMBOLS): its name, and in *offset the
 * distance from its start. NULL when the address is outside the image's
 * code or the table is absent.
 */
const char *uk_symbol_lookup(uintptr_t addr, uintptr_t *offset);

/* The same for messages: "?" (and offset 0) when the name is unknown. */
static inline const char *uk_symbol_name(uintptr_t addr, uintptr_t *offset)
{
	const char *name = uk_symbol_lookup(addr, offset);

	if (!name)
		*offset = 0;
	return name ? name : "?";
}

/*
 * Prints "  0x<addr> name+0x<off>" lines: first `pc` (unless 0), then the
 * return addresses found by following the frame-pointer chain from `fp` (needs
 * CONFIG_UKDEBUG_BACKTRACE, which compiles everything with frame
 * pointers). `sp` is the stack pointer of the same context: the chain is
 * only followed while it stays on that stack and moves up it.
 */
void uk_backtrace_print(uintptr_t pc, uintptr_t fp, uintptr_t sp);

/* Architecture specific: prints the registers of a trapped context. */
void uk_regs_print(const struct ukarch_regs *regs);

#endif /* UK_CRASH_H */
