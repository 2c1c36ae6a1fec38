/* SPDX-License-Identifier: MIT */
/*
 * A specialised HTTP/1.1 server on lwIP's raw API: one loop that polls the
 * device and, in interrupt mode (LWIP_IRQ, lwip.irq), halts while idle.
 *
 *   httpreply [PORT [QUITPATH]]
 *
 * serves TCP port PORT (default 80) on the address of the lwip.ip
 * parameter (default 10.0.2.15). GET and HEAD of "/" answer the page
 * built into the image (index.html, see page.S), every other path 404.
 * Connections are kept open (HTTP/1.1, or HTTP/1.0 with "Connection:
 * keep-alive") unless the client asks for "Connection: close"; pipelined
 * requests are answered in order. A malformed request answers 400 and
 * ends the connection. With QUITPATH, a GET of that path answers 200 and
 * then stops the server: it prints its counts and exits with status 0.
 *
 * Every answer is a ready-made run of bytes in the image (built once at
 * start, the page included), queued on the connection by reference
 * (tcp_write without TCP_WRITE_FLAG_COPY): a request costs a parse and a
 * pointer, never a copy or a formatted header.
 */
#include <uk/lwip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lwip/sys.h>
#include <lwip/tcp.h>

extern const char httpreply_page[], httpreply_page_end[];

/* The longest request head (request line and headers) taken. */
#define HEAD_MAX 4096

/* How long the server goes on polling after a stop, so the last answer reaches the client. */
#define QUIT_LINGER_MS 300

enum status { S200, S400, S404, S405, S501, S505, S_COUNT };

static const struct {
	const char *line, *body;
} status_text[S_COUNT] = {
	[S200] = { "200 OK", NULL },
	[S400] = { "400 Bad Request", "Bad Request\n" },
	[S404] = { "404 Not Found", "Not Found\n" },
	[S405] = { "405 Method Not Allowed", "Method Not Allowed\n" },
	[S501] = { "501 Not Implemented", "Not Implemented\n" },
	[S505] = { "505 HTTP Version Not Supported", "HTTP Version Not Supported\n" },
};

/* A ready answer: head and body in one run; HEAD sends only head_len bytes. */
struct reply {
	char *data;
	size_t head_len, len;
};

/* replies[status][close]: "Connection: keep-alive" (0) or "close" (1). */
static struct reply replies[S_COUNT][2];
static struct reply quit_reply;

static const char *quit_path;
static size_t quit_path_len;
static bool quit;

static struct {
	unsigned long accepted, closed, reset, requests, answers[S_COUNT];
} count;

/*
 * A connection. Received bytes wait in `head` until a whole request head
 * is there (what does not fit stays in the pbuf chain `pending`, from
 * byte `pending_off`); `skip` bytes of a request body are still to be
 * dropped. `out` is the answer being queued, `out_left` of its bytes not
 * yet taken by lwIP; the next request is read only once it is all queued,
 * so a client that pipelines without reading is held back by TCP's flow
 * control. The window opens as bytes leave `head`.
 */
struct conn {
	char head[HEAD_MAX];
	size_t len;
	struct pbuf *pending;
	u16_t pending_off;
	unsigned long long skip;
	const char *out;
	size_t out_left;
	bool closing, peer_closed;
};

static err_t on_poll(void *arg, struct tcp_pcb *pcb);
static void on_err(void *arg, err_t err);

static void conn_free(struct conn *c)
{
	if (c->pending)
		pbuf_free(c->pending);
	free(c);
}

/*
 * Takes every received byte not read yet as read: lwIP closes a
 * connection with unread bytes by a reset, which could destroy the last
 * answer before the client reads it.
 */
static void conn_drop_input(struct tcp_pcb *pcb, struct conn *c)
{
	if (c->len)
		tcp_recved(pcb, (u16_t)c->len);
	c->len = 0;
	if (c->pending) {
		tcp_recved(pcb, (u16_t)(c->pending->tot_len - c->pending_off));
		pbuf_free(c->pending);
		c->pending = NULL;
	}
}

