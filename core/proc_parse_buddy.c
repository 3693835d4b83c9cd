/* core/proc_parse_buddy.c - reading a real machine's /proc/buddyinfo and
 * /proc/pagetypeinfo (realmachine.h), as mm/vmstat.c prints them in kernels
 * 4.x to 6.x (the layouts are drawn at the top of proc_parse.c, which reads
 * zoneinfo):
 *
 *   frag_show_print()       "Node 0, zone   Normal" + one count per order.
 *   pagetypeinfo_show()     free blocks per migratetype and order (5.5+
 *                           prints ">100000" once a list is that long),
 *                           then "Number of blocks type", and with
 *                           CONFIG_PAGE_OWNER "Number of mixed blocks".
 */
#include "buddyscope/realmachine.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "realmachine_int.h"
#include "textparse.h"

/* ---- /proc/buddyinfo ---- */

/* Up to MAX_ORDER counts from word @first on; "" past the end is an error. */
static int read_orders(struct parser *ps, const struct words *w, int first, unsigned long *out,
		       uint8_t *over, int mt)
{
	int n = w->n - first;

	if (n > MAX_ORDER)	/* arm64 16/64 KiB pages: 12 or 14 orders */
		return tp_err(ps, "%d free counts: a kernel with orders 0..%d (larger pages, or "
			      "a raised ARCH_FORCE_MAX_ORDER); buddyscope models orders 0..%d "
			      "(x86-64, 4 KiB pages)", n, n - 1, MAX_ORDER - 1);
	if (n < 1)
		return tp_err(ps, "no free counts; accepted: 1..%d (one per order, MAX_ORDER %d)",
			      MAX_ORDER, MAX_ORDER);
	for (int o = 0; o < n; o++) {
		const char *s = w->s[first + o];
		int len = w->len[first + o];
		unsigned long v;

		if (over && len > 1 && s[0] == '>') {	/* pagetypeinfo, 5.5+: ">100000" */
			over[o] |= (uint8_t)(1u << mt);
			s++;
			len--;
		}
		if (!tp_dec(s, len, (unsigned long)LONG_MAX, &v))
			return tp_err(ps, "free count '%.*s' at order %d %s", WORD(w, first + o),
				      o, tp_dec_why(s, len));
		out[o] = v;
	}
	return 0;
}

int real_parse_buddyinfo(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct parser ps;
	struct words w;
	int rows = 0, width = 0, ret;

	tp_init(&ps, text, err, errlen);
	while (tp_next_words(&ps, false, &w)) {
		struct real_zone *z;
		int nid, zid;

		if (!w.n)
			continue;
		if (w.n < 5 || !tp_word_is(&w, 0, "Node") || !tp_word_is(&w, 2, "zone"))
			return tp_err(&ps, "not a buddyinfo line; accepted: Node N, zone NAME COUNT...");
		ret = real_node_word(&ps, &w, 1, &nid);
		if (ret)
			return ret;
		zid = real_zone_word(&w, 3);
		if (zid == ZID_DEVICE)
			continue;
		if (zid < 0)
			return real_zone_error(&ps, &w, 3, zid);
		z = &rm->zones[nid][zid];
		if (z->have_buddy)
			return tp_err(&ps, "node %d zone %s listed twice", nid, real_zone_names[zid]);
		/* every line has one count per order: fewer is a line cut short */
		if (width && w.n - 4 != width)
			return tp_err(&ps, "%d free counts, the lines before have %d (file cut short?)",
				      w.n - 4, width);
		width = w.n - 4;
		memset(z->nr_free, 0, sizeof(z->nr_free));
		ret = read_orders(&ps, &w, 4, z->nr_free, NULL, 0);
		if (ret)
			return ret;
		z->have_buddy = true;
		rows++;
	}
	if (!rows) {
		ps.line = ps.line ? ps.line : 1;
		return tp_err(&ps, "no zone lines; accepted: the text of /proc/buddyinfo");
	}
	/* the kernel ends every line with a newline: a short last one was cut */
	if (width < MAX_ORDER && text[0] && text[strlen(text) - 1] != '\n')
		return tp_err(&ps, "%d free counts and no newline at the end (file cut short?)",
			      width);
	rm->have |= RF_BUDDYINFO;
	return 0;
}

/* ---- /proc/pagetypeinfo ---- */

