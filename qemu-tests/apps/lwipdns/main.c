/* SPDX-License-Identifier: MIT */
/*
 * lwIP's DNS client on its raw API, polled: `lwipdns NAME...` looks each
 * name up with dns_gethostbyname() (IPv4 first, then IPv6) from the
 * server of lwip.dns or DHCP, and prints its address or that there is
 * none. Exits with status 0, or 1 when lwIP did not start.
 */
#include <uk/lwip.h>
#include <stdio.h>

#include <lwip/dns.h>

struct lookup {
	bool done, found;
	ip_addr_t addr;
};

static void on_found(const char *name, const ip_addr_t *addr, void *arg)
{
	struct lookup *l = arg;

	(void)name;
	l->found = addr != NULL;
	if (addr)
		l->addr = *addr;
	l->done = true;
}

int main(int argc, char *argv[])
{
	char text[IPADDR_STRLEN_MAX];
	int i;

	if (!uk_lwip_start())
		return 1;
	for (i = 1; i < argc; i++) {
		struct lookup l = { 0 };
		err_t e = dns_gethostbyname(argv[i], &l.addr, on_found, &l);

		if (e == ERR_OK) {
			l.found = l.done = true;
		} else if (e != ERR_INPROGRESS) {
			printf("lwipdns: %s: cannot ask (%d)\n", argv[i], e);
			continue;
		}
		/* lwIP's retries and timeouts end every lookup. */
		while (!l.done) {
			if (!uk_lwip_poll())
				uk_lwip_wait();
		}
		if (l.found)
			printf("lwipdns: %s is %s\n", argv[i],
			       ipaddr_ntoa_r(&l.addr, text, sizeof(text)));
		else
			printf("lwipdns: %s: no address\n", argv[i]);
	}
	return 0;
}