/* Ends a connection whose answers are all queued (lwIP sends them before its FIN). */
static void conn_close(struct tcp_pcb *pcb, struct conn *c)
{
	conn_drop_input(pcb, c);
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	if (tcp_close(pcb) != ERR_OK) {
		/* No memory for the FIN now: again from the poll callback. */
		tcp_arg(pcb, c);
		tcp_err(pcb, on_err);
		tcp_poll(pcb, on_poll, 2);
		return;
	}
	conn_free(c);
	count.closed++;
}

/* Moves received bytes from the pbuf chain into `head`, as many as fit. */
static void conn_fill(struct conn *c)
{
	while (c->pending && c->len < HEAD_MAX) {
		struct pbuf *p = c->pending;
		u16_t n = p->len - c->pending_off;

		if (n > HEAD_MAX - c->len)
			n = (u16_t)(HEAD_MAX - c->len);
		memcpy(c->head + c->len, (char *)p->payload + c->pending_off, n);
		c->len += n;
		c->pending_off += n;
		if (c->pending_off < p->len)
			break;
		c->pending = p->next;
		if (c->pending)
			pbuf_ref(c->pending);
		pbuf_free(p);
		c->pending_off = 0;
	}
}

/* Drops the first n bytes of `head`, and opens the window by as many. */
static void conn_consume(struct tcp_pcb *pcb, struct conn *c, size_t n)
{
	memmove(c->head, c->head + n, c->len - n);
	c->len -= n;
	tcp_recved(pcb, (u16_t)n);
}

static bool is_tchar(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Whether s[0..n) equals the lower-case word w, ignoring case. */
static bool word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i]; i++)
		if (lower(s[i]) != w[i])
			return false;
	return i == n && !w[i];
}

/* Whether the comma-separated list s[0..n) holds the token w (lower-case). */
static bool list_has(const char *s, size_t n, const char *w)
{
	size_t i = 0;

	while (i < n) {
		size_t b, e;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		b = i;
		while (i < n && s[i] != ',')
			i++;
		e = i;
		while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e > b && word_is(s + b, e - b, w))
			return true;
	}
	return false;
}

/*
 * Bytes no request head holds: controls other than CR, LF and tab, DEL,
 * and a LF without its CR. Seen anywhere, they end the connection at
 * once with a 400 (a TLS handshake, a binary protocol, a line typed into
 * nc), without waiting for a head to finish; so does a first byte that
 * cannot start a method.
 */
static bool has_bad_byte(const char *s, size_t n)
{
	if (n && !is_tchar((unsigned char)s[0]))
		return true;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t') || ch == 0x7f ||
		    (ch == '\n' && (!i || s[i - 1] != '\r')))
			return true;
	}
	return false;
}

/* What a parsed request asks for. */
struct request {
	enum status status;
	bool close, head_only, quit;
	unsigned long long body;
};

/*
 * Parses the request line s[0..n) (without its CRLF):
 * METHOD SP /TARGET SP HTTP/1.x. Sets the status (200 or 404 for a good
 * GET or HEAD), head_only and, for HTTP/1.0, close (until a Connection
 * header says otherwise). False: the line is malformed.
 */
