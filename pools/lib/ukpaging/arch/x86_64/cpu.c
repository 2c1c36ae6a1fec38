/* SPDX-License-Identifier: MIT */
/* x86_64: the CPU features paging uses, and loading the table. */
#include <uk/arch/paging.h>
#include <uk/arch/lcpu.h>
#include <uk/print.h>
#if CONFIG_UKLCPU_SMP
#include <uk/lcpu.h>
#endif
#include "pte.h"

bool x86_paging_nx, x86_paging_1g;

void arch_paging_init(void)
{
	uint32_t a, b, c, d;

	x86_cpuid(X86_CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
	x86_paging_nx = d & (1u << X86_CPUID_NX_BIT);
	x86_paging_1g = d & (1u << X86_CPUID_PAGE1G_BIT);
	if (!x86_paging_nx)
		uk_pr_warn("the CPU has no NX bit: data stays executable\n");
}

void uk_paging_cpu_enable(uintptr_t root)
{
	/* NX bits are reserved (a fault) until EFER.NXE is set. */
	if (x86_paging_nx)
		x86_wrmsr(X86_MSR_EFER, x86_rdmsr(X86_MSR_EFER) |
			  (1UL << X86_EFER_NXE_BIT));
	x86_write_cr3(root);
}

#if CONFIG_UKLCPU_SMP
/* Beyond this many pages one reload of CR3 is cheaper than INVLPGs (no
 * entry of the table is global, so the reload drops them all). */
#define FLUSH_ALL_PAGES 32

struct tlb_range {
	uintptr_t va;
	size_t len;
};

/* On each other CPU, from its inter-processor interrupt. */
static void flush_here(void *arg)
{
	const struct tlb_range *r = arg;
	uintptr_t va;

	if (r->len / UK_PAGE_SIZE > FLUSH_ALL_PAGES) {
		x86_write_cr3(x86_read_cr3());
		return;
	}
	for (va = r->va; va < r->va + r->len; va += UK_PAGE_SIZE)
		x86_invlpg(va);
}

/*
 * The TLB shootdown: an IPI to every other online CPU (uklcpu's calls go
 * through the interrupt controller's API), each invalidates, and the call
 * returns when all have acknowledged.
 */
void arch_tlb_shootdown(uintptr_t va, size_t len)
{
	struct tlb_range r = { va, len };

	uk_lcpu_run_others(flush_here, &r);
}
#endif
