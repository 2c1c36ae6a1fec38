/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry for QEMU "virt" (Linux arm64 boot protocol).
 *
 * The image starts with the 64-byte Linux arm64 Image header, so QEMU
 * treats it as a Linux kernel: it loads it at RAM base + text_offset and
 * enters at its first byte with x0 = device tree address, MMU and caches
 * off, interrupts masked, at EL1 (or EL2 with virtualization=on, which we
 * leave for EL1).
 *
 * Steps: stamp the generic timer, drop to EL1 if needed, set the stack,
 * zero .bss, install the exception vectors, call C with the DTB.
 */
#define ARM64_IMAGE_MAGIC 0x644d5241          /* "ARM\x64" */
#define IMAGE_FLAGS_4K_PAGES (1 << 1)

#define HCR_EL2_RW      (1 << 31)             /* EL1 is AArch64 */
#define SPSR_EL1H_MASKED 0x3c5                /* EL1h, D A I F masked */

	.section .text.image_header, "ax"
	.globl _kvm_arm64_entry
_kvm_arm64_entry:
	b entry                     /* code0 */
	.long 0                     /* code1 */
	.quad 0x1000                /* text_offset: see arm64-kvm.lds */
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
	ldr x1, =kvm_arm64_boot_stack_top
	mov sp, x1

	/* .bss (holds the stack too, but nothing is on it yet) */
	ldr x1, =__bss_start
	ldr x2, =__bss_end
1:	cmp x1, x2
	b.hs 2f
	str xzr, [x1], #8
	b 1b
2:
	ldr x1, =kvm_arm64_entry_ticks
	str x19, [x1]

	ldr x1, =kvm_arm64_vectors
	msr vbar_el1, x1
	/*
	 * FP/SIMD accessible at EL1 (CPACR_EL1.FPEN = 0b11), as SSE is on
	 * x86_64: our libraries are built without FP registers, but a libc
	 * built from its own sources (musl) uses them.
	 */
	mov x1, #(3 << 20)
	msr cpacr_el1, x1
	isb

	mov x0, x20
	bl kvm_arm64_boot           /* does not return */
3:	wfi
	b 3b

/*
 * Exception vectors: 16 slots of 0x80 bytes, table aligned to 2 KiB.
 * Every exception is fatal for now; the slot number tells which kind.
 */
.macro vector slot
	.align 7
	mov x0, #\slot
	b kvm_arm64_trap_entry
.endm

	.section .text.vectors, "ax"
	.align 11
	.globl kvm_arm64_vectors
kvm_arm64_vectors:
.irp s, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector \s
.endr

kvm_arm64_trap_entry:
	/* Fresh stack: the fault may come from a broken one. */
	ldr x1, =kvm_arm64_trap_stack_top
	mov sp, x1
	bl kvm_arm64_trap           /* does not return */
4:	wfi
	b 4b

	.section .bss.boot, "aw", %nobits
	.align 4
kvm_arm64_boot_stack:
	.skip CONFIG_KVM_STACK_SIZE
kvm_arm64_boot_stack_top:
	.align 4
kvm_arm64_trap_stack:
	.skip 4096
kvm_arm64_trap_stack_top:

	.section .note.GNU-stack, "", %progbits