static bool parse_request_line(const char *s, size_t n, struct request *r, bool *http10)
{
	size_t m = 0, t, tn = 0, path_len;

	while (m < n && is_tchar((unsigned char)s[m]))
		m++;
	if (!m || m >= n || s[m] != ' ')
		return false;
	t = m + 1;
	while (t + tn < n && (unsigned char)s[t + tn] > ' ' && (unsigned char)s[t + tn] < 0x7f)
		tn++;
	if (!tn || s[t] != '/' || t + tn >= n || s[t + tn] != ' ')
		return false;
	{
		const char *v = s + t + tn + 1;
		size_t vn = n - (t + tn + 1);

		if (vn != 8 || memcmp(v, "HTTP/", 5) || v[6] != '.' ||
		    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
			return false;
		if (v[5] != '1') {
			r->status = S505;
			r->close = true;
			return true;
		}
		*http10 = v[7] == '0';
		r->close = *http10;
	}
	r->head_only = m == 4 && !memcmp(s, "HEAD", 4);
	if (!r->head_only && !(m == 3 && !memcmp(s, "GET", 3))) {
		r->status = S405;
		return true;
	}
	for (path_len = 0; path_len < tn && s[t + path_len] != '?'; path_len++)
		;
	r->quit = quit_path && !r->head_only && tn == quit_path_len &&
		  !memcmp(s + t, quit_path, tn);
	r->status = path_len == 1 || r->quit ? S200 : S404;
	return true;
}

/*
 * Parses the header field line s[0..n): NAME ":" OWS VALUE OWS. Reads
 * Connection, Content-Length, Transfer-Encoding and whether Host came.
 * False: the line is malformed.
 */
static bool parse_header(const char *s, size_t n, struct request *r, bool http10, bool *host)
{
	size_t name = 0, v, vn;

	while (name < n && is_tchar((unsigned char)s[name]))
		name++;
	if (!name || name >= n || s[name] != ':')
		return false;        /* also a folded line, or space before ':' */
	for (v = name + 1; v < n && (s[v] == ' ' || s[v] == '\t'); v++)
		;
	for (vn = n - v; vn && (s[v + vn - 1] == ' ' || s[v + vn - 1] == '\t'); vn--)
		;
	if (word_is(s, name, "host")) {
		if (*host)
			return false;
		*host = true;
	} else if (word_is(s, name, "connection")) {
		if (list_has(s + v, vn, "close"))
			r->close = true;
		else if (http10 && list_has(s + v, vn, "keep-alive"))
			r->close = false;
	} else if (word_is(s, name, "content-length")) {
		unsigned long long len = 0;

		if (!vn)
			return false;
		for (size_t i = v; i < v + vn; i++) {
			if (s[i] < '0' || s[i] > '9' || len > (~0ULL - 9) / 10)
				return false;
			len = len * 10 + (unsigned)(s[i] - '0');
		}
		if (r->body != ~0ULL && r->body != len)
			return false;    /* two lengths that differ */
		r->body = len;
	} else if (word_is(s, name, "transfer-encoding")) {
		/* No chunked bodies here: where this request ends is unknown. */
		r->status = S501;
		r->close = true;
	}
	return true;
}

/*
 * Parses the request head at the start of c->head. Returns its length
 * with *r filled, 0 while it is incomplete, -1 when it is malformed.
 */
static long parse_request(struct conn *c, struct request *r)
{
	const char *s = c->head, *end, *line;
	bool http10 = false, host = false;
	size_t n;

	if (has_bad_byte(s, c->len))
		return -1;
	end = NULL;
	for (size_t i = 0; i + 1 < c->len; i++)
		if (s[i] == '\r' && s[i + 1] == '\n') {
			end = s + i;
			break;
		}
	if (!end)
		return c->len == HEAD_MAX ? -1 : 0;
	*r = (struct request){ .body = ~0ULL };
	if (!parse_request_line(s, (size_t)(end - s), r, &http10))
		return -1;
	/* The headers: lines up to an empty one. */
	for (line = end + 2;; line = end + 2) {
		end = NULL;
		for (const char *p = line; p + 1 < s + c->len; p++)
			if (p[0] == '\r' && p[1] == '\n') {
				end = p;
				break;
			}
		if (!end)
			return c->len == HEAD_MAX ? -1 : 0;
		if (end == line)
			break;
		if (!parse_header(line, (size_t)(end - line), r, http10, &host))
			return -1;
	}
	n = (size_t)(end + 2 - s);
	if (!host && !http10 && r->status != S505)
		return -1;               /* HTTP/1.1 requires Host */
	if (r->body == ~0ULL)
		r->body = 0;
	return (long)n;
}

/* Starts queueing an answer. */
static void conn_answer(struct conn *c, const struct reply *a, bool head_only)
{
	c->out = a->data;
	c->out_left = head_only ? a->head_len : a->len;
}

/*
 * Queues what lwIP takes of the current answer (by reference: the bytes
 * stay in the image). False: some is left, for the sent or poll callback.
 */
static bool conn_push(struct tcp_pcb *pcb, struct conn *c)
{
	while (c->out_left) {
		u16_t room = tcp_sndbuf(pcb);
		u16_t n = c->out_left < room ? (u16_t)c->out_left : room;
		u8_t more = c->out_left > n ? TCP_WRITE_FLAG_MORE : 0;
		err_t err;

		if (!n)
			return false;
		err = tcp_write(pcb, c->out, n, more);
		/*
		 * lwIP's pool of reference pbufs (MEMP_NUM_PBUF) is smaller
		 * than the answers many connections have in flight at once:
		 * then a copy into lwIP's heap, rather than a wait of up to a
		 * second for the poll callback.
		 */
		if (err == ERR_MEM)
			err = tcp_write(pcb, c->out, n, more | TCP_WRITE_FLAG_COPY);
		if (err != ERR_OK)
			return false;
		c->out += n;
		c->out_left -= n;
	}
	return true;
}

/*
 * Moves a connection on as far as it goes: queues the current answer,
 * drops body bytes, parses the next request and answers it, and closes
 * once a closing answer is queued or the peer closed between requests.
 */
static void conn_run(struct tcp_pcb *pcb, struct conn *c)
{
	for (;;) {
		struct request r;
		long n;

		if (!conn_push(pcb, c))
			break;
		if (c->closing) {
			tcp_output(pcb);
			conn_close(pcb, c);
			return;
		}
		conn_fill(c);
		if (c->skip) {
			size_t k = c->len < c->skip ? c->len : (size_t)c->skip;

			if (!k)
				break;
			conn_consume(pcb, c, k);
			c->skip -= k;
			continue;
		}
		n = parse_request(c, &r);
		if (n == 0) {
			if (c->peer_closed) {
				/* Nothing more will come: a partial request is dropped. */
				c->closing = true;
				continue;
			}
			break;
		}
		count.requests++;
		if (n < 0) {
			count.answers[S400]++;
			conn_answer(c, &replies[S400][1], false);
			c->closing = true;
			continue;
		}
		conn_consume(pcb, c, (size_t)n);
		c->skip = r.body;
		count.answers[r.status]++;
		if (r.quit) {
			conn_answer(c, &quit_reply, false);
			c->closing = true;
			quit = true;
			continue;
		}
		conn_answer(c, &replies[r.status][r.close], r.head_only);
		c->closing = r.close;
	}
	tcp_output(pcb);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)len;
	if (arg)
		conn_run(pcb, arg);
	return ERR_OK;
}

