/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPUs on x86_64 (uk/plat.h, "the other CPUs"): the ACPI MADT
 * lists them by local APIC ID; each is started with INIT and two STARTUP
 * messages through the local APIC (Intel SDM vol. 3, 9.4.4) pointing at
 * the trampoline of smp.S, and lands in plat_x86_ap_boot() with the boot
 * CPU's GDT, IDT and page tables. The CPUs start in parallel: each one
 * finds its struct ukplat_lcpu_boot by its APIC ID.
 */
#include <uk/plat.h>
#include <uk/acpi.h>
#include <uk/intctlr/apic.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <string.h>
#include <errno.h>
#include <plat/memregion.h>
#include <plat/x86_64.h>

struct plat_x86_ap_cpu {
	uint64_t apic_id;
	const struct ukplat_lcpu_boot *boot;   /* NULL: a free entry */
};
UK_CTASSERT(sizeof(struct plat_x86_ap_cpu) == PLAT_X86_AP_CPU_SIZE);
UK_CTASSERT(offsetof(struct plat_x86_ap_cpu, boot) == PLAT_X86_AP_CPU_BOOT);
UK_CTASSERT(offsetof(struct ukplat_lcpu_boot, stack_top) ==
	    PLAT_X86_AP_BOOT_STACK);

/* Read by smp.S: the CPUs asked to start, the boot CPU's control registers. */
struct plat_x86_ap_cpu plat_x86_ap_cpus[CONFIG_UKLCPU_MAXCOUNT];
uint64_t plat_x86_ap_cr0, plat_x86_ap_cr3, plat_x86_ap_cr4;
uint32_t plat_x86_ap_efer;

struct descriptor_register {
	uint16_t limit;
	uint64_t base;
} __packed;

static struct descriptor_register boot_gdtr, boot_idtr;
static bool trampoline_reserved, prepared;

extern const char plat_x86_trampoline[], plat_x86_trampoline_end[];

#define MSR_EFER     0xc0000080
#define EFER_LMA     (1u << 10)    /* read-only: set by the CPU */
#define PTE_P        0x001
#define PTE_W        0x002
#define PTE_PS       0x080

unsigned int ukplat_lcpu_list(uint64_t *hwids, unsigned int max)
{
	const struct ukacpi_madt *m =
		(const struct ukacpi_madt *)ukacpi_find("APIC");
	const uint8_t *p;
	unsigned int n = 0;

	if (!m)
		return 0;
	for (p = ukacpi_madt_next(m, NULL); p; p = ukacpi_madt_next(m, p)) {
		uint64_t id;
		uint32_t flags;

		if (p[0] == UKACPI_MADT_LAPIC &&
		    p[1] >= sizeof(struct ukacpi_madt_lapic)) {
			struct ukacpi_madt_lapic e;

			memcpy(&e, p, sizeof(e));
			id = e.apic_id;
			flags = e.flags;
		} else if (p[0] == UKACPI_MADT_X2APIC &&
			   p[1] >= sizeof(struct ukacpi_madt_x2apic)) {
			struct ukacpi_madt_x2apic e;

			memcpy(&e, p, sizeof(e));
			id = e.x2apic_id;
			flags = e.flags;
		} else {
			continue;
		}
		if (!(flags & UKACPI_MADT_CPU_ENABLED))
			continue;
		if (n < max)
			hwids[n] = id;
		n++;
	}
	return n;
}

