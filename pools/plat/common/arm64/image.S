/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry of a guest booted as a Linux arm64 Image (QEMU "virt" for
 * kvm, Xen for a domU: both follow Linux's arm64 boot protocol).
 *
 * The image starts with the 64-byte Linux arm64 Image header, so the
 * loader treats it as a Linux kernel: it loads it at RAM base +
 * text_offset and enters at its first byte with x0 = device tree address,
 * MMU and caches off, interrupts masked, at EL1 (or, QEMU with
 * virtualization=on, EL2, which we leave for EL1). Xen copies only the
 * file and ignores image_size, so .bss must be cleared here in any case.
 *
 * Steps: stamp the generic timer, drop to EL1 if needed, set the stack,
 * zero .bss, install the exception vectors, call C with the DTB.
 */
#include <uk/arch/regs.h>

#define ARM64_IMAGE_MAGIC 0x644d5241          /* "ARM\x64" */
#define IMAGE_FLAGS_4K_PAGES (1 << 1)

#define HCR_EL2_RW      (1 << 31)             /* EL1 is AArch64 */
#define SPSR_EL1H_MASKED 0x3c5                /* EL1h, D A I F masked */

	.section .text.image_header, "ax"
	.globl _ukplat_arm64_entry
_ukplat_arm64_entry:
	b entry                     /* code0 */
	.long 0                     /* code1 */
	.quad 0x1000                /* text_offset: see arm64-image.lds */
	.quad __image_size          /* bytes to reserve, .bss included */
	.quad IMAGE_FLAGS_4K_PAGES  /* little endian, 4K pages */
	.quad 0, 0, 0               /* reserved */
	.long ARM64_IMAGE_MAGIC
	.long 0                     /* no PE/COFF header */

	.section .text.boot, "ax"
entry:
	mrs x19, cntvct_el0         /* first: the boot timestamp */
	mov x20, x0                 /* device tree */

	mrs x1, CurrentEL
	lsr x1, x1, #2
	cmp x1, #2
	b.ne at_el1
	/* EL2: run EL1 in AArch64 with the timers accessible, then eret. */
	mov x1, #HCR_EL2_RW
	msr hcr_el2, x1
	mov x1, #3
	msr cnthctl_el2, x1
	msr cntvoff_el2, xzr
	mov x1, #SPSR_EL1H_MASKED
	msr spsr_el2, x1
	adr x1, at_el1
	msr elr_el2, x1
	eret

at_el1:
	/* The platform's stack (.rodata is readable before .bss is clear). */
	ldr x1, =plat_arm64_boot_stack
	ldr x2, =plat_arm64_boot_stack_size
	ldr x2, [x2]
	add x1, x1, x2
	and x1, x1, #~15
	mov sp, x1

	/* .bss (holds the stack too, but nothing is on it yet) */
	ldr x1, =__bss_start
	ldr x2, =__bss_end
1:	cmp x1, x2
	b.hs 2f
	str xzr, [x1], #8
	b 1b
2:
	ldr x1, =plat_entry_ticks
	str x19, [x1]

	/* Fatal exceptions switch to SP_EL0: their own stack. */
	ldr x1, =plat_arm64_trap_stack_top
	msr sp_el0, x1
	ldr x1, =plat_arm64_vectors
	msr vbar_el1, x1
	isb

	mov x0, x20
	mov x29, #0                 /* end of frame-record chains */
	mov x30, #0
	bl plat_arm64_boot           /* does not return */
3:	wfi
	b 3b

/*
 * Exception vectors: 16 slots of 0x80 bytes, table aligned to 2 KiB.
 * Slots 0-3 come from EL1 running on SP_EL0 (only the fatal path below
 * does), 4-7 from EL1 on SP_EL1 (sync, IRQ, FIQ, SError), 8-15 from lower
 * ELs, which a unikernel does not have.
 *
 * Every handler gets a struct ukarch_regs (uk/arch/regs.h). An IRQ saves
 * it on the interrupted stack and returns with eret; everything else is
 * fatal and first moves to the trap stack (SPSel 0), so that a fault
 * caused by a broken stack is reported too.
 */
.macro fatal_vector slot
	.balign 128
	msr spsel, #0
	sub sp, sp, #UKARCH_REGS_SIZE
	stp x0, x1, [sp, #0]
	mov x1, #\slot
	b fatal_common
.endm

.macro irq_vector
	.balign 128
	sub sp, sp, #UKARCH_REGS_SIZE
	stp x0, x1, [sp, #0]
	b irq_common
.endm

/* x0 and x1 are saved already. */
.macro save_x2_x30
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x19, [sp, #144]
	stp x20, x21, [sp, #160]
	stp x22, x23, [sp, #176]
	stp x24, x25, [sp, #192]
	stp x26, x27, [sp, #208]
	stp x28, x29, [sp, #224]
	str x30, [sp, #240]
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.globl plat_arm64_vectors
plat_arm64_vectors:
.irp s, 0,1,2,3,4
	fatal_vector \s
.endr
#if CONFIG_LIBUKINTCTLR
	irq_vector
#else
	fatal_vector 5
#endif
.irp s, 6,7,8,9,10,11,12,13,14,15
	fatal_vector \s
.endr

/* x1 = slot. */
fatal_common:
	save_x2_x30
	/* The interrupted stack pointer: SP_EL1, or for slots 0-3 SP_EL0
	 * as it was before this frame. */
	add x2, sp, #UKARCH_REGS_SIZE
	cmp x1, #4
	b.lo 1f
	msr spsel, #1
	mov x2, sp
	msr spsel, #0
1:	str x2, [sp, #UKARCH_REGS_SP]
	mrs x2, elr_el1
	mrs x3, spsr_el1
	stp x2, x3, [sp, #UKARCH_REGS_PC]
	mrs x2, esr_el1
	mrs x3, far_el1
	stp x2, x3, [sp, #UKARCH_REGS_ESR]
	mov x0, sp
	mov x29, #0
	bl plat_arm64_trap           /* (regs, slot): does not return */
2:	wfi
	b 2b

#if CONFIG_LIBUKINTCTLR
irq_common:
	save_x2_x30
	add x0, sp, #UKARCH_REGS_SIZE
	str x0, [sp, #UKARCH_REGS_SP]
	mrs x0, elr_el1
	mrs x1, spsr_el1
	stp x0, x1, [sp, #UKARCH_REGS_PC]
	stp xzr, xzr, [sp, #UKARCH_REGS_ESR]
	mov x0, sp
	bl plat_arm64_irq
	/* Back to the interrupted context, from the frame (a handler may
	 * have changed it). */
	ldp x0, x1, [sp, #UKARCH_REGS_PC]
	msr elr_el1, x0
	msr spsr_el1, x1
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x16, x17, [sp, #128]
	ldp x18, x19, [sp, #144]
	ldp x20, x21, [sp, #160]
	ldp x22, x23, [sp, #176]
	ldp x24, x25, [sp, #192]
	ldp x26, x27, [sp, #208]
	ldp x28, x29, [sp, #224]
	ldr x30, [sp, #240]
	ldp x0, x1, [sp, #0]
	add sp, sp, #UKARCH_REGS_SIZE
	eret
#endif

	.section .bss.boot, "aw", %nobits
	.align 4
plat_arm64_trap_stack:
	.skip 8192
plat_arm64_trap_stack_top:

	.section .note.GNU-stack, "", %progbits
