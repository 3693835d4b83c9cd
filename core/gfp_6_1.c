/* core/gfp_6_1.c - GFP flags as Linux 6.1 names and numbers them.
 * Models include/linux/gfp_types.h and include/trace/events/mmflags.h
 * (6.1, x86-64, no CONFIG_KASAN_HW_TAGS, no CONFIG_LOCKDEP).
 *
 * The engine keeps one meaning per bit (buddyscope/gfp.h numbers them as
 * v4.5 did). 6.1 renumbered the bits and renamed one: the slot of v4.5's
 * __GFP_REPEAT is 6.1's __GFP_RETRY_MAYFAIL (4.13), with 6.1's meaning
 * ("retry, but may fail and never OOM-kill"). __GFP_COLD, __GFP_NOTRACK and
 * __GFP_OTHER_NODE are gone, so a 6.1 machine neither prints nor accepts
 * them. Under 6.1 every mask is printed and parsed in 6.1's numbering:
 * GFP_KERNEL is 0xcc0, GFP_HIGHUSER_MOVABLE 0x100cca, as a real 6.1 log says
 * them.
 *
 * 6.1 also defines flags that steer nothing the model has, so the model has
 * no bit for them: __GFP_ZEROTAGS (0x800000, arm64 memory tags), and
 * __GFP_SKIP_ZERO, __GFP_SKIP_KASAN_UNPOISON, __GFP_SKIP_KASAN_POISON
 * (0x1000000, 0x2000000, 0x4000000 with CONFIG_KASAN_HW_TAGS, else 0) and
 * __GFP_NOLOCKDEP (0x8000000 with CONFIG_LOCKDEP, else 0). Their names parse
 * (into no model bits) and `show gfp` says their 6.1 value (gfp_parse_6_1).
 */
#include "buddyscope/gfp.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ___GFP_* of 6.1's gfp_types.h */
enum {
	G61_DMA = 0x01, G61_HIGHMEM = 0x02, G61_DMA32 = 0x04, G61_MOVABLE = 0x08,
	G61_RECLAIMABLE = 0x10, G61_HIGH = 0x20, G61_IO = 0x40, G61_FS = 0x80,
	G61_ZERO = 0x100, G61_ATOMIC = 0x200, G61_DIRECT_RECLAIM = 0x400,
	G61_KSWAPD_RECLAIM = 0x800, G61_WRITE = 0x1000, G61_NOWARN = 0x2000,
	G61_RETRY_MAYFAIL = 0x4000, G61_NOFAIL = 0x8000, G61_NORETRY = 0x10000,
	G61_MEMALLOC = 0x20000, G61_COMP = 0x40000, G61_NOMEMALLOC = 0x80000,
	G61_HARDWALL = 0x100000, G61_THISNODE = 0x200000, G61_ACCOUNT = 0x400000,
	G61_ZEROTAGS = GFP61_ZEROTAGS,
};

/* the model's bit -> 6.1's bit (0: no such flag in 6.1) */
static const struct { gfp_t bit; unsigned int v61; } bitmap_61[] = {
	{ GFP_F_DMA, G61_DMA }, { GFP_F_HIGHMEM, G61_HIGHMEM }, { GFP_F_DMA32, G61_DMA32 },
	{ GFP_F_MOVABLE, G61_MOVABLE }, { GFP_F_RECLAIMABLE, G61_RECLAIMABLE },
	{ GFP_F_HIGH, G61_HIGH }, { GFP_F_IO, G61_IO }, { GFP_F_FS, G61_FS },
	{ GFP_F_COLD, 0 }, { GFP_F_NOWARN, G61_NOWARN }, { GFP_F_REPEAT, G61_RETRY_MAYFAIL },
	{ GFP_F_NOFAIL, G61_NOFAIL }, { GFP_F_NORETRY, G61_NORETRY },
	{ GFP_F_MEMALLOC, G61_MEMALLOC }, { GFP_F_COMP, G61_COMP }, { GFP_F_ZERO, G61_ZERO },
	{ GFP_F_NOMEMALLOC, G61_NOMEMALLOC }, { GFP_F_HARDWALL, G61_HARDWALL },
	{ GFP_F_THISNODE, G61_THISNODE }, { GFP_F_ATOMIC, G61_ATOMIC },
	{ GFP_F_ACCOUNT, G61_ACCOUNT }, { GFP_F_NOTRACK, 0 },
	{ GFP_F_DIRECT_RECLAIM, G61_DIRECT_RECLAIM }, { GFP_F_OTHER_NODE, 0 },
	{ GFP_F_WRITE, G61_WRITE }, { GFP_F_KSWAPD_RECLAIM, G61_KSWAPD_RECLAIM },
};
#define NR_BITMAP	(sizeof(bitmap_61) / sizeof(bitmap_61[0]))

