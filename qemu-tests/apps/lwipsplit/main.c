/* SPDX-License-Identifier: MIT */
/*
 * lwIP's tcp_split_unsent_seg() on a connection's last segment, which
 * carries its FIN (README.md). The connection is a pcb of the raw API
 * set to ESTABLISHED by hand, with no device and no route: nothing is
 * sent, the segments stay queued for the checks.
 */
#include <stdio.h>
#include <string.h>

#include <lwip/init.h>
#include <lwip/tcp.h>
#include <lwip/priv/tcp_priv.h>
#include <lwip/prot/tcp.h>

/* A segment's flags by name ("-" for none). */
static const char *flag_names(const struct tcp_seg *s, char *buf)
{
	u16_t f = TCPH_FLAGS(s->tcphdr);

	buf[0] = 0;
	if (f & TCP_FIN)
		strcat(buf, "|FIN");
	if (f & TCP_PSH)
		strcat(buf, "|PSH");
	if (f & ~(TCP_FIN | TCP_PSH))
		strcat(buf, "|other");
	return buf[0] ? buf + 1 : "-";
}

int main(void)
{
	static const char data[500];
	char b1[32], b2[32];
	struct tcp_pcb *pcb;
	struct tcp_seg *s;

	lwip_init();
	pcb = tcp_new();
	if (!pcb) {
		printf("lwipsplit: no pcb\n");
		return 1;
	}
	pcb->state = ESTABLISHED;
	pcb->local_port = 7;
	pcb->remote_port = 40000;
	if (tcp_write(pcb, data, sizeof(data), TCP_WRITE_FLAG_COPY) != ERR_OK ||
	    tcp_send_fin(pcb) != ERR_OK || !pcb->unsent || pcb->unsent->next) {
		printf("lwipsplit: could not queue one segment with FIN\n");
		return 1;
	}
	printf("lwipsplit: queued %u bytes, flags %s\n", pcb->unsent->len,
	       flag_names(pcb->unsent, b1));
	if (tcp_split_unsent_seg(pcb, 200) != ERR_OK || !pcb->unsent->next) {
		printf("lwipsplit: the split failed\n");
		return 1;
	}
	s = pcb->unsent;
	printf("lwipsplit: split at 200: %u bytes, flags %s; then %u bytes, flags %s\n",
	       s->len, flag_names(s, b1), s->next->len, flag_names(s->next, b2));
	return 0;
}
