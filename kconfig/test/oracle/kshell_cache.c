/*
 * kshell_cache.c - LD_PRELOAD shim that records and replays the output of
 * popen(cmd, "r"), which is how scripts/kconfig/conf runs $(shell,cmd).
 *
 * Contract shared with the TypeScript engine (ukconfig):
 *   KSHELL_CACHE=<dir>  enables the cache; unset = plain popen().
 *   <dir>/<key>         holds the raw stdout of <cmd>, where <key> is an
 *                       FNV-1a-style 64-bit hash of the command bytes (no
 *                       NUL), printed as 16 lower-case hex digits ("%016llx").
 *                       The offset basis is 1469598103934665603, as in the
 *                       benchmark shim shared/bench-tools/popen_cache.c, so
 *                       that one recording serves conf, kconfiglib and ours.
 *   On a miss the command really runs (stdout only, stderr untouched), its
 *   output is stored atomically (temp file + rename) and then replayed.
 *
 * Build: gcc -O2 -shared -fPIC -o kshell_cache.so kshell_cache.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef FILE *(*popen_fn)(const char *, const char *);
typedef int (*pclose_fn)(FILE *);

struct replayed { FILE *stream; struct replayed *next; };
static struct replayed *replayed_streams;

static popen_fn next_popen(void)
{
	static popen_fn fn;
	if (!fn) fn = (popen_fn)dlsym(RTLD_NEXT, "popen");
	return fn;
}

static pclose_fn next_pclose(void)
{
	static pclose_fn fn;
	if (!fn) fn = (pclose_fn)dlsym(RTLD_NEXT, "pclose");
	return fn;
}

static unsigned long long fnv1a64(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Run cmd for real and store its stdout as <path>; 0 on success. */
static int record(const char *cmd, const char *path)
{
	char tmp[4200];
	char buf[8192];
	size_t n;
	FILE *in, *out;

	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	in = next_popen()(cmd, "r");
	if (!in)
		return -1;
	out = fopen(tmp, "w");
	if (!out) {
		next_pclose()(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	next_pclose()(in);
	if (fclose(out) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

FILE *popen(const char *cmd, const char *mode)
{
	const char *dir = getenv("KSHELL_CACHE");
	char path[4096];
	FILE *f;
	struct replayed *r;

	if (!dir || !*dir || !cmd || !mode || mode[0] != 'r')
		return next_popen()(cmd, mode);

	snprintf(path, sizeof(path), "%s/%016llx", dir, fnv1a64(cmd));
	f = fopen(path, "r");
	if (!f && record(cmd, path) == 0)
		f = fopen(path, "r");
	if (!f)
		return next_popen()(cmd, mode);

	r = malloc(sizeof(*r));
	if (r) {
		r->stream = f;
		r->next = replayed_streams;
		replayed_streams = r;
	}
	return f;
}

int pclose(FILE *stream)
{
	struct replayed **pp, *r;

	for (pp = &replayed_streams; (r = *pp); pp = &r->next) {
		if (r->stream == stream) {
			*pp = r->next;
			free(r);
			fclose(stream);
			return 0;	/* replayed commands report exit status 0 */
		}
	}
	return next_pclose()(stream);
}
