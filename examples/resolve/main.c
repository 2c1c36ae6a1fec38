/* SPDX-License-Identifier: MIT */
/*
 * Names to addresses with the C library's resolver: nothing here knows
 * about ukconfig, and the same file builds for Linux with `cc main.c`.
 *
 *   resolve NAME...
 *
 * For each name: getaddrinfo for IPv4 and for IPv6 (TCP, so one entry per
 * address), and gethostbyname, each printed on a line of its own with the
 * addresses sorted (the order of a name server's records is its own
 * choice), or the error. Exits with status 0.
 */
/* EAI_NODATA and EAI_ADDRFAMILY, which glibc declares only for _GNU_SOURCE. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_ADDRS 16

static int by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The addresses of `name` in `family` by getaddrinfo, on one line. */
static void lookup(const char *name, int family)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *r;
	char text[MAX_ADDRS][INET6_ADDRSTRLEN];
	int e, n = 0, i;

	e = getaddrinfo(name, NULL, &hints, &res);
	printf("%s %s:", family == AF_INET ? "getaddrinfo inet " : "getaddrinfo inet6", name);
	if (e) {
		printf(" %s\n", e == EAI_NONAME ? "no such name" :
				 e == EAI_NODATA || e == EAI_ADDRFAMILY ? "no address" :
				 gai_strerror(e));
		return;
	}
	for (r = res; r && n < MAX_ADDRS; r = r->ai_next) {
		const void *a = family == AF_INET
			? (const void *)&((struct sockaddr_in *)r->ai_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)r->ai_addr)->sin6_addr;

		inet_ntop(family, a, text[n++], sizeof(text[0]));
	}
	freeaddrinfo(res);
	qsort(text, n, sizeof(text[0]), by_text);
	for (i = 0; i < n; i++)
		printf(" %s", text[i]);
	printf("\n");
}

/* gethostbyname's canonical name and IPv4 addresses. */
static void by_name(const char *name)
{
	char text[MAX_ADDRS][INET_ADDRSTRLEN];
	struct hostent *h = gethostbyname(name);
	int n, i;

	printf("gethostbyname %s:", name);
	if (!h) {
		printf(" %s\n", h_errno == HOST_NOT_FOUND ? "no such name" :
				h_errno == NO_DATA ? "no address" : "failed");
		return;
	}
	for (n = 0; h->h_addr_list[n] && n < MAX_ADDRS; n++)
		inet_ntop(AF_INET, h->h_addr_list[n], text[n], sizeof(text[0]));
	qsort(text, n, sizeof(text[0]), by_text);
	printf(" %s is", h->h_name);
	for (i = 0; i < n; i++)
		printf(" %s", text[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		lookup(argv[i], AF_INET);
		lookup(argv[i], AF_INET6);
		by_name(argv[i]);
	}
	fflush(stdout);
	return 0;
}
