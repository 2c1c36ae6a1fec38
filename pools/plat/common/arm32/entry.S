/* SPDX-License-Identifier: MIT */
/*
 * arm32 (ARMv7-A) entry of a guest booted the way Linux's 32-bit ARM
 * kernel is (Documentation/arch/arm/booting.rst): QEMU "virt" loads the
 * flat image at RAM base + 0x10000 (0x40010000, the link address,
 * native/ld/arm32-image.lds) and enters its first byte in SVC mode with
 * the MMU and caches off, IRQs and FIQs masked, r0 = 0, r1 = the machine
 * type (~0: a device tree machine) and r2 = the device tree's address.
 * The image starts with a zImage header, so boot loaders that want one
 * (U-Boot's bootz) take it too.
 *
 * Steps: stamp the generic timer, mask everything, give the abort,
 * undefined and FIQ modes the trap stack, set the stack, zero .bss,
 * enable VFP (the hard-float EABI: compiled code uses it), install the
 * exception vectors, call C with the device tree.
 */
#include <uk/arch/regs.h>

#define ZIMAGE_MAGIC 0x016f2818

#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define PSR_I    0x80
#define PSR_F    0x40

	.arm
	.section .text.image_header, "ax"
	.globl _ukplat_arm32_entry
_ukplat_arm32_entry:
	.rept 8
	mov r0, r0
	.endr
	b entry
	.word ZIMAGE_MAGIC          /* at 0x24: a zImage */
	.word __image_start         /* where it runs (not relocatable) */
	.word __edata               /* end of the loaded bytes */

	.section .text.boot, "ax"
entry:
	isb
	mrrc p15, 1, r4, r5, c14    /* first: the boot timestamp (CNTVCT) */
	mov r6, r2                  /* device tree */
	cpsid aif, #MODE_SVC

	/* Fatal exceptions run on the trap stack: the banked stack
	 * pointers of the abort, undefined and FIQ modes. */
	ldr r0, =plat_arm32_trap_stack_top
	cps #MODE_ABT
	mov sp, r0
	cps #MODE_UND
	mov sp, r0
	cps #MODE_FIQ
	mov sp, r0
	cps #MODE_SVC

	/* The platform's stack (.rodata is readable before .bss is clear). */
	ldr r0, =plat_arm64_boot_stack
	ldr r1, =plat_arm64_boot_stack_size
	ldr r1, [r1]
	add r0, r0, r1
	bic r0, r0, #7
	mov sp, r0

	/* .bss (holds the stack too, but nothing is on it yet) */
	ldr r0, =__bss_start
	ldr r1, =__bss_end
	mov r2, #0
	mov r3, #0
1:	cmp r0, r1
	strlo r2, [r0], #4
	blo 1b

	ldr r0, =plat_entry_ticks
	strd r4, r5, [r0]

	/* VFP: CP10 and CP11 open to PL1 (CPACR), then FPEXC.EN. */
	mrc p15, 0, r0, c1, c0, 2
	orr r0, r0, #(0xf << 20)
	mcr p15, 0, r0, c1, c0, 2
	isb
	mov r0, #(1 << 30)
	vmsr fpexc, r0

	/* Vectors at VBAR (SCTLR.V clear: not the high vectors). */
	mrc p15, 0, r0, c1, c0, 0
	bic r0, r0, #(1 << 13)
	mcr p15, 0, r0, c1, c0, 0
	ldr r0, =plat_arm32_vectors
	mcr p15, 0, r0, c12, c0, 0
	isb

	mov r0, r6
	mov fp, #0                  /* end of frame-record chains */
	mov lr, #0
	bl plat_arm64_boot          /* does not return */
2:	wfi
	b 2b

/*
 * Exception vectors (VBAR, 32-byte aligned): reset, undefined
 * instruction, SVC, prefetch abort, data abort, (unused), IRQ, FIQ. Every
 * one is fatal here but the IRQ with LIBUKINTCTLR, and SVC calls that a
 * platform recognises (plat_arm64_trap_check: kvm's semihosting call when
 * QEMU lacks -semihosting).
 *
 * A fatal exception builds a struct ukarch_regs (uk/arch/regs.h) on the
 * stack of the mode it entered: the trap stack for aborts, undefined
 * instructions and FIQs; the interrupted stack for SVC. lr is first
 * brought back to the instruction concerned (ARM state: the next one is
 * lr - 4, a data abort's lr - 8).
 */
.macro fatal_vector n, adjust
	sub lr, lr, #\adjust
	sub sp, sp, #UKARCH_REGS_SIZE
	stmia sp, {r0-r12}
	mov r1, #\n
	b fatal_common
.endm

	.section .text.vectors, "ax"
	.balign 32
	.globl plat_arm32_vectors
plat_arm32_vectors:
	b vec_reset
	b vec_undef
	b vec_svc
	b vec_pabt
	b vec_dabt
	b vec_unused
