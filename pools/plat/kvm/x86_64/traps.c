/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table: CPU exceptions end in a crash report;
 * with CONFIG_LIBUKINTCTLR, vectors 32-63 carry interrupt requests 0-31 to
 * the interrupt-controller API.
 */
#include <uk/essentials.h>
#include <uk/crash.h>
#include <uk/arch/lcpu.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#include <uk/preempt.h>
#endif
#include "x86.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

#define GATE_INTERRUPT_DPL0 0x8E  /* present, 64-bit interrupt gate */
#define KERNEL_CS 0x08
#define STUB_SIZE 16              /* traps.S */

#define NR_EXCEPTIONS 32
#if CONFIG_LIBUKINTCTLR
#define NR_VECTORS (UK_INTCTLR_X86_VECTOR_BASE + UK_INTCTLR_MAX_IRQS)
/* traps.S has one stub per vector up to 63. */
UK_CTASSERT(UK_INTCTLR_X86_VECTOR_BASE == NR_EXCEPTIONS &&
	    UK_INTCTLR_MAX_IRQS == 32);
#else
#define NR_VECTORS NR_EXCEPTIONS
#endif

static struct idt_gate idt[NR_VECTORS] __aligned(16);
extern const char kvm_x86_stubs[];

static const char *const names[] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception",
	"control protection",
};

#define VECTOR_PAGE_FAULT 14

void kvm_x86_traps_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed desc = { sizeof(idt) - 1, (uint64_t)idt };
	int i;

	for (i = 0; i < NR_VECTORS; i++) {
		uint64_t a = (uint64_t)kvm_x86_stubs + i * STUB_SIZE;

		idt[i].offset_lo = a & 0xffff;
		idt[i].selector = KERNEL_CS;
		idt[i].type_attr = GATE_INTERRUPT_DPL0;
		idt[i].offset_mid = (a >> 16) & 0xffff;
		idt[i].offset_hi = a >> 32;
	}
	__asm__ __volatile__("lidt %0" :: "m"(desc));
}

void kvm_x86_trap(struct ukarch_regs *r) __noreturn;
void kvm_x86_trap(struct ukarch_regs *r)
{
	const char *name = r->vector < UK_ARRAY_SIZE(names)
			   ? names[r->vector] : "exception";
	uintptr_t off;
	const char *fn = uk_symbol_name(r->rip, &off);

	if (r->vector == VECTOR_PAGE_FAULT)
		UK_CRASH_REGS(r, "%s (#%lu) at %#lx (%s+0x%lx), error %#lx, "
			      "address %#lx", name, r->vector, r->rip, fn, off,
			      r->error, x86_read_cr2());
	UK_CRASH_REGS(r, "%s (#%lu) at %#lx (%s+0x%lx), error %#lx", name,
		      r->vector, r->rip, fn, off, r->error);
}

#if CONFIG_LIBUKINTCTLR
void kvm_x86_irq(struct ukarch_regs *r);
void kvm_x86_irq(struct ukarch_regs *r)
{
	uk_intctlr_irq_handle(r, r->vector - UK_INTCTLR_X86_VECTOR_BASE);
	uk_preempt_point();
}
#endif