/*
 * Migratetype by the name pagetypeinfo prints. -1: unknown.
 * "Reserve" is MIGRATE_RESERVE (2.6.24 to 4.3): setup_zone_migrate_reserve()
 * turned Movable pageblocks into it, as many as the min watermark asked,
 * and __rmqueue() took from it only when every other type was empty. 4.4
 * removed it (its highatomic reserve is another thing: filled on demand by
 * high-order atomic allocations, and held back from the watermark checks).
 * The kernels modelled have no such type, so Reserve reads as Movable, the
 * type those pageblocks had before boot took them; realmachine_finish()
 * says so.
 */
int real_migratetype_word(const struct words *w, int i)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (tp_word_is(w, i, migratetype_names[mt]))
			return mt;
	if (tp_word_is(w, i, "Reserve"))
		return MIGRATE_MOVABLE;
	return -1;
}

struct pt_state {
	struct parser	ps;
	struct real_machine *rm;
	int		cols[MIGRATE_TYPES + 2];	/* block table: column -> mt */
	int		ncols;
	int		reserve_col;	/* the block table's Reserve column, or -1 */
	enum { PT_NONE, PT_FREE, PT_BLOCKS, PT_MIXED } table;
	int		free_rows, block_rows;
	int		norders;	/* columns of the free-count table's header */
};

static int pt_header(struct pt_state *pt, const struct words *w)
{
	unsigned long v;

	if (tp_word_is(w, 0, "Page") && tp_word_is(w, 1, "block") && tp_word_is(w, 2, "order:")) {
		if (w->n != 4 || !tp_dec(w->s[3], w->len[3], 64, &v))
			return tp_err(&pt->ps, "bad 'Page block order' line");
		if (v != pageblock_order)
			return tp_err(&pt->ps, "pageblock order %lu; buddyscope models pageblock_order "
				      "%d (x86-64 with 4 KiB pages)", v, pageblock_order);
		pt->table = PT_NONE;
		return 1;
	}
	if (tp_word_is(w, 0, "Pages") && tp_word_is(w, 1, "per") && tp_word_is(w, 2, "block:")) {
		if (w->n != 4 || !tp_dec(w->s[3], w->len[3], 1UL << 20, &v) ||
		    v != pageblock_nr_pages)
			return tp_err(&pt->ps, "pages per block must be %lu", pageblock_nr_pages);
		return 1;
	}
	if (tp_word_is(w, 0, "Free") && tp_word_is(w, 1, "pages")) {
		pt->table = PT_FREE;
		pt->norders = 0;	/* "... at order       0      1 ...     10" */
		for (int i = 2; i < w->n; i++)
			if (tp_word_is(w, i, "order"))
				pt->norders = w->n - i - 1;
		return 1;
	}
	if (tp_word_is(w, 0, "Number") && tp_word_is(w, 1, "of")) {
		int first = tp_word_is(w, 2, "blocks") ? 4 : tp_word_is(w, 2, "mixed") ? 4 : -1;

		if (first < 0 || !tp_word_is(w, 3, tp_word_is(w, 2, "blocks") ? "type" : "blocks"))
			return tp_err(&pt->ps, "bad table header; accepted: Number of blocks type ...");
		pt->table = tp_word_is(w, 2, "blocks") ? PT_BLOCKS : PT_MIXED;
		pt->ncols = 0;
		pt->reserve_col = -1;
		for (int i = first; i < w->n; i++) {
			int mt = real_migratetype_word(w, i);

			if (mt < 0)
				return tp_err(&pt->ps, "unknown migratetype '%.*s'; accepted: %s, %s, %s, "
					      "%s, %s, %s", WORD(w, i), migratetype_names[0],
					      migratetype_names[1], migratetype_names[2],
					      migratetype_names[3], migratetype_names[4],
					      migratetype_names[5]);
			if (pt->ncols == MIGRATE_TYPES + 2)
				return tp_err(&pt->ps, "too many migratetype columns");
			pt->cols[pt->ncols++] = mt;
			if (pt->table == PT_BLOCKS)
				pt->rm->mt_columns |= 1u << mt;
			if (tp_word_is(w, i, "Reserve")) {
				pt->rm->mt_reserve = true;
				pt->reserve_col = pt->ncols - 1;
			}
		}
		return 1;
	}
	return 0;
}