#if CONFIG_LIBUKINTCTLR
	b vec_irq
#else
	b vec_irq_fatal
#endif
	b vec_fiq

vec_reset:	fatal_vector 0, 0
vec_undef:	fatal_vector 1, 4
vec_svc:	fatal_vector 2, 4
vec_pabt:	fatal_vector 3, 4
vec_dabt:	fatal_vector 4, 8
vec_unused:	fatal_vector 5, 0
#if !CONFIG_LIBUKINTCTLR
vec_irq_fatal:	fatal_vector 6, 4
#endif
vec_fiq:	fatal_vector 7, 4

/* r1 = vector; r0-r12 saved, lr = the instruction concerned. */
fatal_common:
	str lr, [sp, #UKARCH_REGS_PC]
	mrs r2, spsr
	str r2, [sp, #UKARCH_REGS_CPSR]
	/* The interrupted mode's sp and lr are banked: read them in that
	 * mode (System mode for User mode's), everything masked. When it
	 * is this mode, sp was the frame's top and lr is lost. */
	mrs r3, cpsr
	and r4, r2, #0x1f
	and r5, r3, #0x1f
	cmp r4, r5
	addeq r6, sp, #UKARCH_REGS_SIZE
	moveq r7, #0
	beq 1f
	cmp r4, #0x10               /* User */
	moveq r4, #MODE_SYS
	bic r5, r3, #0x1f
	orr r5, r5, r4
	orr r5, r5, #(PSR_I | PSR_F)
	msr cpsr_c, r5
	mov r6, sp
	mov r7, lr
	msr cpsr_c, r3
1:	str r6, [sp, #UKARCH_REGS_SP]
	str r7, [sp, #UKARCH_REGS_LR]
	/* An abort's status and address. */
	mov r2, #0
	mov r3, #0
	cmp r1, #3
	mrceq p15, 0, r2, c5, c0, 1 /* IFSR */
	mrceq p15, 0, r3, c6, c0, 2 /* IFAR */
	cmp r1, #4
	mrceq p15, 0, r2, c5, c0, 0 /* DFSR */
	mrceq p15, 0, r3, c6, c0, 0 /* DFAR */
	str r2, [sp, #UKARCH_REGS_FSR]
	str r3, [sp, #UKARCH_REGS_FAR]
	mov r0, sp
	bic sp, sp, #7              /* the AAPCS's stack alignment */
	mov fp, #0
	bl plat_arm32_trap          /* (regs, vector): does not return */
2:	wfi
	b 2b

#if CONFIG_LIBUKINTCTLR
/*
 * An IRQ runs its handlers on the interrupted (SVC mode) stack: the
 * return address and SPSR are stored there (srsdb), then the frame, the
 * caller-saved VFP registers d0-d7 and the FPSCR (the handlers are
 * compiled code that may use them), and the stack is aligned for the
 * call. Back through the frame (a handler may have changed it) and rfe.
 */
vec_irq:
	sub lr, lr, #4
	srsdb sp!, #MODE_SVC
	cps #MODE_SVC
	sub sp, sp, #UKARCH_REGS_SIZE
	stmia sp, {r0-r12}
	add r0, sp, #(UKARCH_REGS_SIZE + 8)
	str r0, [sp, #UKARCH_REGS_SP]
	str lr, [sp, #UKARCH_REGS_LR]
	ldr r0, [sp, #UKARCH_REGS_SIZE]
	ldr r1, [sp, #(UKARCH_REGS_SIZE + 4)]
	str r0, [sp, #UKARCH_REGS_PC]
	str r1, [sp, #UKARCH_REGS_CPSR]
	mov r0, #0
	str r0, [sp, #UKARCH_REGS_FSR]
	str r0, [sp, #UKARCH_REGS_FAR]
	mov r4, sp                  /* the frame (callee-saved) */
	vpush {d0-d7}
	vmrs r1, fpscr
	mov r5, sp
	bic sp, sp, #7
	push {r1, r5}
	mov r0, r4
	bl plat_arm32_irq
	pop {r1, r5}
	mov sp, r5
	vmsr fpscr, r1
	vpop {d0-d7}
	/* pc and CPSR back into the words rfe reads, then the registers. */
	ldr r0, [r4, #UKARCH_REGS_PC]
	ldr r1, [r4, #UKARCH_REGS_CPSR]
	str r0, [r4, #UKARCH_REGS_SIZE]
	str r1, [r4, #(UKARCH_REGS_SIZE + 4)]
	ldr lr, [r4, #UKARCH_REGS_LR]
	ldmia r4, {r0-r12}
	add sp, sp, #UKARCH_REGS_SIZE
	rfeia sp!
#endif

/* The trap stack (the boot stack is the platform's, plat/arm64.h). */
	.section .bss.boot, "aw", %nobits
	.balign 8
plat_arm32_trap_stack:
	.skip 8192
plat_arm32_trap_stack_top:

	.section .note.GNU-stack, "", %progbits
