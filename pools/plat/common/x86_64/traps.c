/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table: CPU exceptions end in a crash report;
 * with CONFIG_LIBUKINTCTLR, vectors 32-63 carry interrupt requests 0-31 to
 * the interrupt-controller API.
 *
 * With CONFIG_PAGING exceptions switch to a stack of their own (the
 * interrupt stack table of the TSS): a fault caused by the stack itself,
 * an overflow into its guard page above all, could not push its frame on
 * that stack and would end in a triple fault, a reset without a word.
 * Interrupts stay on the interrupted stack. (Without paging nothing
 * catches an overflow, and the switch is left out of the boot.)
 */
#include <uk/essentials.h>
#include <uk/crash.h>
#include <uk/arch/lcpu.h>
#if CONFIG_LIBUKINTCTLR
#include <uk/intctlr.h>
#include <uk/preempt.h>
#endif
#if CONFIG_LIBUKPAGING
#include <uk/paging.h>
#endif
#include <plat/fault.h>
#include <plat/x86_64.h>

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
extern const char plat_x86_stubs[];

#if CONFIG_PAGING
/* The 64-bit TSS (SDM vol. 3, 8.7): only its stack table is used. */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

/*
 * One TSS per CPU: each CPU's exceptions switch to its own stack (two
 * CPUs faulting at once on one stack would overwrite each other's
 * frames), and LTR marks a TSS descriptor busy, so no two CPUs can load
 * the same one. The boot CPU has slot 0.
 */
#if CONFIG_UKLCPU_SMP
#define NR_TSS CONFIG_UKLCPU_MAXCOUNT
#else
#define NR_TSS 1
#endif
static struct tss64 tss[NR_TSS] __aligned(16);
extern char plat_x86_trap_stack_top[];   /* entry.S */
#define IST_TRAPS 1

/*
 * The boot GDT's code and data descriptors (entry.S), at the same
 * selectors, then a TSS descriptor (16 bytes) per CPU. Writable: LTR
 * marks a TSS descriptor busy.
 */
#define TSS_SELECTOR(slot) (0x18 + 16 * (slot))
static uint64_t gdt[3 + 2 * NR_TSS] __aligned(16) = {
	0,
	0x00AF9B000000FFFF,     /* 0x08: 64-bit code, DPL 0 */
	0x00CF93000000FFFF,     /* 0x10: data, DPL 0 */
	/* 0x18 on: the TSSs, filled in by tss_load() */
};
#define TSS_TYPE_AVAILABLE_PRESENT 0x89UL

/* The calling CPU takes TSS `slot`, whose exceptions run on trap_stack. */
static void tss_load(unsigned int slot, uintptr_t trap_stack_top)
{
	struct tss64 *t = &tss[slot];
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

	t->ist[IST_TRAPS - 1] = trap_stack_top;
	t->iomap_base = sizeof(*t);             /* no I/O bitmap */
	gdt[3 + 2 * slot] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			    TSS_TYPE_AVAILABLE_PRESENT << 40 |
			    ((limit >> 16) & 0xf) << 48 |
			    ((base >> 24) & 0xff) << 56;
	gdt[4 + 2 * slot] = base >> 32;
	__asm__ __volatile__("ltr %w0" :: "r"(TSS_SELECTOR(slot)) : "memory");
}

static void tss_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed desc = { sizeof(gdt) - 1, (uint64_t)gdt };

	/* The segment registers keep their selectors: same descriptors. */
	__asm__ __volatile__("lgdt %0" :: "m"(desc) : "memory");
	tss_load(0, (uintptr_t)plat_x86_trap_stack_top);
}

#if CONFIG_UKLCPU_SMP
void plat_x86_traps_cpu_init(unsigned int slot, uintptr_t trap_stack_top)
{
	/* uklcpu starts at most UKLCPU_MAXCOUNT - 1 other CPUs */
	if (slot < NR_TSS)
		tss_load(slot, trap_stack_top);
}
#endif
#else
#define IST_TRAPS 0
static void tss_init(void)
{
}

#if CONFIG_UKLCPU_SMP
void plat_x86_traps_cpu_init(unsigned int slot, uintptr_t trap_stack_top)
{
}
#endif
#endif

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

/* Page-fault error code bits. */
#define PF_PRESENT 0x01
#define PF_WRITE   0x02
#define PF_RSVD    0x08
#define PF_FETCH   0x10

static const char *page_fault_cause(unsigned long error)
{
	if (error & PF_RSVD)
		return "reserved bit set in a page-table entry";
	if (error & PF_FETCH)
		return error & PF_PRESENT
		       ? "instruction fetch from a non-executable page"
		       : "instruction fetch from an unmapped address";
	if (error & PF_WRITE)
		return error & PF_PRESENT ? "write to a read-only page"
					  : "write to an unmapped address";
	return "read of an unmapped address";
}

/* The interrupted stack pointer can be read without a second fault. */
static bool stack_readable(uint64_t sp)
{
	if (sp & 7)
		return false;
#if CONFIG_LIBUKPAGING
	return uk_paging_query(sp, NULL, NULL) == 0;
#else
	return sp < (4UL << 30);   /* the boot code's map */
#endif
}

/* After a call into memory that cannot run, the return address is on
 * top of the stack. */
static const char *fetch_caller(const struct ukarch_regs *r,
				unsigned long error)
{
	if (!(error & PF_FETCH) || !stack_readable(r->rsp))
		return "";
	return plat_fault_caller(*(const uint64_t *)r->rsp);
}

void plat_x86_traps_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed desc = { sizeof(idt) - 1, (uint64_t)idt };
	int i;

	tss_init();
	for (i = 0; i < NR_VECTORS; i++) {
		uint64_t a = (uint64_t)plat_x86_stubs + i * STUB_SIZE;

		idt[i].offset_lo = a & 0xffff;
		idt[i].selector = KERNEL_CS;
		idt[i].ist = i < NR_EXCEPTIONS ? IST_TRAPS : 0;
		idt[i].type_attr = GATE_INTERRUPT_DPL0;
		idt[i].offset_mid = (a >> 16) & 0xffff;
		idt[i].offset_hi = a >> 32;
	}
	__asm__ __volatile__("lidt %0" :: "m"(desc));
}

void plat_x86_trap(struct ukarch_regs *r) __noreturn;
void plat_x86_trap(struct ukarch_regs *r)
{
	const char *name = r->vector < UK_ARRAY_SIZE(names)
			   ? names[r->vector] : "exception";
	uintptr_t off;
	const char *fn = uk_symbol_name(r->rip, &off);

	if (r->vector == VECTOR_PAGE_FAULT) {
		unsigned long addr = x86_read_cr2();

		PLAT_CRASH_REGS(r, "%s (#%lu) at %#lx (%s+0x%lx), error %#lx, "
			      "address %#lx: %s%s%s", name, r->vector, r->rip,
			      fn, off, r->error, addr,
			      page_fault_cause(r->error), plat_fault_hint(addr),
			      fetch_caller(r, r->error));
	}
	PLAT_CRASH_REGS(r, "%s (#%lu) at %#lx (%s+0x%lx), error %#lx", name,
		      r->vector, r->rip, fn, off, r->error);
}

#if CONFIG_LIBUKINTCTLR
void plat_x86_irq(struct ukarch_regs *r);
void plat_x86_irq(struct ukarch_regs *r)
{
	uk_intctlr_irq_handle(r, r->vector - UK_INTCTLR_X86_VECTOR_BASE);
	uk_preempt_point();
}
#endif
