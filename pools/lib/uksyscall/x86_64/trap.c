/* SPDX-License-Identifier: MIT */
/*
 * Turns on the `syscall` instruction for programs that were built for
 * Linux (an ELF loader's): EFER.SCE, the entry address (LSTAR), the code
 * selector it loads (STAR: the image's own ring-0 code and data, 0x08 and
 * 0x10 in the boot GDT) and the flags it clears (FMASK).
 */
#include <uk/init.h>
#include <uk/arch/lcpu.h>

#define MSR_EFER   0xc0000080
#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_FMASK  0xc0000084
#define EFER_SCE   (1UL << 0)

#define KERNEL_CS  0x08UL     /* SS is KERNEL_CS + 8 */

/* Cleared on entry: TF, IF, DF, AC (the handler is C code, which wants
 * DF clear; no interrupt lands on the program's red zone meanwhile). */
#define FMASK_BITS ((1UL << 8) | (1UL << 9) | (1UL << 10) | (1UL << 18))

void uk_syscall_trap_entry(void);

static int trap_init(void)
{
	x86_wrmsr(MSR_STAR, KERNEL_CS << 32);
	x86_wrmsr(MSR_LSTAR, (uint64_t)uk_syscall_trap_entry);
	x86_wrmsr(MSR_FMASK, FMASK_BITS);
	x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_SCE);
	return 0;
}

UK_PLAT_INITCALL(trap_init, NULL);
