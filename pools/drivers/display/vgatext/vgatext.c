/* SPDX-License-Identifier: MIT */
/*
 * Console on the PC's VGA text screen: 80x25 cells of (character,
 * attribute) at the device's base (0xB8000), the mode the BIOS leaves the
 * screen in. Write-only; text scrolls up when the last row is full and
 * the hardware cursor (CRT controller at 0x3D4/0x3D5) follows it.
 */
#include <uk/driver.h>
#include <uk/console.h>
#include <uk/arch/io.h>
#include <errno.h>

#define COLS 80
#define ROWS 25
#define ATTR 0x07           /* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA  0x3d5
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW  0x0f
#define TAB 8

struct vgatext {
	struct uk_console con;
	volatile uint16_t *cells;
	unsigned int row, col;
};

static struct vgatext screen;

static uint16_t cell(char c)
{
	return (uint16_t)(ATTR << 8) | (uint8_t)c;
}

static void scroll(struct vgatext *s)
{
	unsigned int i;

	for (i = 0; i < (ROWS - 1) * COLS; i++)
		s->cells[i] = s->cells[i + COLS];
	for (; i < ROWS * COLS; i++)
		s->cells[i] = cell(' ');
	s->row = ROWS - 1;
}

static void newline(struct vgatext *s)
{
	s->col = 0;
	if (++s->row == ROWS)
		scroll(s);
}

static void put(struct vgatext *s, char c)
{
	switch (c) {
	case '\n':
		newline(s);
		return;
	case '\r':
		s->col = 0;
		return;
	case '\t':
		do
			put(s, ' ');
		while (s->col % TAB);
		return;
	}
	s->cells[s->row * COLS + s->col] = cell(c);
	if (++s->col == COLS)
		newline(s);
}

static void move_cursor(const struct vgatext *s)
{
	uint16_t pos = (uint16_t)(s->row * COLS + s->col);

	outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
	outb(CRTC_DATA, pos >> 8);
	outb(CRTC_INDEX, CRTC_CURSOR_LOW);
	outb(CRTC_DATA, pos & 0xff);
}

static void vgatext_write(struct uk_console *con, const char *buf, size_t len)
{
	struct vgatext *s = UK_CONTAINER_OF(con, struct vgatext, con);

	while (len--)
		put(s, *buf++);
	move_cursor(s);
}

/* Clears the screen (the BIOS's and the loader's text) and registers. */
static int vgatext_probe(const struct uk_device *dev)
{
	unsigned int i;

	if (screen.con.write)
		return -EBUSY;
	if (!dev->base || (dev->flags & UK_DEVICE_IOPORT))
		return -ENODEV;
	screen.cells = (volatile uint16_t *)dev->base;
	for (i = 0; i < ROWS * COLS; i++)
		screen.cells[i] = cell(' ');
	screen.row = screen.col = 0;
	move_cursor(&screen);
	screen.con.name = "vgatext";
	screen.con.write = vgatext_write;
	uk_console_register(&screen.con);
	return 0;
}

static const char *const compatible[] = { "pc,vga-text", NULL };
UK_DRIVER(vgatext, UK_DRIVER_DISPLAY, compatible, vgatext_probe);
