/* SPDX-License-Identifier: MIT */
/* 16550 UART console over x86 port I/O (PC COM ports). */
#include <uk/driver.h>
#include <uk/console.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

/* Register offsets from the base port. */
#define THR 0   /* transmit holding (write) */
#define RBR 0   /* receive buffer (read) */
#define DLL 0   /* divisor latch low (DLAB=1) */
#define IER 1   /* interrupt enable */
#define DLM 1   /* divisor latch high (DLAB=1) */
#define FCR 2   /* FIFO control (write) */
#define LCR 3   /* line control */
#define MCR 4   /* modem control */
#define LSR 5   /* line status */

#define LCR_8N1   0x03
#define LCR_DLAB  0x80
#define FCR_NO_FIFO 0x00
#define MCR_DTR_RTS 0x03
#define LSR_DR    0x01   /* a received byte is waiting */
#define LSR_THRE  0x20   /* transmit holding register empty */

/* 115200 baud from the 1.8432 MHz reference clock (divisor 1). */
#define DIVISOR 1

struct ns16550 {
	struct uk_console con;
	uint16_t port;
};

static struct ns16550 com;

static void put_byte(uint16_t port, char c)
{
	while (!(inb(port + LSR) & LSR_THRE))
		;
	outb(port + THR, c);
}

static void ns16550_write(struct uk_console *con, const char *buf,
			  size_t len)
{
	uint16_t port = UK_CONTAINER_OF(con, struct ns16550, con)->port;

	for (; len; len--, buf++) {
		/* Serial terminals need a carriage return before a newline. */
		if (*buf == '\n')
			put_byte(port, '\r');
		put_byte(port, *buf);
	}
}

/* One received byte, polled: a terminal's raw key (raw_input). */
static long ns16550_read(struct uk_console *con, char *buf, size_t len)
{
	uint16_t port = UK_CONTAINER_OF(con, struct ns16550, con)->port;

	while (!(inb(port + LSR) & LSR_DR))
		ukarch_spinwait();
	buf[0] = (char)inb(port + RBR);
	return 1;
}

/*
 * Programs 8N1, 115200 baud; polled, so no heap, no interrupts. The FIFOs
 * stay off: turning them on (or clearing them) drops the byte waiting in
 * the receive register, the first of any input piped in before boot
 * (QEMU's -serial stdio); polled output gains nothing from them.
 */
static int ns16550_probe(const struct uk_device *dev)
{
	uint16_t port = dev->base;

	/* One instance; a memory-mapped 16550 is not implemented. Both in
	 * one test: on the path to main each new block of code (one per
	 * branch) costs boot time. */
	if ((uintptr_t)com.con.write | (~dev->flags & UK_DEVICE_IOPORT))
		return com.con.write ? -EBUSY : -ENODEV;

	outb(port + IER, 0);
	outb(port + LCR, LCR_DLAB);
	outb(port + DLL, DIVISOR & 0xff);
	outb(port + DLM, DIVISOR >> 8);
	outb(port + LCR, LCR_8N1);
	outb(port + FCR, FCR_NO_FIFO);
	outb(port + MCR, MCR_DTR_RTS);

	com.con.name = "ns16550";
	com.con.write = ns16550_write;
	com.con.read = ns16550_read;
	com.con.raw_input = true;
	com.port = port;
	uk_console_register(&com.con);
	return 0;
}

static const char *const compatible[] = { "ns16550a", "ns16550", NULL };
UK_DRIVER(ns16550, UK_DRIVER_UART, compatible, ns16550_probe);