unsigned int gfp_to_6_1(gfp_t mask)
{
	unsigned int v = 0;

	for (size_t i = 0; i < NR_BITMAP; i++)
		if (mask & bitmap_61[i].bit)
			v |= bitmap_61[i].v61;
	return v;
}

/* The model's bits that 6.1 does not have. */
gfp_t gfp_absent_in_6_1(gfp_t mask)
{
	gfp_t absent = 0;

	for (size_t i = 0; i < NR_BITMAP; i++)
		if ((mask & bitmap_61[i].bit) && !bitmap_61[i].v61)
			absent |= bitmap_61[i].bit;
	return absent;
}

int gfp_from_6_1(unsigned int v, gfp_t *out, unsigned int *unknown)
{
	gfp_t mask = 0;

	for (size_t i = 0; i < NR_BITMAP; i++)
		if (bitmap_61[i].v61 && (v & bitmap_61[i].v61)) {
			mask |= bitmap_61[i].bit;
			v &= ~bitmap_61[i].v61;
		}
	*unknown = v;
	*out = mask;
	return v ? -1 : 0;
}

#define G61_RECLAIM	(G61_DIRECT_RECLAIM | G61_KSWAPD_RECLAIM)
#define G61_KERNEL	(G61_RECLAIM | G61_IO | G61_FS)
#define G61_USER	(G61_KERNEL | G61_HARDWALL)
#define G61_HIGHUSER_MOVABLE	(G61_USER | G61_HIGHMEM | G61_MOVABLE)
#define G61_TRANSHUGE_LIGHT	((G61_HIGHUSER_MOVABLE | G61_COMP | G61_NOMEMALLOC | \
				  G61_NOWARN) & ~G61_RECLAIM)

/* 6.1's __def_gfpflag_names, in its order (the longest composites first),
 * then the names that parse but never print. */
