/* SPDX-License-Identifier: MIT */
/*
 * Entry from QEMU's Malta boot loader (the YAMON convention Linux gets):
 * kernel mode, KSEG0, a0 = argc, a1 = argv (argv[1] is the command line),
 * a2 = envp, a3 = the size of the low RAM. The first instruction stamps
 * the cycle counter; then the CPU state the image wants (kernel mode,
 * interrupts off, the FPU on, exceptions to our own vectors rather than
 * the boot ROM's), the boot stack, a zeroed .bss, and C.
 *
 * Exceptions: one page of vectors (EBase): TLB refill at +0x000 (a
 * kuseg access, such as a NULL pointer, has no TLB entry) and every
 * other exception at +0x180. Both save the registers as a struct
 * ukarch_regs on the stack and call malta_trap(), which reports the
 * crash: the image enables no interrupt yet.
 */
#include <uk/arch/regs.h>

#define C0_BADVADDR $8
#define C0_COUNT    $9
#define C0_STATUS   $12
#define C0_CAUSE    $13
#define C0_EPC      $14
#define C0_EBASE    $15, 1

#define ST_IE   0x00000001
#define ST_EXL  0x00000002
#define ST_ERL  0x00000004
#define ST_KSU  0x00000018
#define ST_IM   0x0000ff00
#define ST_BEV  0x00400000
#define ST_FR   0x04000000
#define ST_CU1  0x20000000

/* o32: the caller's 16 bytes of argument space, then the frame. */
#define TRAP_FRAME (16 + UKARCH_REGS_SIZE)

	.set noreorder
	.set noat

	.section .text.boot, "ax"
	.globl _malta_start
	.type _malta_start, @function
_malta_start:
	mfc0	$8, C0_COUNT                 /* t0: the entry stamp */
	move	$16, $4                      /* s0-s3: the loader's a0-a3 */
	move	$17, $5
	move	$18, $6
	move	$19, $7

	/* Our vectors first, then leave the boot ROM's (BEV). */
	la	$9, plat_mips_vectors
	mtc0	$9, C0_EBASE
	ehb
	mfc0	$9, C0_STATUS
	li	$10, ~(ST_IE | ST_EXL | ST_ERL | ST_KSU | ST_IM | ST_BEV | ST_FR)
	and	$9, $9, $10
	li	$10, ST_CU1
	or	$9, $9, $10
	mtc0	$9, C0_STATUS
	ehb

	la	$29, malta_boot_stack
	lw	$9, malta_boot_stack_size
	addu	$29, $29, $9
	move	$30, $0                      /* no caller frame */

	la	$9, __bss_start
	la	$10, __bss_end
1:	beq	$9, $10, 2f
	nop
	sw	$0, 0($9)
	b	1b
	addiu	$9, $9, 4
2:
	/* plat_entry_ticks (64 bits, big-endian): high word 0. */
	la	$9, plat_entry_ticks
	sw	$0, 0($9)
	sw	$8, 4($9)

	move	$4, $16
	move	$5, $17
	move	$6, $18
	move	$7, $19
	addiu	$29, $29, -16
	jal	malta_setup
	nop
3:	wait
	b	3b
	nop
	.size _malta_start, . - _malta_start

	.section .text.vectors, "ax"
	.balign 4096
	.globl plat_mips_vectors
plat_mips_vectors:
	/* TLB refill (EXL was 0) */
	j	trap_entry
	nop
	.org plat_mips_vectors + 0x180
	/* general exception */
	j	trap_entry
	nop

trap_entry:
	move	$26, $29                     /* k0: the trapped stack */
	addiu	$29, $29, -TRAP_FRAME
	sw	$0, 16 + UKARCH_REGS_R(0)($29)
	sw	$1, 16 + UKARCH_REGS_R(1)($29)
	sw	$2, 16 + UKARCH_REGS_R(2)($29)
	sw	$3, 16 + UKARCH_REGS_R(3)($29)
	sw	$4, 16 + UKARCH_REGS_R(4)($29)
	sw	$5, 16 + UKARCH_REGS_R(5)($29)
	sw	$6, 16 + UKARCH_REGS_R(6)($29)
	sw	$7, 16 + UKARCH_REGS_R(7)($29)
	sw	$8, 16 + UKARCH_REGS_R(8)($29)
	sw	$9, 16 + UKARCH_REGS_R(9)($29)
	sw	$10, 16 + UKARCH_REGS_R(10)($29)
	sw	$11, 16 + UKARCH_REGS_R(11)($29)
	sw	$12, 16 + UKARCH_REGS_R(12)($29)
	sw	$13, 16 + UKARCH_REGS_R(13)($29)
	sw	$14, 16 + UKARCH_REGS_R(14)($29)
	sw	$15, 16 + UKARCH_REGS_R(15)($29)
	sw	$16, 16 + UKARCH_REGS_R(16)($29)
	sw	$17, 16 + UKARCH_REGS_R(17)($29)
	sw	$18, 16 + UKARCH_REGS_R(18)($29)
	sw	$19, 16 + UKARCH_REGS_R(19)($29)
	sw	$20, 16 + UKARCH_REGS_R(20)($29)
	sw	$21, 16 + UKARCH_REGS_R(21)($29)
	sw	$22, 16 + UKARCH_REGS_R(22)($29)
	sw	$23, 16 + UKARCH_REGS_R(23)($29)
	sw	$24, 16 + UKARCH_REGS_R(24)($29)
	sw	$25, 16 + UKARCH_REGS_R(25)($29)
	sw	$0, 16 + UKARCH_REGS_R(26)($29)  /* k0, k1: the handler's */
	sw	$0, 16 + UKARCH_REGS_R(27)($29)
	sw	$28, 16 + UKARCH_REGS_R(28)($29)
	sw	$26, 16 + UKARCH_REGS_R(29)($29)
	sw	$30, 16 + UKARCH_REGS_R(30)($29)
	sw	$31, 16 + UKARCH_REGS_R(31)($29)
	mfhi	$27
	sw	$27, 16 + UKARCH_REGS_HI($29)
	mflo	$27
	sw	$27, 16 + UKARCH_REGS_LO($29)
	mfc0	$27, C0_EPC
	sw	$27, 16 + UKARCH_REGS_EPC($29)
	mfc0	$27, C0_STATUS
	sw	$27, 16 + UKARCH_REGS_STATUS($29)
	mfc0	$27, C0_CAUSE
	sw	$27, 16 + UKARCH_REGS_CAUSE($29)
	mfc0	$27, C0_BADVADDR
	sw	$27, 16 + UKARCH_REGS_BADVADDR($29)
	move	$30, $0
	jal	malta_trap
	addiu	$4, $29, 16                  /* (delay slot) a0: the frame */
4:	wait
	b	4b
	nop
