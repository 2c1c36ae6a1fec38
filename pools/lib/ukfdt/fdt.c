/* SPDX-License-Identifier: MIT */
#include <uk/fdt.h>
#include <string.h>

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

/* Header fields, all big-endian 32-bit words. */
enum {
	H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP,
	H_VERSION, H_LAST_COMP_VERSION, H_BOOT_CPUID, H_SIZE_STRINGS,
	H_SIZE_STRUCT
};

/*
 * The header and every token of the structure block are 4-byte aligned
 * (spec 5.2 and 5.4), so words are read with aligned loads: safe with the
 * MMU off, and much cheaper than byte loads on a large tree.
 */
static uint32_t be32(const void *p)
{
	return __builtin_bswap32(*(const uint32_t *)p);
}

static uint32_t hdr(const void *fdt, int field)
{
	return be32((const uint8_t *)fdt + field * 4);
}

static const uint8_t *structure(const void *fdt)
{
	return (const uint8_t *)fdt + hdr(fdt, H_OFF_STRUCT);
}

static uint32_t struct_size(const void *fdt)
{
	/* size_dt_struct exists from version 17; bound by totalsize else. */
	if (hdr(fdt, H_VERSION) >= 17)
		return hdr(fdt, H_SIZE_STRUCT);
	return hdr(fdt, H_TOTALSIZE) - hdr(fdt, H_OFF_STRUCT);
}

int ukfdt_check(const void *fdt)
{
	/* The spec requires 8-byte alignment; we rely on it for loads. */
	if (!fdt || ((uintptr_t)fdt & 7) || hdr(fdt, H_MAGIC) != FDT_MAGIC)
		return UKFDT_EBADBLOB;
	if (hdr(fdt, H_LAST_COMP_VERSION) > 17 || hdr(fdt, H_VERSION) < 16)
		return UKFDT_EBADBLOB;
	return 0;
}

uint32_t ukfdt_totalsize(const void *fdt)
{
	return hdr(fdt, H_TOTALSIZE);
}

static int align4(int off)
{
	return (off + 3) & ~3;
}

/* Offset of the token after the one at `off`, or an error. */
static int next_token(const void *fdt, int off, uint32_t *tag)
{
	const uint8_t *s = structure(fdt);
	uint32_t size = struct_size(fdt);

	if (off < 0 || (uint32_t)off + 4 > size)
		return UKFDT_EBADBLOB;
	*tag = be32(s + off);
	off += 4;
	switch (*tag) {
	case FDT_BEGIN_NODE:
		off += strnlen((const char *)s + off, size - off) + 1;
		return align4(off);
	case FDT_PROP:
		if ((uint32_t)off + 8 > size)
			return UKFDT_EBADBLOB;
		return align4(off + 8 + be32(s + off));
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		return off;
	default:
		return UKFDT_EBADBLOB;
	}
}

int ukfdt_root(const void *fdt)
{
	uint32_t tag;
	int off = 0, next;

	/* Skip leading NOPs. */
	for (;;) {
		next = next_token(fdt, off, &tag);
		if (next < 0)
			return next;
		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag != FDT_NOP)
			return UKFDT_EBADBLOB;
		off = next;
	}
}

int ukfdt_next_node(const void *fdt, int node, int *depth)
{
	uint32_t tag;
	int off = next_token(fdt, node, &tag);

	if (off < 0 || tag != FDT_BEGIN_NODE)
		return UKFDT_EBADBLOB;
	for (;;) {
		int cur = off;

		off = next_token(fdt, cur, &tag);
		if (off < 0)
			return off;
		switch (tag) {
		case FDT_BEGIN_NODE:
			(*depth)++;
			return cur;
		case FDT_END_NODE:
			(*depth)--;
			break;
		case FDT_END:
			return UKFDT_EEND;
		}
	}
}

const char *ukfdt_node_name(const void *fdt, int node)
{
	return (const char *)structure(fdt) + node + 4;
}

/* Compares a path component with a node name; "@unit" may be omitted. */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	if (strncmp(name, comp, len))
		return false;
	return name[len] == '\0' ||
	       (name[len] == '@' && !memchr(comp, '@', len));
}