/* Every second: an answer or a FIN that waited for memory, with nothing in flight to call on_sent. */
static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct conn *c = arg;

	if (!c)
		return ERR_OK;
	if (c->closing && !c->out_left)
		conn_close(pcb, c);
	else
		conn_run(pcb, c);
	return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;

	if (err != ERR_OK || !p) {         /* the peer closed its side */
		if (p)
			pbuf_free(p);
		c->peer_closed = true;
	} else if (c->closing) {           /* after a closing answer: read and dropped */
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	} else if (c->pending) {
		pbuf_cat(c->pending, p);
	} else {
		c->pending = p;
		c->pending_off = 0;
	}
	conn_run(pcb, c);
	return ERR_OK;
}

/* A reset, or lwIP gave up on the connection: lwIP freed the pcb already. */
static void on_err(void *arg, err_t err)
{
	struct conn *c = arg;

	(void)err;
	if (c)
		conn_free(c);
	count.reset++;
	count.closed++;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct conn *c;

	(void)arg;
	if (err != ERR_OK || !pcb)          /* lwIP had no pcb for it */
		return ERR_VAL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	count.accepted++;
	tcp_arg(pcb, c);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
	tcp_poll(pcb, on_poll, 2);
	return ERR_OK;
}

/* Builds an answer: status line, headers, then the body. False: no memory. */
static bool make_reply(struct reply *a, enum status s, bool close, const char *body, size_t body_len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %s\r\nServer: httpreply\r\n"
			 "Content-Type: %s\r\nContent-Length: %lu\r\n%s"
			 "Connection: %s\r\n\r\n",
			 status_text[s].line,
			 s == S200 ? "text/html; charset=utf-8" : "text/plain",
			 (unsigned long)body_len,
			 s == S405 ? "Allow: GET, HEAD\r\n" : "",
			 close ? "close" : "keep-alive");

	a->data = malloc((size_t)n + body_len);
	if (!a->data)
		return false;
	memcpy(a->data, head, (size_t)n);
	memcpy(a->data + n, body, body_len);
	a->head_len = (size_t)n;
	a->len = (size_t)n + body_len;
	return true;
}

