/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry of a guest booted as a Linux arm64 Image (QEMU "virt" for
 * kvm, Xen for a domU, the Raspberry Pi firmware or QEMU raspi3b for rpi3:
 * all follow Linux's arm64 boot protocol, the Pi's without a device tree
 * under QEMU's -kernel alone).
 *
 * The image starts with the 64-byte Linux arm64 Image header, so the
 * loader treats it as a Linux kernel: it loads it at RAM base +
 * text_offset and enters at its first byte with x0 = device tree address,
 * MMU and caches off, interrupts masked, at EL1 (or, QEMU with
 * virtualization=on, EL2, which we leave for EL1). Xen copies only the
 * file and ignores image_size, so .bss must be cleared here in any case.
 *
 * Steps: stamp the generic timer, drop to EL1 if needed, set the stack,
 * zero .bss, with CONFIG_PAGING build the kernel's page table and turn
 * the MMU and the caches on, install the exception vectors, call C with
 * the DTB.
 */
#include <uk/arch/regs.h>
#include <uk/arch/paging.h>

#define ARM64_IMAGE_MAGIC 0x644d5241          /* "ARM\x64" */
#define IMAGE_FLAGS_4K_PAGES (1 << 1)

#define HCR_EL2_RW      (1 << 31)             /* EL1 is AArch64 */
#define SPSR_EL1H_MASKED 0x3c5                /* EL1h, D A I F masked */

#if CONFIG_PAGING
/* Tells the linker script to reserve the image's page tables. */
	.globl plat_arm64_boot_pagetables
	.set plat_arm64_boot_pagetables, 1
#endif

	.section .text.image_header, "ax"
	.globl _ukplat_arm64_entry
_ukplat_arm64_entry:
	b entry                     /* code0 */
	.long 0                     /* code1 */
	.quad __image_text_offset   /* text_offset: see arm64-image.lds */
	.quad __image_size          /* bytes to reserve, .bss included */
	.quad IMAGE_FLAGS_4K_PAGES  /* little endian, 4K pages */
	.quad 0, 0, 0               /* reserved */
	.long ARM64_IMAGE_MAGIC
	.long 0                     /* no PE/COFF header */

	.section .text.boot, "ax"
entry:
	mrs x19, cntvct_el0         /* first: the boot timestamp */
	mov x20, x0                 /* device tree */
#if CONFIG_UKPLAT_ARM64_PARK_SECONDARIES
	/*
	 * A boot loader that starts every core at the image (a Raspberry Pi
	 * without its armstub): all but core 0 wait here for good, before
	 * touching memory. Secondary CPUs are started elsewhere, if at all.
	 */
	mrs x1, mpidr_el1
	tst x1, #0xff
	b.eq 2f
1:	wfe
	b 1b
2:
#endif

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
#if CONFIG_PAGING
	mrs x21, cntvct_el0
	bl boot_map
	bl uk_paging_cpu_enable     /* x0: the root; no stack used */
	isb
	mrs x1, cntvct_el0
	sub x1, x1, x21
	ldr x2, =plat_arm64_paging_ticks
	str x1, [x2]
#endif
	ldr x1, =plat_entry_ticks
	str x19, [x1]

	/* Fatal exceptions switch to SP_EL0: their own stack. */
	ldr x1, =plat_arm64_trap_stack_top
	msr sp_el0, x1
	ldr x1, =plat_arm64_vectors
	msr vbar_el1, x1
	/*
	 * FP/SIMD accessible at EL1 (CPACR_EL1.FPEN = 0b11) when compiled
	 * code may use it (ARM64_FPSIMD, which musl selects), as SSE is on
	 * x86_64. Without it every library is built general-registers-only,
	 * and an FP instruction traps instead of going unnoticed.
	 */
#if CONFIG_ARM64_FPSIMD
	mov x1, #(3 << 20)
#else
	mov x1, #0
#endif
	msr cpacr_el1, x1
	isb

	mov x0, x20
	mov x29, #0                 /* end of frame-record chains */
	mov x30, #0
	bl plat_arm64_boot          /* does not return */
3:	wfi
	b 3b

#if CONFIG_PAGING
/*
 * The kernel's page table (see paging.c), in tables of .bss
 * (cleared already) and the image's page tables after it (see the linker
 * script):
 *   level 0 [0]         -> level 1
 *   level 1 [0]         -> the devices' GiB: 2 MiB device blocks, none
 *                          for the first 2 MiB (flash, page 0)
 *   level 1 [image GiB] -> RAM: 2 MiB blocks, writable, not executable,
 *                          but the pieces holding the image, which point
 *                          to its page tables
 * or, with CONFIG_UKPLAT_ARM64_DEVICES_START (RAM, image and devices in
 * the first GiB: rpi3), level 1 [0] -> RAM blocks below that address and
 * device blocks from it, level 1 [1] -> device blocks, page 0 unmapped.
 * Returns the root in x0; uses x1-x14.
 */
#define DEVICE_BLOCK (ARM64_DESC_BLOCK | ARM64_DESC_AF | ARM64_DESC_PXN | \
		      ARM64_DESC_UXN | ARM64_DESC_ATTRIDX(ARM64_ATTR_DEVICE))