static const struct { unsigned int v; const char *name; bool print; } names_61[] = {
	{ G61_TRANSHUGE_LIGHT | G61_DIRECT_RECLAIM, "GFP_TRANSHUGE", true },
	{ G61_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT", true },
	{ G61_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE", true },
	{ G61_USER | G61_HIGHMEM, "GFP_HIGHUSER", true },
	{ G61_USER, "GFP_USER", true },
	{ G61_KERNEL | G61_ACCOUNT, "GFP_KERNEL_ACCOUNT", true },
	{ G61_KERNEL, "GFP_KERNEL", true },
	{ G61_RECLAIM | G61_IO, "GFP_NOFS", true },
	{ G61_HIGH | G61_ATOMIC | G61_KSWAPD_RECLAIM, "GFP_ATOMIC", true },
	{ G61_RECLAIM, "GFP_NOIO", true },
	{ G61_KSWAPD_RECLAIM, "GFP_NOWAIT", true },
	{ G61_DMA, "GFP_DMA", true },
	{ G61_HIGHMEM, "__GFP_HIGHMEM", true },
	{ G61_DMA32, "GFP_DMA32", true },
	{ G61_HIGH, "__GFP_HIGH", true },
	{ G61_ATOMIC, "__GFP_ATOMIC", true },
	{ G61_IO, "__GFP_IO", true },
	{ G61_FS, "__GFP_FS", true },
	{ G61_NOWARN, "__GFP_NOWARN", true },
	{ G61_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL", true },
	{ G61_NOFAIL, "__GFP_NOFAIL", true },
	{ G61_NORETRY, "__GFP_NORETRY", true },
	{ G61_COMP, "__GFP_COMP", true },
	{ G61_ZERO, "__GFP_ZERO", true },
	{ G61_NOMEMALLOC, "__GFP_NOMEMALLOC", true },
	{ G61_MEMALLOC, "__GFP_MEMALLOC", true },
	{ G61_HARDWALL, "__GFP_HARDWALL", true },
	{ G61_THISNODE, "__GFP_THISNODE", true },
	{ G61_RECLAIMABLE, "__GFP_RECLAIMABLE", true },
	{ G61_MOVABLE, "__GFP_MOVABLE", true },
	{ G61_ACCOUNT, "__GFP_ACCOUNT", true },
	{ G61_WRITE, "__GFP_WRITE", true },
	{ G61_RECLAIM, "__GFP_RECLAIM", true },
	{ G61_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM", true },
	{ G61_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM", true },
	{ G61_ZEROTAGS, "__GFP_ZEROTAGS", true },
	{ G61_DMA, "__GFP_DMA", false },
	{ G61_DMA32, "__GFP_DMA32", false },
	/* 0 in the 6.1 we model (x86-64, no CONFIG_KASAN_HW_TAGS, no
	 * CONFIG_LOCKDEP): they parse, as the kernel compiles them, to nothing */
	{ 0, "__GFP_SKIP_ZERO", false },
	{ 0, "__GFP_SKIP_KASAN_UNPOISON", false },
	{ 0, "__GFP_SKIP_KASAN_POISON", false },
	{ 0, "__GFP_NOLOCKDEP", false },
};
#define NR_NAMES_61	(sizeof(names_61) / sizeof(names_61[0]))

/* What `show gfp` says of the 6.1 flags the model has no bit for. */
static const struct { unsigned int v; const char *name, *note; } notes_61[] = {
	{ G61_ZEROTAGS, "__GFP_ZEROTAGS", "0x800000, zeroes the memory tags with the page (arm64 MTE); "
	  "buddyscope models no tags" },
	{ 0, "__GFP_SKIP_ZERO", "0 in this 6.1 (x86-64); 0x1000000 only with CONFIG_KASAN_HW_TAGS" },
	{ 0, "__GFP_SKIP_KASAN_UNPOISON", "0 in this 6.1 (x86-64); 0x2000000 only with "
	  "CONFIG_KASAN_HW_TAGS" },
	{ 0, "__GFP_SKIP_KASAN_POISON", "0 in this 6.1 (x86-64); 0x4000000 only with "
	  "CONFIG_KASAN_HW_TAGS" },
	{ 0, "__GFP_NOLOCKDEP", "0 in this 6.1 (no CONFIG_LOCKDEP); 0x8000000 only with it" },
};

#define NR_NOTES_61	(sizeof(notes_61) / sizeof(notes_61[0]))

unsigned int gfp_note_bits_6_1(const char *tok, size_t len, unsigned int v61)
{
	unsigned int bits = 0;

	for (size_t i = 0; i < NR_NOTES_61; i++) {
		const char *n = notes_61[i].name;

		if ((v61 & notes_61[i].v) || (strlen(n) == len && !memcmp(n, tok, len)) ||
		    (strlen(n + 2) == len && !memcmp(n + 2, tok, len)))
			bits |= 1u << i;
	}
	return bits;
}

const char *gfp_note_at_6_1(size_t i, const char **name)
{
	if (i >= NR_NOTES_61)
		return NULL;
	*name = notes_61[i].name;
	return notes_61[i].note;
}

/* Flags that 6.1 no longer has, and the version that dropped them. */
static const struct { const char *name; const char *why; } gone_61[] = {
	{ "__GFP_REPEAT", "4.13 replaced it with __GFP_RETRY_MAYFAIL" },
	{ "__GFP_COLD", "4.15 removed it" },
	{ "__GFP_NOTRACK", "4.15 removed it" },
	{ "__GFP_OTHER_NODE", "4.10 removed it" },
	{ "GFP_TEMPORARY", "4.14 removed it" },
};

/* 6.1's __GFP_* name of one of the model's bits, or NULL (not in 6.1). */
const char *gfp_bit_name_6_1(gfp_t bit)
{
	unsigned int v = gfp_to_6_1(bit);

	for (size_t i = 0; v && i < NR_NAMES_61; i++)
		if (names_61[i].v == v && names_61[i].name[0] == '_')
			return names_61[i].name;
	return NULL;
}

const char *gfp_name_at_6_1(size_t i)
{
	return i < NR_NAMES_61 ? names_61[i].name : NULL;
}

int gfp_lookup_6_1(const char *tok, size_t len, gfp_t *out, const char **why)
{
	unsigned int v61;

	return gfp_lookup_6_1_value(tok, len, out, &v61, why);
}

/* Exact lookup of a 6.1 name (or a __GFP_ bit without its underscores).
 * Return: 0 and *out (the model's mask) and *v61 (6.1's value); 1 with
 * *why for a flag 6.1 lost, -1 for an unknown name. */
int gfp_lookup_6_1_value(const char *tok, size_t len, gfp_t *out, unsigned int *v61,
			 const char **why)
{
	unsigned int unknown;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < NR_NAMES_61; i++) {
			const char *n = names_61[i].name;

			if (pass && n[0] == '_')	/* every such name starts "__" */
				n += 2;
			else if (pass)
				continue;
			if (strlen(n) == len && !memcmp(n, tok, len)) {
				gfp_from_6_1(names_61[i].v, out, &unknown);
				*v61 = names_61[i].v;
				return 0;
			}
		}
	for (size_t i = 0; i < sizeof(gone_61) / sizeof(gone_61[0]); i++) {
		const char *n = gone_61[i].name;

		if ((strlen(n) == len && !memcmp(n, tok, len)) ||
		    (n[0] == '_' && strlen(n + 2) == len && !memcmp(n + 2, tok, len))) {
			*why = gone_61[i].why;
			return 1;
		}
	}
	return -1;
}

/* Models: lib/vsprintf.c format_flags() over 6.1's gfpflag_names (%pGg),
 * the same walk show_gfp_flags() does in 6.1's traces: what no row claims
 * is printed last in hex. @absent: the model's bits 6.1 does not have. */
static size_t format_61(unsigned int left, gfp_t absent, char *buf, size_t len)
{
	size_t pos = 0;

#define PUT(...) (pos += (size_t)snprintf(buf + (pos < len ? pos : len), \
					  pos < len ? len - pos : 0, __VA_ARGS__))
	if (len)
		buf[0] = '\0';
	if (!left && !absent) {
		PUT("none");
		return pos;
	}
	for (size_t i = 0; i < NR_NAMES_61 && left; i++) {
		if (!names_61[i].print || (left & names_61[i].v) != names_61[i].v)
			continue;
		PUT("%s%s", pos ? "|" : "", names_61[i].name);
		left &= ~names_61[i].v;
	}
	if (left)	/* never from gfp_to_6_1(): each bit it makes has a name */
		PUT("%s%#x", pos ? "|" : "", left);
	/* bits 6.1 does not have cannot come from a 6.1 parse; say so if seen */
	if (absent)
		PUT("%s(not in 6.1: %#x)", pos ? "|" : "", absent);
#undef PUT
	return pos;
}

size_t gfp_format_6_1(gfp_t mask, char *buf, size_t len)
{
	return format_61(gfp_to_6_1(mask), gfp_absent_in_6_1(mask), buf, len);
}

size_t gfp_format_6_1_value(unsigned int v, char *buf, size_t len)
{
	return format_61(v, 0, buf, len);
}
