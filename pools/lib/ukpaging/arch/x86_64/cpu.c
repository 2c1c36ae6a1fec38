/* SPDX-License-Identifier: MIT */
/* x86_64: the CPU features paging uses, and loading the table. */
#include <uk/arch/paging.h>
#include <uk/arch/lcpu.h>
#include <uk/print.h>
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
