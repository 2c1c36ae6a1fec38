/* SPDX-License-Identifier: MIT */
/*
 * How a secondary CPU gets from its STARTUP message to C.
 *
 * plat_x86_trampoline .. plat_x86_trampoline_end is copied to
 * PLAT_X86_TRAMPOLINE (below 1 MiB) and entered there in real mode at
 * CS:IP = (PLAT_X86_TRAMPOLINE >> 4):0. It goes to protected mode with its
 * own GDT, to long mode with its own identity map of the first GiB (built
 * next to it by smp.c, so it works whatever the kernel's page tables map
 * down there) and the boot CPU's EFER, then jumps to plat_x86_ap_entry64
 * in the kernel's text. That switches to the boot CPU's CR4, CR3 (the
 * kernel's page tables: the image is mapped at its physical address in
 * both) and CR0, finds what to run by its APIC ID, and calls C.
 */
#include <plat/x86_64.h>

#define CR0_PE  (1 << 0)
#define CR0_MP  (1 << 1)
#define CR0_EM  (1 << 2)
#define CR0_TS  (1 << 3)
#define CR0_NE  (1 << 5)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR     (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER  0xC0000080

/* The same selectors as the kernel's GDT (entry.S), and 32-bit code. */
#define GDT_CODE64 0x08
#define GDT_DATA   0x10
#define GDT_CODE32 0x18

/* Where a trampoline symbol is once copied. */
#define T(sym) (PLAT_X86_TRAMPOLINE + (sym) - plat_x86_trampoline)

	.section .text.kvm_trampoline, "ax"
	.code16
	.globl plat_x86_trampoline
plat_x86_trampoline:
	cli
	cld
	lgdtl %cs:(gdt_desc - plat_x86_trampoline)
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmpl $GDT_CODE32, $T(protected)

	.code32
protected:
	mov $GDT_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	mov $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	mov $(PLAT_X86_TRAMPOLINE + 0x1000), %eax
	mov %eax, %cr3
	/* LME and whatever else the boot CPU has on (NXE for its tables). */
	mov $MSR_EFER, %ecx
	mov plat_x86_ap_efer, %eax
	xor %edx, %edx
	wrmsr
	mov %cr0, %eax
	and $~(CR0_EM | CR0_TS), %eax
	or $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
	mov %eax, %cr0
	ljmp $GDT_CODE64, $T(long_mode)

	.code64
long_mode:
	movabs $plat_x86_ap_entry64, %rax
	jmp *%rax

	.balign 8
gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF    /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00CF92000000FFFF    /* 0x10: data, DPL 0 */
	.quad 0x00CF9A000000FFFF    /* 0x18: 32-bit code, DPL 0 */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long T(gdt)
	.globl plat_x86_trampoline_end
plat_x86_trampoline_end:

	.text
	.code64
plat_x86_ap_entry64:
	mov plat_x86_ap_cr4, %rax
	mov %rax, %cr4
	mov plat_x86_ap_cr3, %rax
	mov %rax, %cr3
	mov plat_x86_ap_cr0, %rax
	mov %rax, %cr0

	/* This CPU's initial APIC ID, looked up in plat_x86_ap_cpus. */
	mov $1, %eax
	cpuid
	shr $24, %ebx
	mov $plat_x86_ap_cpus, %rsi
	mov $CONFIG_UKLCPU_MAXCOUNT, %ecx
1:	mov PLAT_X86_AP_CPU_BOOT(%rsi), %rdi
	test %rdi, %rdi
	jz 2f
	cmp (%rsi), %rbx
	je 3f
2:	add $PLAT_X86_AP_CPU_SIZE, %rsi
	loop 1b
	/* Nobody asked this CPU to start: park it. */
4:	cli
	hlt
	jmp 4b

3:	mov PLAT_X86_AP_BOOT_STACK(%rdi), %rsp
	xor %ebp, %ebp              /* end of frame-pointer chains */
	call plat_x86_ap_boot        /* (struct ukplat_lcpu_boot *): no return */
	jmp 4b

	.section .note.GNU-stack, "", @progbits