int ukfdt_path(const void *fdt, const char *path)
{
	int node = ukfdt_root(fdt);
	int depth = 0;

	if (node < 0 || *path != '/')
		return UKFDT_ENOTFOUND;
	while (*path == '/')
		path++;
	while (*path) {
		size_t len = strcspn(path, "/");
		int want = depth + 1;
		bool found = false;

		/* Scan the children of the current node. */
		for (;;) {
			node = ukfdt_next_node(fdt, node, &depth);
			if (node < 0 || depth < want)
				return UKFDT_ENOTFOUND;
			if (depth == want &&
			    name_matches(ukfdt_node_name(fdt, node), path, len)) {
				found = true;
				break;
			}
		}
		if (!found)
			return UKFDT_ENOTFOUND;
		path += len;
		while (*path == '/')
			path++;
	}
	return node;
}

const void *ukfdt_getprop(const void *fdt, int node, const char *name,
			  int *len)
{
	int prop;

	for (prop = ukfdt_first_prop(fdt, node); prop >= 0;
	     prop = ukfdt_next_prop(fdt, prop)) {
		const char *pname;
		const void *value = ukfdt_prop(fdt, prop, &pname, len);

		if (!strcmp(pname, name))
			return value;
	}
	return NULL;
}

bool ukfdt_compat_has(const char *p, int len, const char *compat)
{
	const char *end = p + len;

	/* A list of NUL-terminated strings. */
	for (; p < end; p += strnlen(p, end - p) + 1)
		if (!strcmp(p, compat))
			return true;
	return false;
}

bool ukfdt_is_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *p = ukfdt_getprop(fdt, node, "compatible", &len);

	return p && ukfdt_compat_has(p, len, compat);
}

int ukfdt_find_compatible(const void *fdt, int from, const char *compat)
{
	int depth = 0;
	int node = from < 0 ? ukfdt_root(fdt) : ukfdt_next_node(fdt, from,
								  &depth);

	for (; node >= 0; node = ukfdt_next_node(fdt, node, &depth))
		if (ukfdt_is_compatible(fdt, node, compat))
			return node;
	return UKFDT_ENOTFOUND;
}

/* First property token at or after `off` in the current node. */
static int scan_props(const void *fdt, int off)
{
	uint32_t tag;

	for (;;) {
		int cur = off;

		off = next_token(fdt, cur, &tag);
		if (off < 0)
			return off;
		if (tag == FDT_PROP)
			return cur;
		if (tag != FDT_NOP)
			return UKFDT_ENOTFOUND;  /* child node or end of node */
	}
}

int ukfdt_first_prop(const void *fdt, int node)
{
	uint32_t tag;
	int off = next_token(fdt, node, &tag);

	if (off < 0 || tag != FDT_BEGIN_NODE)
		return UKFDT_EBADBLOB;
	return scan_props(fdt, off);
}

int ukfdt_next_prop(const void *fdt, int prop)
{
	uint32_t tag;
	int off = next_token(fdt, prop, &tag);

	if (off < 0 || tag != FDT_PROP)
		return UKFDT_EBADBLOB;
	return scan_props(fdt, off);
}

const void *ukfdt_prop(const void *fdt, int prop, const char **name, int *len)
{
	const uint8_t *s = structure(fdt) + prop;

	if (name)
		*name = (const char *)fdt + hdr(fdt, H_OFF_STRINGS) +
			be32(s + 8);
	if (len)
		*len = be32(s + 4);
	return s + 12;
}

uint64_t ukfdt_read_cells(const void *p, int cells)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < cells; i++)
		v = (v << 32) | be32((const uint8_t *)p + 4 * i);
	return v;
}

int ukfdt_reg(const void *fdt, int node, int index, int addr_cells,
	      int size_cells, uint64_t *addr, uint64_t *size)
{
	int len, entry = 4 * (addr_cells + size_cells);
	const uint8_t *p = ukfdt_getprop(fdt, node, "reg", &len);

	if (!p || entry == 0 || (index + 1) * entry > len)
		return UKFDT_ENOTFOUND;
	p += index * entry;
	*addr = ukfdt_read_cells(p, addr_cells);
	*size = ukfdt_read_cells(p + 4 * addr_cells, size_cells);
	return 0;
}

static int cells_prop(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const void *p = ukfdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? (int)be32(p) : dflt;
}

int ukfdt_address_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int ukfdt_size_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

int ukfdt_memreserve(const void *fdt, int i, uint64_t *addr, uint64_t *size)
{
	const uint8_t *p = (const uint8_t *)fdt + hdr(fdt, H_OFF_RSVMAP) +
			   16 * i;

	*addr = ukfdt_read_cells(p, 2);
	*size = ukfdt_read_cells(p + 8, 2);
	return (*addr == 0 && *size == 0) ? UKFDT_EEND : 0;
}
