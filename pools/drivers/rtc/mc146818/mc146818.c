/* SPDX-License-Identifier: MIT */
/*
 * The PC's CMOS real-time clock (Motorola MC146818 and compatibles, index
 * and data ports at the base the platform gives: 0x70/0x71 on the PC,
 * where it is described as PNP0B00) as uktimer's wall clock. Read once, on the
 * first uk_time_wall(): the date and time, in BCD or binary and 12 or
 * 24 hour mode as status register B says, read twice until both reads
 * agree so that an update in between cannot tear them. The century is
 * register 0x32 (where QEMU and ACPI's FADT default put it).
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/driver.h>
#include <uk/arch/io.h>
#include <errno.h>

#define RTC_INDEX 0    /* port offsets */
#define RTC_DATA  1
#define RTC_NMI_OFF 0x80   /* keep NMIs masked while selecting */

#define REG_SECONDS 0x00
#define REG_MINUTES 0x02
#define REG_HOURS   0x04
#define REG_DAY     0x07
#define REG_MONTH   0x08
#define REG_YEAR    0x09
#define REG_A       0x0a
#define REG_B       0x0b
#define REG_CENTURY 0x32

#define A_UPDATING  0x80
#define B_24HOUR    0x02
#define B_BINARY    0x04
#define HOUR_PM     0x80

static uint16_t port;

static uint8_t rtc_read(uint8_t reg)
{
	outb(port + RTC_INDEX, RTC_NMI_OFF | reg);
	return inb(port + RTC_DATA);
}

struct rtc_time {
	uint8_t sec, min, hour, day, month, year, century;
};

static bool same(const struct rtc_time *a, const struct rtc_time *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->day == b->day && a->month == b->month &&
	       a->year == b->year && a->century == b->century;
}

static void read_raw(struct rtc_time *t)
{
	int spins;

	/* An update takes under 2 ms and is announced 244 us before. */
	for (spins = 0; spins < 100000 && (rtc_read(REG_A) & A_UPDATING);
	     spins++)
		;
	t->sec = rtc_read(REG_SECONDS);
	t->min = rtc_read(REG_MINUTES);
	t->hour = rtc_read(REG_HOURS);
	t->day = rtc_read(REG_DAY);
	t->month = rtc_read(REG_MONTH);
	t->year = rtc_read(REG_YEAR);
	t->century = rtc_read(REG_CENTURY);
}

static unsigned int from_bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

static int mc146818_read(uint64_t *ns)
{
	struct rtc_time t, again;
	unsigned int sec, min, hour, day, month, year, century;
	uint8_t b;
	bool pm;
	int tries;

	read_raw(&t);
	for (tries = 0; tries < 5; tries++) {
		read_raw(&again);
		if (same(&t, &again))
			break;
		t = again;
	}
	b = rtc_read(REG_B);
	pm = t.hour & HOUR_PM;
	t.hour &= ~HOUR_PM;
	if (b & B_BINARY) {
		sec = t.sec, min = t.min, hour = t.hour, day = t.day;
		month = t.month, year = t.year, century = t.century;
	} else {
		sec = from_bcd(t.sec), min = from_bcd(t.min);
		hour = from_bcd(t.hour), day = from_bcd(t.day);
		month = from_bcd(t.month), year = from_bcd(t.year);
		century = from_bcd(t.century);
	}
	if (!(b & B_24HOUR))
		hour = (hour % 12) + (pm ? 12 : 0);
	if (century < 19 || century > 99)
		century = year < 70 ? 20 : 19;
	if (sec > 59 || min > 59 || hour > 23 || !day || day > 31 ||
	    !month || month > 12 || year > 99)
		return -EIO;
	*ns = ((uint64_t)uk_time_days_from_civil(century * 100 + year, month,
						 day) * 86400 +
	       hour * 3600 + min * 60 + sec) * UK_NSEC_PER_SEC;
	return 0;
}

static const struct uk_wallclock mc146818 = {
	.name = "mc146818",
	.read = mc146818_read,
};

/* No RTC behind the ports (-M microvm,rtc=off) reads all ones. */
static int mc146818_probe(const struct uk_device *dev)
{
	if (!(dev->flags & UK_DEVICE_IOPORT))
		return -ENODEV;   /* a memory-mapped one is not implemented */
	port = dev->base;
	if (rtc_read(REG_B) == 0xff)
		return -ENODEV;
	return uk_wallclock_register(&mc146818);
}

static const char *const compatible[] = { "PNP0B00", NULL };
UK_DRIVER(mc146818, UK_DRIVER_RTC, compatible, mc146818_probe);
