/* SPDX-License-Identifier: MIT */
/*
 * Read-only access to a flattened device tree (DTB, devicetree
 * specification v0.4, chapter 5). Nodes are designated by their byte
 * offset in the structure block; offsets are only valid for the blob they
 * came from. Negative return values are errors (UKFDT_E*).
 */
#ifndef UK_FDT_H
#define UK_FDT_H

#include <uk/essentials.h>

#define UKFDT_ENOTFOUND  (-1)
#define UKFDT_EBADBLOB   (-2)
#define UKFDT_EEND       (-3)

/* 0 if fdt looks like a device tree blob we can read. */
int ukfdt_check(const void *fdt);
/* Total size of the blob in bytes (header field). */
uint32_t ukfdt_totalsize(const void *fdt);

/* Offset of the root node. */
int ukfdt_root(const void *fdt);

/*
 * Next node in document order after `node`; *depth is adjusted (+1 for a
 * child, 0 for a sibling, negative when climbing out). Returns UKFDT_EEND
 * after the last node.
 */
int ukfdt_next_node(const void *fdt, int node, int *depth);

/* Node name including the unit address ("memory@40000000"). */
const char *ukfdt_node_name(const void *fdt, int node);

/* Finds a node by absolute path ("/chosen"), unit addresses optional. */
int ukfdt_path(const void *fdt, const char *path);

/* Property value and length, or NULL. */
const void *ukfdt_getprop(const void *fdt, int node, const char *name,
			  int *len);

/*
 * Property iteration: offsets of the node's property tokens, in order.
 * Both return a negative value after the last property.
 */
int ukfdt_first_prop(const void *fdt, int node);
int ukfdt_next_prop(const void *fdt, int prop);
/* Name, length and value of the property at offset prop. */
const void *ukfdt_prop(const void *fdt, int prop, const char **name,
		       int *len);

/* True if `compat` is one of the strings of a "compatible" value. */
bool ukfdt_compat_has(const char *value, int len, const char *compat);

/* True if the node's "compatible" list contains `compat`. */
bool ukfdt_is_compatible(const void *fdt, int node, const char *compat);

/* First node after `from` (UKFDT_EEND for the start) compatible with
 * `compat`, or UKFDT_ENOTFOUND. */
int ukfdt_find_compatible(const void *fdt, int from, const char *compat);

/* Big-endian cell reading. */
uint64_t ukfdt_read_cells(const void *p, int cells);

/*
 * Entry `index` of the node's "reg" property, decoded with the given cell
 * counts (those of the parent node). Returns 0 or UKFDT_ENOTFOUND.
 */
int ukfdt_reg(const void *fdt, int node, int index, int addr_cells,
	      int size_cells, uint64_t *addr, uint64_t *size);

/* #address-cells / #size-cells of a node (defaults 2 / 1 per the spec). */
int ukfdt_address_cells(const void *fdt, int node);
int ukfdt_size_cells(const void *fdt, int node);

/* Memory reservation block entry `i`; 0, or UKFDT_EEND past the last. */
int ukfdt_memreserve(const void *fdt, int i, uint64_t *addr, uint64_t *size);

#endif /* UK_FDT_H */