/* "Node    0, zone      DMA, type    Unmovable      0      0 ..." */
static int pt_free_row(struct pt_state *pt, const struct words *w)
{
	unsigned long counts[MAX_ORDER] = { 0 };
	struct real_zone *z;
	int nid, zid, mt, ret;

	if (w->n < 7 || !tp_word_is(w, 2, "zone") || !tp_word_is(w, 4, "type"))
		return tp_err(&pt->ps, "bad free-count line; accepted: Node N, zone NAME, type TYPE "
			      "COUNT...");
	ret = real_node_word(&pt->ps, w, 1, &nid);
	if (ret)
		return ret;
	zid = real_zone_word(w, 3);
	mt = real_migratetype_word(w, 5);
	if (zid == ZID_DEVICE)
		return 0;
	if (zid < 0)
		return real_zone_error(&pt->ps, w, 3, zid);
	if (mt < 0)
		return tp_err(&pt->ps, "unknown migratetype '%.*s'", WORD(w, 5));
	if (pt->norders && w->n - 6 != pt->norders)
		return tp_err(&pt->ps, "%d free counts under %d order columns (file cut short?)",
			      w->n - 6, pt->norders);
	z = &pt->rm->zones[nid][zid];
	ret = read_orders(&pt->ps, w, 6, counts, z->over_mt, mt);
	if (ret)
		return ret;
	for (int o = 0; o < MAX_ORDER; o++)
		z->nr_free_mt[o][mt] += counts[o];	/* "Reserve" adds to Movable */
	z->have_ptfree = true;
	pt->free_rows++;
	return 0;
}

/* "Node 0, zone      DMA            1            7 ..." */
static int pt_block_row(struct pt_state *pt, const struct words *w)
{
	struct real_zone *z;
	int nid, zid, ret;

	if (w->n < 4 || !tp_word_is(w, 2, "zone"))
		return tp_err(&pt->ps, "bad block-count line; accepted: Node N, zone NAME COUNT...");
	ret = real_node_word(&pt->ps, w, 1, &nid);
	if (ret)
		return ret;
	zid = real_zone_word(w, 3);
	if (zid == ZID_DEVICE || pt->table == PT_MIXED)
		return 0;
	if (zid < 0)
		return real_zone_error(&pt->ps, w, 3, zid);
	if (w->n - 4 != pt->ncols)
		return tp_err(&pt->ps, "%d block counts under %d migratetype columns", w->n - 4,
			      pt->ncols);
	z = &pt->rm->zones[nid][zid];
	memset(z->blocks, 0, sizeof(z->blocks));
	for (int i = 0; i < pt->ncols; i++) {
		unsigned long v;

		if (!tp_dec(w->s[4 + i], w->len[4 + i], (unsigned long)LONG_MAX, &v))
			return tp_err(&pt->ps, "block count '%.*s' %s", WORD(w, 4 + i),
				      tp_dec_why(w->s[4 + i], w->len[4 + i]));
		z->blocks[pt->cols[i]] += v;
		if (i == pt->reserve_col && pt->table == PT_BLOCKS)
			pt->rm->reserve_blocks += v;
	}
	z->have_blocks = true;
	pt->block_rows++;
	return 0;
}

int real_parse_pagetypeinfo(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct pt_state pt;
	struct words w;
	int ret = 0;

	memset(&pt, 0, sizeof(pt));
	pt.rm = rm;
	tp_init(&pt.ps, text, err, errlen);
	while (!ret && tp_next_words(&pt.ps, false, &w)) {
		if (!w.n)
			continue;
		ret = pt_header(&pt, &w);
		if (ret)
			ret = ret < 0 ? ret : 0;
		else if (!tp_word_is(&w, 0, "Node"))
			ret = tp_err(&pt.ps, "not a pagetypeinfo line; accepted: the text of "
				     "/proc/pagetypeinfo");
		else if (pt.table == PT_FREE)
			ret = pt_free_row(&pt, &w);
		else if (pt.table == PT_BLOCKS || pt.table == PT_MIXED)
			ret = pt_block_row(&pt, &w);
		else
			ret = tp_err(&pt.ps, "zone line outside a table");
	}
	if (ret)
		return ret;
	if (!pt.free_rows || !pt.block_rows) {
		pt.ps.line = pt.ps.line ? pt.ps.line : 1;
		return tp_err(&pt.ps, "no %s table (file truncated?); accepted: the text of "
			      "/proc/pagetypeinfo", pt.free_rows ? "'Number of blocks type'" :
			      "free-count");
	}
	rm->have |= RF_PAGETYPEINFO;
	return 0;
}