static bool make_replies(void)
{
	static const char bye[] = "stopping\n";

	for (int s = 0; s < S_COUNT; s++)
		for (int close = 0; close < 2; close++) {
			const char *body = s == S200 ? httpreply_page : status_text[s].body;
			size_t len = s == S200 ? (size_t)(httpreply_page_end - httpreply_page) : strlen(body);

			if (!make_reply(&replies[s][close], s, close, body, len))
				return false;
		}
	return make_reply(&quit_reply, S200, true, bye, sizeof(bye) - 1);
}

int main(int argc, char *argv[])
{
	const char *port_word = argc > 1 ? argv[1] : "80";
	int port = atoi(port_word);
	struct tcp_pcb *listener;
	unsigned long halts = 0;
	bool lingering = false;
	u32_t quit_at = 0;

	if (port <= 0 || port > 65535) {
		printf("httpreply: bad port %s\n", port_word);
		return 3;
	}
	if (argc > 2) {
		if (argv[2][0] != '/') {
			printf("httpreply: the stop path %s does not start with /\n", argv[2]);
			return 3;
		}
		quit_path = argv[2];
		quit_path_len = strlen(quit_path);
	}
	if (!make_replies()) {
		printf("httpreply: no memory for the answers\n");
		return 4;
	}
	if (!uk_lwip_start())
		return 2;
	listener = tcp_new();
	if (!listener || tcp_bind(listener, IP_ANY_TYPE, port) != ERR_OK) {
		printf("httpreply: cannot bind port %d\n", port);
		return 4;
	}
	listener = tcp_listen(listener);
	tcp_accept(listener, on_accept);
	printf("httpreply: serving %lu bytes on port %d\n",
	       (unsigned long)(httpreply_page_end - httpreply_page), port);
	/* After a stop, a short while more of polling: the last answer and the FIN go out. */
	for (;;) {
		if (quit && !lingering) {
			lingering = true;
			quit_at = sys_now();
		} else if (lingering && sys_now() - quit_at >= QUIT_LINGER_MS) {
			break;
		}
		if (!uk_lwip_poll())
			halts = uk_lwip_wait();
	}
	printf("httpreply: %lu connections, %lu closed (%lu reset); %lu requests: "
	       "%lu 200, %lu 404, %lu 400, %lu 405, %lu 501, %lu 505\n",
	       count.accepted, count.closed, count.reset, count.requests,
	       count.answers[S200], count.answers[S404], count.answers[S400],
	       count.answers[S405], count.answers[S501], count.answers[S505]);
	if (halts)
		printf("httpreply: the CPU halted %lu times\n", halts);
	return 0;
}