#define RAM_ATTRS (ARM64_DESC_AF | ARM64_DESC_SH_INNER | ARM64_DESC_UXN | \
		   ARM64_DESC_ATTRIDX(ARM64_ATTR_NORMAL))
#define RAM_BLOCK (RAM_ATTRS | ARM64_DESC_BLOCK | ARM64_DESC_PXN)
#define PAGE_RW   (RAM_ATTRS | ARM64_DESC_PAGE | ARM64_DESC_PXN)
#define PAGE_RO   (PAGE_RW | ARM64_DESC_AP_RO)
#define PAGE_RX   (RAM_ATTRS | ARM64_DESC_PAGE | ARM64_DESC_AP_RO)

boot_map:
	ldr x0, =plat_arm64_boot_l0
	ldr x1, =plat_arm64_boot_l1
	orr x2, x1, #ARM64_DESC_TABLE
	str x2, [x0]

	ldr x4, =plat_arm64_boot_l2_dev
	orr x2, x4, #ARM64_DESC_TABLE
	ldr x5, =__image_start
	lsr x6, x5, #30
	lsl x7, x6, #30             /* x7: the image's GiB */
	ldr x3, =plat_arm64_boot_l2_ram
#if CONFIG_UKPLAT_ARM64_DEVICES_START
	/*
	 * A board with its RAM and its devices in the first GiB (rpi3),
	 * the image there too: level 1 [0] -> RAM blocks up to the devices,
	 * device blocks from there; level 1 [1] -> the second GiB as device
	 * blocks (the rpi3's local interrupt controller). One loop for both.
	 */
	str x2, [x1, #8]
	orr x2, x3, #ARM64_DESC_TABLE
	str x2, [x1]
	ldr x2, =(DEVICE_BLOCK | 0x40000000)
	ldr x6, =RAM_BLOCK
	ldr x8, =DEVICE_BLOCK
	ldr x9, =CONFIG_UKPLAT_ARM64_DEVICES_START
	mov x10, #0                 /* the block's address */
	mov x1, #512
1:	cmp x10, x9
	csel x11, x6, x8, lo
	orr x11, x11, x10
	str x11, [x3], #8
	str x2, [x4], #8
	add x2, x2, #0x200000
	add x10, x10, #0x200000
	subs x1, x1, #1
	b.ne 1b
#else
	str x2, [x1]
	orr x2, x3, #ARM64_DESC_TABLE
	str x2, [x1, x6, lsl #3]

	/* Both level 2 tables in one loop: device blocks from 2 MiB up,
	 * RAM blocks from the image's GiB up. */
	ldr x2, =DEVICE_BLOCK
	ldr x6, =RAM_BLOCK
	orr x6, x6, x7
	str x6, [x3], #8
	mov x1, #511
1:	add x2, x2, #0x200000
	add x6, x6, #0x200000
	str x2, [x4, #8]!
	str x6, [x3], #8
	subs x1, x1, #1
	b.ne 1b
#endif
	sub x3, x3, #4096

	/* The image's pieces in 4 KiB pages, from the start of the GiB;
	 * x9 is the address of the page, x2 its entry. Without branches in
	 * the loop: an emulator translating code translates it once. */
	ldr x1, =__pagetables
	ldr x8, =__pagetables_end
	ldr x10, =__rodata_start
	ldr x11, =__data_start
	ldr x12, =PAGE_RW
	ldr x13, =PAGE_RX
	ldr x14, =PAGE_RO
	mov x9, x7
3:	cmp x9, x11
	csel x2, x14, x12, lo       /* below the data: read-only ... */
	cmp x9, x10
	csel x2, x13, x2, lo        /* ... below the read-only data: text */
	cmp x9, x5
	csel x2, x12, x2, lo        /* below the image: RAM */
	orr x2, x2, x9
	str x2, [x1], #8
	add x9, x9, #4096
	cmp x1, x8
	b.lo 3b

	/* The entry of a page: ((address - GiB) >> 12) * 8. */
	ldr x1, =__pagetables
#if CONFIG_UKPLAT_ARM64_DEVICES_START
	/* RAM from 0: its page 0 stays unmapped, so NULL faults. */
	str xzr, [x1]
#endif
	ldr x2, =plat_arm64_boot_stack  /* its first page is the guard */
	sub x2, x2, x7
	lsr x2, x2, #12
	str xzr, [x1, x2, lsl #3]
	ldr x2, =plat_arm64_trap_stack_guard
	sub x2, x2, x7
	lsr x2, x2, #12
	str xzr, [x1, x2, lsl #3]

	/* The RAM entries of those pieces -> their tables. */
	mov x4, #0
5:	orr x2, x1, #ARM64_DESC_TABLE
	str x2, [x3, x4, lsl #3]
	add x1, x1, #4096
	add x4, x4, #1
	cmp x1, x8
	b.lo 5b

	/* With the MMU off the stores above and the clearing of .bss went
	 * to memory. Drop any older cache line over them (the tables, the
	 * stacks), which the caches would otherwise serve instead. */
	ldr x1, =__bss_start
	mrs x3, ctr_el0
	ubfx x3, x3, #16, #4        /* DminLine: log2 of the line in words */
	mov x4, #4
	lsl x4, x4, x3
	sub x5, x4, #1
	bic x1, x1, x5
6:	dc ivac, x1
	add x1, x1, x4
	cmp x1, x8
	b.lo 6b
	dsb sy
	ret
#endif

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
 *
 * With FP/SIMD on, the IRQ path also saves q0-q31, FPCR and FPSR below
 * the frame: the handlers are compiled code that may use any of them
 * (GCC vectorises copies and loops), and the interrupted code may hold
 * live values in every one. The fatal path does not return, so it saves
 * none.
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

#if CONFIG_ARM64_FPSIMD
/* FPCR and FPSR, then q0-q31 (16 bytes each): a multiple of 16 bytes. */
#define FPSIMD_CTRL 0
#define FPSIMD_SIZE 528

/* \op (stp or ldp) of q0-q31 at sp. */
.macro fpsimd_q op
	\op q0, q1, [sp, #16]
	\op q2, q3, [sp, #48]
	\op q4, q5, [sp, #80]
	\op q6, q7, [sp, #112]
	\op q8, q9, [sp, #144]
	\op q10, q11, [sp, #176]
	\op q12, q13, [sp, #208]
	\op q14, q15, [sp, #240]
	\op q16, q17, [sp, #272]
	\op q18, q19, [sp, #304]
	\op q20, q21, [sp, #336]
	\op q22, q23, [sp, #368]
	\op q24, q25, [sp, #400]
	\op q26, q27, [sp, #432]
	\op q28, q29, [sp, #464]
	\op q30, q31, [sp, #496]
.endm
#endif

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
	bl plat_arm64_trap          /* (regs, slot): does not return */
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
#if CONFIG_ARM64_FPSIMD
	sub sp, sp, #FPSIMD_SIZE
	fpsimd_q stp
	mrs x2, fpcr
	mrs x3, fpsr
	stp x2, x3, [sp, #FPSIMD_CTRL]
#endif
	bl plat_arm64_irq
#if CONFIG_ARM64_FPSIMD
	ldp x2, x3, [sp, #FPSIMD_CTRL]
	msr fpcr, x2
	msr fpsr, x3
	fpsimd_q ldp
	add sp, sp, #FPSIMD_SIZE
#endif
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

/*
 * The page tables, then the trap stack (the boot stack is the platform's,
 * plat/arm64.h); with CONFIG_PAGING each stack is above a guard page the
 * page table leaves unmapped (paging.c): an overflow faults there instead
 * of running into what lies below.
 */
	.section .bss.boot, "aw", %nobits
#if CONFIG_PAGING
	.balign 4096
plat_arm64_boot_l0:
	.skip 4096
plat_arm64_boot_l1:
	.skip 4096
plat_arm64_boot_l2_dev:
	.skip 4096
plat_arm64_boot_l2_ram:
	.skip 4096
	.globl plat_arm64_paging_ticks
plat_arm64_paging_ticks:        /* generic timer ticks spent on the map */
	.skip 8
	.balign 4096
	.globl plat_arm64_trap_stack_guard
plat_arm64_trap_stack_guard:
	.skip 4096
#endif
	.balign 16
plat_arm64_trap_stack:
	.skip 8192
plat_arm64_trap_stack_top:

	.section .note.GNU-stack, "", %progbits
