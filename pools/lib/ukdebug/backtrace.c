/* SPDX-License-Identifier: MIT */
/*
 * Backtraces by frame pointers. On x86_64 rbp and on arm64 x29 point to a
 * two-word record {caller's frame pointer, return address}; on arm32
 * (ARM state) r11 points to the second word of that record
 * (UKARCH_FRAME_RECORD). The entry code ends the chain with a zero frame
 * pointer. Nothing here may fault on
 * a corrupt stack more than it must: the chain is only followed upwards,
 * in steps of sane size, and a bounded number of times.
 */
#include <uk/crash.h>
#include <uk/print.h>

#include <uk/arch/regs.h>

#define MAX_FRAMES     32
#ifndef UKARCH_FRAME_RECORD
#define UKARCH_FRAME_RECORD 0   /* the record is at the frame pointer */
#endif
#define MAX_FRAME_SIZE (64 * 1024)
/* "0x" and every hex digit of an address. */
#define ADDR_WIDTH     ((int)(2 + 2 * sizeof(uintptr_t)))

static void print_frame(uintptr_t addr, uintptr_t lookup)
{
	uintptr_t off;
	const char *name = uk_symbol_lookup(lookup, &off);

	if (name)
		uk_printk("  %#0*lx %s+0x%lx\n", ADDR_WIDTH, (unsigned long)addr,
			  name, (unsigned long)(off + addr - lookup));
	else
		uk_printk("  %#0*lx\n", ADDR_WIDTH, (unsigned long)addr);
}

#if CONFIG_UKDEBUG_BACKTRACE
/* A frame record that may be read: aligned, at or above `low`, near it. */
static bool frame_ok(uintptr_t fp, uintptr_t low)
{
	return fp && !((fp - UKARCH_FRAME_RECORD) & (sizeof(uintptr_t) - 1)) &&
	       fp >= low && fp - low < MAX_FRAME_SIZE;
}
#endif

void uk_backtrace_print(uintptr_t pc, uintptr_t fp, uintptr_t sp)
{
	int n;

	uk_printk("Backtrace:\n");
	if (pc)
		print_frame(pc, pc);
#if CONFIG_UKDEBUG_BACKTRACE
	if (!frame_ok(fp, sp))
		return;
	for (n = 0; n < MAX_FRAMES; n++) {
		const uintptr_t *record =
			(const uintptr_t *)(fp - UKARCH_FRAME_RECORD);
		uintptr_t next = record[0], ret = record[1];

		if (!ret)
			return;
		/* A return address follows its call: name the call's
		 * function even when the call is its last instruction. */
		print_frame(ret, ret - 1);
		if (!frame_ok(next, fp + 1))
			return;
		fp = next;
	}
	uk_printk("  ...\n");
#else
	(void)fp;
	(void)sp;
	(void)n;
#endif
}
