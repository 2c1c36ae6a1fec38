/* SPDX-License-Identifier: MIT */
/*
 * The local APIC as other drivers see it (the local APIC timer, the
 * platform starting CPUs): register access, the IRQs of its local
 * interrupts, the interrupt command register. Valid once apic_active()
 * is true, i.e. the APIC is the image's controller.
 */
#ifndef UK_INTCTLR_APIC_H
#define UK_INTCTLR_APIC_H

#include <uk/essentials.h>

/*
 * IRQ numbers of the APIC controller: I/O APIC inputs (GSIs) 0-23, then
 * the local APIC's own interrupts.
 */
#define APIC_MAX_GSIS      24
#define APIC_IRQ_TIMER     24
#define APIC_IRQ_ERROR     25
#define APIC_IRQ_IPI       26     /* inter-processor interrupts 26-29 */
#define APIC_NR_IPIS       4
#define APIC_IRQ_SPURIOUS  31

/* Local APIC registers (byte offsets, Intel SDM vol. 3, 11.4.1). */
#define LAPIC_ID           0x020
#define LAPIC_TPR          0x080
#define LAPIC_EOI          0x0b0
#define LAPIC_SVR          0x0f0
#define LAPIC_ICR_LOW      0x300
#define LAPIC_ICR_HIGH     0x310
#define LAPIC_LVT_TIMER    0x320
#define LAPIC_LVT_LINT0    0x350
#define LAPIC_LVT_ERROR    0x370
#define LAPIC_TIMER_INIT   0x380
#define LAPIC_TIMER_CUR    0x390
#define LAPIC_TIMER_DIV    0x3e0

#define LAPIC_LVT_MASKED   (1u << 16)

/* Interrupt command register (low word): delivery modes, level. */
#define APIC_ICR_FIXED     (0u << 8)
#define APIC_ICR_INIT      (5u << 8)
#define APIC_ICR_STARTUP   (6u << 8)
#define APIC_ICR_ASSERT    (1u << 14)

bool apic_active(void);
uint32_t apic_lapic_read(unsigned int reg);
void apic_lapic_write(unsigned int reg, uint32_t v);

/*
 * Sends `command` (APIC_ICR_* | vector) to the local APIC `apic_id`
 * through this CPU's interrupt command register, and waits until it is
 * delivered: IPIs, and the INIT and STARTUP messages that start a CPU.
 */
void apic_icr_send(uint32_t apic_id, uint32_t command);

#endif /* UK_INTCTLR_APIC_H */