uint64_t ukplat_lcpu_hwid(void)
{
	uint32_t a, b, c, d;

	x86_cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

/* Kept out of the allocators from the start (plat_x86_boot()). */
void plat_x86_smp_reserve(void)
{
	trampoline_reserved = plat_memregion_reserve(PLAT_X86_TRAMPOLINE,
						  PLAT_X86_TRAMPOLINE_SIZE,
						  UKPLAT_MEMRF_RESERVED,
						  "cpu start") ==
			   PLAT_X86_TRAMPOLINE_SIZE;
}

/*
 * The trampoline and its identity map of the first GiB, and what the
 * secondary CPUs take over from this one.
 */
static int prepare(void)
{
	uint64_t *pml4 = (uint64_t *)(PLAT_X86_TRAMPOLINE + 0x1000);
	uint64_t *pdpt = pml4 + 512, *pd = pdpt + 512;
	unsigned long v;
	unsigned int i;

	if (!trampoline_reserved) {
		uk_pr_err("smp: %#x-%#x is not free RAM: cannot start CPUs\n",
			  PLAT_X86_TRAMPOLINE,
			  PLAT_X86_TRAMPOLINE + PLAT_X86_TRAMPOLINE_SIZE - 1);
		return -ENOMEM;
	}
	memcpy((void *)PLAT_X86_TRAMPOLINE, plat_x86_trampoline,
	       plat_x86_trampoline_end - plat_x86_trampoline);
	memset(pml4, 0, 3 * 4096);
	pml4[0] = (uintptr_t)pdpt | PTE_P | PTE_W;
	pdpt[0] = (uintptr_t)pd | PTE_P | PTE_W;
	for (i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_W | PTE_PS;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	plat_x86_ap_cr0 = v;
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	plat_x86_ap_cr3 = v;
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	plat_x86_ap_cr4 = v;
	plat_x86_ap_efer = (uint32_t)x86_rdmsr(MSR_EFER) & ~EFER_LMA;
	__asm__ __volatile__("sgdt %0; sidt %1"
			     : "=m"(boot_gdtr), "=m"(boot_idtr));
	prepared = true;
	return 0;
}

int ukplat_lcpu_start(const struct ukplat_lcpu_boot *b)
{
	struct plat_x86_ap_cpu *slot = NULL;
	unsigned int i;
	int rc;

	if (!apic_active())
		return -ENODEV;
	if (!prepared && (rc = prepare()))
		return rc;
	for (i = 0; i < CONFIG_UKLCPU_MAXCOUNT && !slot; i++)
		if (!plat_x86_ap_cpus[i].boot)
			slot = &plat_x86_ap_cpus[i];
	if (!slot)
		return -ENOSPC;
	slot->apic_id = b->hwid;
	__atomic_store_n(&slot->boot, b, __ATOMIC_RELEASE);

	/*
	 * INIT, then STARTUP twice: the second is ignored by a CPU the first
	 * started, and starts one that took the INIT late. The waits of the
	 * SDM's sequence (10 ms, 200 us) are for old hardware; QEMU and KVM
	 * handle INIT before a STARTUP sent after it.
	 */
	apic_icr_send(b->hwid, APIC_ICR_INIT | APIC_ICR_ASSERT);
	for (i = 0; i < 2; i++)
		apic_icr_send(b->hwid, APIC_ICR_STARTUP | APIC_ICR_ASSERT |
			      (PLAT_X86_TRAMPOLINE >> 12));
	return 0;
}

/* The entry of plat_x86_ap_cpus that started this CPU. */
static struct plat_x86_ap_cpu *ap_slot(const struct ukplat_lcpu_boot *b)
{
	unsigned int i;

	for (i = 0; i < CONFIG_UKLCPU_MAXCOUNT; i++)
		if (plat_x86_ap_cpus[i].boot == b)
			break;
	return &plat_x86_ap_cpus[i];
}

/* From smp.S, on the new CPU, in long mode on its own stack. */
void plat_x86_ap_boot(const struct ukplat_lcpu_boot *b) __noreturn;
void plat_x86_ap_boot(const struct ukplat_lcpu_boot *b)
{
	/* The kernel's descriptor tables rather than the trampoline's. */
	__asm__ __volatile__("lgdt %0\n\t"
			     "mov %2, %%ds\n\t"
			     "mov %2, %%es\n\t"
			     "mov %2, %%ss\n\t"
			     "lidt %1\n\t"
			     "fninit"
			     :: "m"(boot_gdtr), "m"(boot_idtr), "r"(0x10)
			     : "memory");
	/* Its own exception stack: slot 0 is the boot CPU's. */
	plat_x86_traps_cpu_init(1 + (unsigned int)(ap_slot(b) -
						  plat_x86_ap_cpus),
			       b->trap_stack_top);
	b->entry(b->arg);
	for (;;)
		ukarch_halt();
}
