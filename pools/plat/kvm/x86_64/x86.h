/* SPDX-License-Identifier: MIT */
/* Private to the kvm platform on x86_64. */
#ifndef KVM_X86_H
#define KVM_X86_H

#include <uk/essentials.h>

void kvm_x86_traps_init(void);

/* ACPI facts the platform uses (0 when absent). */
struct kvm_x86_acpi {
	uint16_t pm_tmr_port;   /* ACPI PM timer, 3.579545 MHz */
	bool pm_tmr_32bit;
	uint16_t pm1a_cnt_port; /* sleep control (shutdown fallback) */
};

/* Reads the FADT on first use (ukacpi searches the BIOS area for the RSDP
 * when the loader gave none); never on the path to main(). */
const struct kvm_x86_acpi *kvm_x86_acpi_get(void);

#endif
