/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction for programs that were built for Linux (an
 * ELF loader's): turned on at boot (EFER.SCE, the entry address LSTAR,
 * the code selector STAR: the image's own ring-0 code and data, 0x08 and
 * 0x10 in the boot GDT, and the flags FMASK clears), and the C side of
 * the entry (trap.S).
 *
 * The program's thread pointer: when the image's own code has
 * thread-local variables (CONFIG_UKBOOT_TLS: a scheduler, whose threads
 * each have an area), the FS base is the program's while it runs and the
 * image's (the running thread's area) while a call is served; the
 * program's is kept in the frame, which arch_prctl(ARCH_SET_FS/GET_FS)
 * then sets and reads. Without them the FS base is the program's all
 * along, and the platform's arch_prctl sets it.
 */
#include <uk/init.h>
#include <uk/syscall.h>
#include <uk/syscall_trap.h>
#include <uk/arch/lcpu.h>
#include <uk/plat.h>
#include <errno.h>
#if CONFIG_UKBOOT_TLS && CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif

#define MSR_EFER     0xc0000080
#define MSR_STAR     0xc0000081
#define MSR_LSTAR    0xc0000082
#define MSR_FMASK    0xc0000084
#define EFER_SCE     (1UL << 0)

#define KERNEL_CS    0x08UL     /* SS is KERNEL_CS + 8 */

/* Cleared on entry: TF, IF, DF, AC (the handler is C code, which wants
 * DF clear; no interrupt lands on the program's red zone meanwhile). */
#define FMASK_BITS ((1UL << 8) | (1UL << 9) | (1UL << 10) | (1UL << 18))

#define NR_ARCH_PRCTL 158
#define ARCH_SET_FS   0x1002
#define ARCH_GET_FS   0x1003

void uk_syscall_trap_entry(void);
void uk_syscall_trap_resume_regs(const struct uk_syscall_frame *f,
				 unsigned long sp) __noreturn;
long uk_syscall_trap(struct uk_syscall_frame *f);

#if CONFIG_UKBOOT_TLS
static __thread struct uk_syscall_frame *frame_now;

#if !CONFIG_LIBUKSCHED
static uintptr_t boot_tlsp;    /* the one context's area */
#endif

static uintptr_t image_tlsp(void)
{
#if CONFIG_LIBUKSCHED
	return uk_thread_current()->tlsp;
#else
	return boot_tlsp;
#endif
}

static long program_tlsp(struct uk_syscall_frame *f)
{
	switch (f->rdi) {
	case ARCH_SET_FS:
		f->fs = f->rsi;
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)f->rsi = f->fs;
		return 0;
	default:
		return -EINVAL;
	}
}

long uk_syscall_trap(struct uk_syscall_frame *f)
{
	long r;

	f->fs = ukplat_tlsp_get();
	ukplat_tlsp_set(image_tlsp());
	frame_now = f;
	if (f->rax == NR_ARCH_PRCTL)
		r = program_tlsp(f);
	else
		r = uk_syscall6(f->rax, f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9);
	ukplat_tlsp_set(f->fs);
	return r;
}
#else
static struct uk_syscall_frame *frame_now;

long uk_syscall_trap(struct uk_syscall_frame *f)
{
	frame_now = f;
	return uk_syscall6(f->rax, f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9);
}
#endif

struct uk_syscall_frame *uk_syscall_trap_frame(void)
{
	return frame_now;
}

void uk_syscall_trap_resume(const struct uk_syscall_frame *f, unsigned long sp)
{
	ukplat_lcpu_irq_disable();
	ukplat_tlsp_set(f->fs);
	uk_syscall_trap_resume_regs(f, sp);
}

static int trap_init(void)
{
#if CONFIG_UKBOOT_TLS && !CONFIG_LIBUKSCHED
	boot_tlsp = ukplat_tlsp_get();
#endif
	x86_wrmsr(MSR_STAR, KERNEL_CS << 32);
	x86_wrmsr(MSR_LSTAR, (uint64_t)uk_syscall_trap_entry);
	x86_wrmsr(MSR_FMASK, FMASK_BITS);
	x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_SCE);
	return 0;
}

UK_PLAT_INITCALL(trap_init, NULL);
