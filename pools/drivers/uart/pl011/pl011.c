/* SPDX-License-Identifier: MIT */
/*
 * ARM PrimeCell PL011 UART console (QEMU virt, Raspberry Pi, ...), and the
 * SBSA generic UART (Xen's vpl011): a PL011 subset without the control,
 * line and baud registers, configured by whoever provides it.
 */
#include <uk/driver.h>
#include <uk/console.h>
#include <uk/arch/mmio.h>
#include <uk/arch/lcpu.h>
#include <errno.h>
#include <string.h>

#define UARTDR    0x00
#define UARTFR    0x18
#define UARTIBRD  0x24
#define UARTFBRD  0x28
#define UARTLCR_H 0x2c
#define UARTCR    0x30
#define UARTIMSC  0x38
#define UARTICR   0x44

#define FR_BUSY  (1u << 3)
#define FR_RXFE  (1u << 4)
#define FR_TXFF  (1u << 5)
#define LCRH_WLEN8 (3u << 5)
#define CR_UARTEN  (1u << 0)
#define CR_TXE     (1u << 8)
#define CR_RXE     (1u << 9)

/*
 * Divisor for 115200 baud from a 24 MHz UARTCLK: 24e6 / (16 * 115200) =
 * 13.02 -> integer 13, fraction round(0.02 * 64) = 1. Emulators ignore it;
 * a board with another clock will read it from the device tree.
 */
#define IBRD 13
#define FBRD 1

struct pl011 {
	struct uk_console con;
	uintptr_t base;
};

static struct pl011 uart;

static void put_byte(uintptr_t base, char c)
{
	while (mmio_read32(base + UARTFR) & FR_TXFF)
		;
	mmio_write32(base + UARTDR, (unsigned char)c);
}

static void pl011_write(struct uk_console *con, const char *buf, size_t len)
{
	uintptr_t base = UK_CONTAINER_OF(con, struct pl011, con)->base;

	for (; len; len--, buf++) {
		if (*buf == '\n')
			put_byte(base, '\r');
		put_byte(base, *buf);
	}
}

/* One received byte, polled: a terminal's raw key (raw_input). */
static long pl011_read(struct uk_console *con, char *buf, size_t len)
{
	uintptr_t base = UK_CONTAINER_OF(con, struct pl011, con)->base;

	while (mmio_read32(base + UARTFR) & FR_RXFE)
		ukarch_spinwait();
	buf[0] = (char)(mmio_read32(base + UARTDR) & 0xff);
	return 1;
}

/*
 * Programs 8N1 without FIFOs; polled, so no heap, no interrupts. Turning
 * the FIFOs on or off empties them (QEMU does it too): a byte typed or
 * piped before this point would be lost; with them off, the one-byte
 * holding register holds the sender back until it is read.
 */
static void pl011_program(uintptr_t base)
{
	/* The PL011 TRM asks to disable, drain, then reprogram. */
	mmio_write32(base + UARTCR, 0);
	while (mmio_read32(base + UARTFR) & FR_BUSY)
		;
	mmio_write32(base + UARTLCR_H, 0);        /* 0 after reset: no change */
	mmio_write32(base + UARTIMSC, 0);         /* no interrupts */
	mmio_write32(base + UARTICR, 0x7ff);      /* clear pending ones */
	mmio_write32(base + UARTIBRD, IBRD);
	mmio_write32(base + UARTFBRD, FBRD);
	mmio_write32(base + UARTLCR_H, LCRH_WLEN8);
	mmio_write32(base + UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

static int pl011_probe(const struct uk_device *dev)
{
	uintptr_t base = dev->base;

	if (uart.con.write)
		return -EBUSY;    /* one instance, already in use */
	/* An SBSA UART has none of the registers programming writes. */
	if (strcmp(dev->compatible, "arm,sbsa-uart"))
		pl011_program(base);

	uart.con.name = "pl011";
	uart.con.write = pl011_write;
	uart.con.read = pl011_read;
	uart.con.raw_input = true;
	uart.base = base;
	uk_console_register(&uart.con);
	return 0;
}

static const char *const compatible[] = {
	"arm,pl011", "arm,sbsa-uart", NULL
};
UK_DRIVER(pl011, UK_DRIVER_UART, compatible, pl011_probe);
