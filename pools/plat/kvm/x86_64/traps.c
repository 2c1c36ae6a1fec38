/* SPDX-License-Identifier: MIT */
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>
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

#define NR_EXCEPTIONS 32

static struct idt_gate idt[NR_EXCEPTIONS] __aligned(16);
extern const uint64_t kvm_x86_trap_stubs[NR_EXCEPTIONS];

struct kvm_x86_trap_frame {
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

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

void kvm_x86_traps_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed desc = { sizeof(idt) - 1, (uint64_t)idt };
	int i;

	for (i = 0; i < NR_EXCEPTIONS; i++) {
		uint64_t a = kvm_x86_trap_stubs[i];

		idt[i].offset_lo = a & 0xffff;
		idt[i].selector = KERNEL_CS;
		idt[i].type_attr = GATE_INTERRUPT_DPL0;
		idt[i].offset_mid = (a >> 16) & 0xffff;
		idt[i].offset_hi = a >> 32;
	}
	__asm__ __volatile__("lidt %0" :: "m"(desc));
}

void kvm_x86_trap(struct kvm_x86_trap_frame *f) __noreturn;
void kvm_x86_trap(struct kvm_x86_trap_frame *f)
{
	const char *name = f->vector < UK_ARRAY_SIZE(names)
			   ? names[f->vector] : "exception";

	if (f->vector == 14)
		UK_CRASH("%s (#%lu) at rip %#lx, error %#lx, address %#lx",
			 name, (unsigned long)f->vector,
			 (unsigned long)f->rip, (unsigned long)f->error,
			 x86_read_cr2());
	UK_CRASH("%s (#%lu) at rip %#lx, error %#lx, rsp %#lx", name,
		 (unsigned long)f->vector, (unsigned long)f->rip,
		 (unsigned long)f->error, (unsigned long)f->rsp);
}
