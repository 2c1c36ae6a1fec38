/* SPDX-License-Identifier: MIT */
/*
 * "Port I/O" on MIPS: there are no I/O instructions; a board maps the
 * I/O space of its PCI/ISA bus into physical memory, and the platform
 * says where, uncached (KSEG1), with CONFIG_MIPS_IO_PORT_BASE (Malta: the
 * GT-64120's PCI I/O window at 0x18000000). Registers of ISA devices are
 * little-endian bytes on the bus; the bridge swaps nothing for byte
 * accesses, and 16- and 32-bit ones are byte-swapped here.
 */
#ifndef UK_ARCH_IO_H
#define UK_ARCH_IO_H

#include <uk/essentials.h>

#define MIPS_IO_PORT_BASE ((uintptr_t)CONFIG_MIPS_IO_PORT_BASE)

static inline uint8_t inb(uint16_t port)
{
	return *(volatile uint8_t *)(MIPS_IO_PORT_BASE + port);
}

static inline void outb(uint16_t port, uint8_t v)
{
	*(volatile uint8_t *)(MIPS_IO_PORT_BASE + port) = v;
}

static inline uint16_t inw(uint16_t port)
{
	return __builtin_bswap16(*(volatile uint16_t *)(MIPS_IO_PORT_BASE + port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	*(volatile uint16_t *)(MIPS_IO_PORT_BASE + port) = __builtin_bswap16(v);
}

static inline uint32_t inl(uint16_t port)
{
	return __builtin_bswap32(*(volatile uint32_t *)(MIPS_IO_PORT_BASE + port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	*(volatile uint32_t *)(MIPS_IO_PORT_BASE + port) = __builtin_bswap32(v);
}

#endif
