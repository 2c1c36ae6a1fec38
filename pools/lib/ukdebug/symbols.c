/* SPDX-License-Identifier: MIT */
/*
 * The image's symbol table, for naming code addresses in crash reports.
 *
 * The build links every image twice (native/rules.mk): the text symbols
 * of the first link become the table `uk_symtab` (native/tools/symtab.sh),
 * which the second link places at the end of the read-only data, so that
 * no code moves. The weak empty table below stands in for it during the
 * first link, and in any build that does not make one. Without
 * CONFIG_UKDEBUG_SYMBOLS nothing refers to the table and the link drops it.
 */
#include <uk/crash.h>

struct uk_symtab_entry {
	uint32_t addr;      /* offset from uk_symtab.base */
	uint32_t name;      /* offset into the names after the entries */
};

struct uk_symtab {
	uint64_t base;
	uint32_t count;
	uint32_t reserved;
	struct uk_symtab_entry entry[];  /* sorted by addr; names follow */
};

const struct uk_symtab uk_symtab __weak = { 0 };

#if CONFIG_UKDEBUG_SYMBOLS
const char *uk_symbol_lookup(uintptr_t addr, uintptr_t *offset)
{
	const struct uk_symtab *t = &uk_symtab;
	const char *names;
	uint32_t lo = 0, hi;
	uint64_t rel;

	/* The compiler sees only the weak empty table: hide it, the link
	 * puts the real one there. */
	__asm__("" : "+r"(t));
	names = (const char *)&t->entry[t->count];
	hi = t->count;
	if (!t->count || addr < t->base || addr - t->base > UINT32_MAX)
		return NULL;
	rel = addr - t->base;
	/* Last entry at or below rel. */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->entry[mid].addr <= rel)
			lo = mid;
		else
			hi = mid;
	}
	if (t->entry[lo].addr > rel)
		return NULL;
	/* The last entry marks the end of the code. */
	if (lo == t->count - 1)
		return NULL;
	*offset = rel - t->entry[lo].addr;
	return names + t->entry[lo].name;
}
#else
const char *uk_symbol_lookup(uintptr_t addr, uintptr_t *offset)
{
	return NULL;
}
#endif
