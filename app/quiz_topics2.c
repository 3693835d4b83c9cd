/* app/quiz_topics2.c - quiz topics about reclaim, compaction, OOM, flags and
 * the numbers the kernel derives at boot: compaction, extfrag, oom, stages,
 * allocflags, gfp, watermarks, lowmem, pcpsize (quiz.h). As in
 * quiz_topics.c, the engine gives the answer; a worked formula that does not
 * reach the engine's number makes the generator give up.
 */
#include "quiz.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/watermark.h"
#include "quiz_priv.h"

/* ---- compaction: compaction_suitable ---- */

int quiz_gen_compaction(struct quiz_gen *g)
{
	static const char *const names[] = { [COMPACT_SKIPPED] = "skipped",
		[COMPACT_CONTINUE] = "continue", [COMPACT_PARTIAL] = "partial" };
	unsigned int order = 2 + (unsigned int)quiz_rand(g, 8);
	unsigned int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	const struct zone *z;
	unsigned long low;
	int fi, rc;
	bool ok, ok0;

	if (quiz_boot(g, "tiny") ||
	    quiz_fragment(g, ZONE_DMA32, (unsigned int)quiz_rand(g, 4),
			  (unsigned int)quiz_rand(g, 14)))
		return -1;
	z = quiz_zone(g, ZONE_DMA32);
	low = z->watermark[WMARK_LOW];
	sb_printf(&g->p->question, "Zone DMA32: NR_FREE_PAGES %lu, low watermark %lu,"
		  " vm.extfrag_threshold 500,\nfree blocks per order 0..10: ",
		  zone_page_state(z, NR_FREE_PAGES), low);
	quiz_nr_free_row(&g->p->question, z);
	sb_printf(&g->p->question, "\nDirect compaction for an order-%u GFP_KERNEL request asks"
		  " compaction_suitable(DMA32).\nWhat does it say: skipped, partial (a page is"
		  " there already) or continue?\n", order);
	quiz_set_request(g, "GFP_KERNEL", order, ZONE_DMA32);
	rc = compaction_suitable(g->p->ctx.sim, z, (int)order, flags, ZONE_DMA32);
	if (rc != COMPACT_SKIPPED && rc != COMPACT_CONTINUE && rc != COMPACT_PARTIAL)
		return quiz_fail(g, "unexpected compaction_suitable %d", rc);
	sb_puts(&g->p->answer, names[rc]);
	/* the same three steps in words, checked against the engine */
	ok = zone_watermark_ok(z, order, low, ZONE_DMA32, flags);
	sb_printf(&g->p->why, "1. __zone_watermark_ok(order %u, low %lu): %s", order, low,
		  ok ? "passes: the page is there, partial\n" : "fails\n");
	if (!ok) {
		ok0 = zone_watermark_ok(z, 0, low + (2UL << order), ZONE_DMA32, flags);
		sb_printf(&g->p->why, "2. order-0 check at low + 2 << %u = %lu (room to migrate"
			  " into): %s", order, low + (2UL << order),
			  ok0 ? "passes\n" : "fails: skipped\n");
		if (ok0) {
			fi = fragmentation_index(z, order);
			sb_printf(&g->p->why, "3. fragmentation_index(%u) = %d: %s\n", order, fi,
				  fi >= 0 && fi <= 500 ? "0..500 means low memory, not"
				  " fragmentation: skipped" : "above 500: continue");
		}
	}
	if ((ok && rc != COMPACT_PARTIAL) || (!ok && rc == COMPACT_PARTIAL))
		return quiz_fail(g, "explanation and engine disagree");
	return 0;
}

/* ---- extfrag: an index of /sys/kernel/debug/extfrag ---- */

int quiz_gen_extfrag(struct quiz_gen *g)
{
	bool unusable = quiz_rand(g, 2);
	unsigned int order = 1 + (unsigned int)quiz_rand(g, 10);
	struct contig_page_info info;
	const struct zone *z;
	int index;

	if (quiz_boot(g, "tiny") ||
	    quiz_fragment(g, ZONE_DMA32, (unsigned int)quiz_rand(g, 4),
			  (unsigned int)quiz_rand(g, 14)))
		return -1;
	z = quiz_zone(g, ZONE_DMA32);
	sb_puts(&g->p->question, "Zone DMA32's free blocks per order 0..10: ");
	quiz_nr_free_row(&g->p->question, z);
	sb_printf(&g->p->question, "\nWhat does /sys/kernel/debug/extfrag/%s print for DMA32 at"
		  " order %u?\n(as it prints: N.NNN, or -1.000)\n", unusable ? "unusable_index" : "extfrag_index",
		  order);
	quiz_set_request(g, unusable ? "unusable" : "extfrag", order, ZONE_DMA32);
	fill_contig_page_info(z, order, &info);
	index = unusable ? unusable_free_index(order, &info) : fragmentation_index_info(order, &info);
	sb_printf(&g->p->answer, "%d.%03d", index / 1000, index % 1000);
	sb_printf(&g->p->why, "fill_contig_page_info: free_pages %lu, free_blocks_total %lu,"
		  " free_blocks_suitable %lu\n", info.free_pages, info.free_blocks_total,
		  info.free_blocks_suitable);
	if (unusable)
		sb_printf(&g->p->why, "unusable_free_index: %s = %d\n", info.free_pages ?
			  "(free_pages - (suitable << order)) * 1000 / free_pages" :
			  "no free page: 1000", index);
	else
		sb_printf(&g->p->why, "__fragmentation_index: %s = %d\n", !info.free_blocks_total ?
			  "no free block: 0" : info.free_blocks_suitable ?
			  "a suitable block exists: -1000" :
			  "1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total", index);
	sb_printf(&g->p->why, "printed as %%d.%%03d of index/1000 and index%%1000 (explain %s DMA32"
		  " %u shows every term)\n", unusable ? "unusable" : "extfrag", order);
	return 0;
}

/* ---- oom: select_bad_process and oom_badness ---- */

int quiz_gen_oom(struct quiz_gen *g)
{
	static const char *const names[] = { "firefox", "postgres", "java", "make", "sshd", "chrome",
		"mysqld", "gcc" };
	static const int adjs[] = { 0, 0, 0, -500, 300, 500, 1000, -1000, -100, 100 };
	unsigned int ntasks = 2 + (unsigned int)quiz_rand(g, 3), first = quiz_rand(g, 8);
	struct alloc_request req;
	struct oom_control oc;
	const struct task *t, *victim = NULL;
	unsigned long total, best = 0;
	char chosen[TASK_COMM_LEN] = "";
	bool tied = false;
	struct sim *sim;

	if (quiz_boot(g, "tiny"))
		return -1;
	for (unsigned int i = 0; i < ntasks; i++) {
		const char *name = names[(first + i) % 8];

		if (quiz_cmd(g, "task spawn %s adj=%d", name, adjs[quiz_rand(g, 10)]) ||
		    quiz_cmd(g, "task touch %s anon %u", name, 20 + (unsigned int)quiz_rand(g, 900)))
			return -1;
		if (quiz_rand(g, 2) &&
		    quiz_cmd(g, "task touch %s file %u", name, 10 + (unsigned int)quiz_rand(g, 400)))
			return -1;
	}
	sim = g->p->ctx.sim;
	total = oom_totalpages(sim);
	sb_printf(&g->p->question, "totalpages (RAM + swap) = %lu. The tasks:\n", total);
	sb_puts(&g->p->why, "oom_badness = rss + swapents + page tables + oom_score_adj *"
			    " (totalpages / 1000),\nat least 1; adj -1000 never:\n");
	for (int i = 0; (t = task_at(sim, i)) != NULL; i++) {
		unsigned long pts = oom_badness(sim, t, total);
		long mine;

		if (t->flags & PF_KTHREAD || t->pid == 1)
			continue;
		sb_printf(&g->p->question, "  %-9s pid %-3d rss_anon %-4lu rss_file %-4lu swapents %lu"
			  " page tables %lu oom_score_adj %d\n", t->comm, t->pid, t->rss_anon,
			  t->rss_file, t->swapents, t->nr_ptes, t->oom_score_adj);
		mine = (long)(t->rss_anon + t->rss_file + t->swapents + t->nr_ptes) +
		       (long)t->oom_score_adj * (long)(total / 1000);
		if (t->oom_score_adj == OOM_SCORE_ADJ_MIN)
			mine = 0;
		else if (mine < 1)
			mine = 1;
		if ((unsigned long)mine != pts)
			return quiz_fail(g, "badness of %s: %ld by the formula, %lu by the engine",
					 t->comm, mine, pts);
		sb_printf(&g->p->why, "  %-9s %lu + %lu + %lu + %lu + %d * %lu = %lu\n", t->comm,
			  t->rss_anon, t->rss_file, t->swapents, t->nr_ptes, t->oom_score_adj,
			  total / 1000, pts);
		if (pts == best)
			tied = true;
		if (pts > best) {	/* select_bad_process: the first of the highest */
			best = pts;
			victim = t;
			tied = false;
		}
	}
	if (!victim || tied)
		return quiz_fail(g, "no eligible task, or a tie");
	snprintf(chosen, sizeof(chosen), "%s", victim->comm);
	sb_puts(&g->p->question, "An order-0 GFP_KERNEL request calls out_of_memory now. Which task"
				 " does it kill,\nwith how many badness points? (answer: COMM POINTS)\n");
	/* the engine's own OOM kill decides */
	if (alloc_request_init(sim, &req, GFP_KERNEL, 0))
		return quiz_fail(g, "%s", sim_errmsg(sim));
	memset(&oc, 0, sizeof(oc));
	oc.ac = &req.ac;
	oc.gfp_mask = GFP_KERNEL;
	oc.order = 0;
	out_of_memory(sim, &oc);
	victim = NULL;
	for (int i = 0; (t = task_at(sim, i)) != NULL; i++)
		if (t->memdie || t->sigkill)
			victim = t;
	if (!victim || strcmp(victim->comm, chosen))
		return quiz_fail(g, "the engine killed %s, the badness order says %s",
				 victim ? victim->comm : "nobody", chosen);
	sb_printf(&g->p->answer, "%s %lu", chosen, best);
	sb_puts(&g->p->why, "select_bad_process keeps the first task with the most points.\n");
	return 0;
}

/* ---- stages: the path of a request through __alloc_pages_slowpath ---- */

int quiz_gen_stages(struct quiz_gen *g)
{
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT",
		"GFP_KERNEL|__GFP_NORETRY", "GFP_NOIO", "GFP_KERNEL|__GFP_HIGH", "GFP_TRANSHUGE" };
	static const unsigned int orders[] = { 0, 0, 1, 3, 4 };
	const char *gfp_text = quiz_pick(g, gfps, 7);
	unsigned int order = orders[quiz_rand(g, 5)];
	int prev_stage = -1;
	struct alloc_request req;
	const struct zone *z;
	struct sim *sim;
	char buf[160];
	gfp_t gfp;

	if (!strcmp(gfp_text, "GFP_TRANSHUGE"))
		order = 9;
	if (quiz_boot(g, "tiny") ||
	    quiz_cmd(g, "set vm.min_free_kbytes %u", 512u << quiz_rand(g, 3)))
		return -1;
	if (quiz_rand(g, 2) &&
	    (quiz_cmd(g, "task spawn reader") ||
	     quiz_cmd(g, "task touch reader file %u", 200 + (unsigned int)quiz_rand(g, 1500))))
		return -1;
	if (quiz_cmd(g, "alloc GFP_NOWAIT|__GFP_NOWARN %u x5000", (unsigned int)quiz_rand(g, 4)))
		return -1;
	sim = g->p->ctx.sim;
	for (int zid = ZONE_DMA32; zid >= 0; zid--) {
		z = quiz_zone(g, zid);
		sb_printf(&g->p->question, "%-6s NR_FREE_PAGES %lu, min %lu low %lu high %lu\n",
			  z->name, zone_page_state(z, NR_FREE_PAGES), z->watermark[WMARK_MIN],
			  z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH]);
	}
	sb_printf(&g->p->question, "start %s %u, then finish: which stages does the request pass,"
		  " in order?\n(stage names as 'where' prints them, "
		  " FASTPATH first)\n", gfp_text, order);
	if (gfp_parse(gfp_text, &gfp, buf, sizeof(buf)) || alloc_request_init(sim, &req, gfp, order))
		return quiz_fail(g, "bad request %s", gfp_text);
	quiz_set_request(g, gfp_text, order, -1);
	req.narrate = true;
	for (unsigned int steps = 0, run = 0; req.nr_path < 40 && steps < 400; steps++) {
		int s = (int)req.stage;	/* the stage this step runs */
		int more = alloc_step(sim, &req);

		/* a stage that takes many steps (reclaim's priorities): its first
		 * two and its last */
		run = steps && s == prev_stage ? run + 1 : 0;
		if (run < 2 || !more || (int)req.stage != s)
			sb_printf(&g->p->why, "%-15s %s\n", alloc_stage_name(sim, s), req.why);
		else if (run == 2)
			sb_printf(&g->p->why, "%-15s ...\n", alloc_stage_name(sim, s));
		prev_stage = s;
		if (!more)
			break;
	}
	if (req.nr_path >= 40)
		return quiz_fail(g, "the request loops for more than 40 stages");
	for (unsigned int i = 0; i < req.nr_path; i++)
		sb_printf(&g->p->answer, "%s%s", i ? " " : "",
			  alloc_stage_name(sim, req.path[i]));
	return 0;
}

/* ---- allocflags and gfp: what a mask asks for ---- */

static const char *const gfp_bases[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO",
	"GFP_USER", "GFP_HIGHUSER_MOVABLE", "GFP_TEMPORARY", "GFP_DMA", "GFP_DMA32", "GFP_NOFS" };
static const char *const gfp_mods[] = { "__GFP_HIGH", "__GFP_MEMALLOC", "__GFP_NOMEMALLOC",
	"__GFP_ATOMIC", "__GFP_NOWARN", "__GFP_NORETRY", "__GFP_MOVABLE", "__GFP_DMA32",
	"__GFP_HIGHMEM", "__GFP_RECLAIMABLE", "__GFP_DMA" };

/* A valid mask: a composite and up to two modifiers. */
static int random_mask(struct quiz_gen *g, char *text, size_t len, gfp_t *gfp)
{
	for (int tries = 0; tries < 32; tries++) {
		int n = snprintf(text, len, "%s", quiz_pick(g, gfp_bases, 10));
		unsigned int k = (unsigned int)quiz_rand(g, 3);
		char err[160];

		for (unsigned int i = 0; i < k && n > 0 && (size_t)n < len; i++) {
			const char *mod = quiz_pick(g, gfp_mods, 11);

			if (!strstr(text, mod))	/* each modifier once */
				n += snprintf(text + n, len - (size_t)n, "|%s", mod);
		}
		if (!gfp_parse(text, gfp, err, sizeof(err)) && gfp_zone(*gfp) >= 0 &&
		    gfpflags_to_migratetype(*gfp) >= 0)
			return 0;
	}
	return quiz_fail(g, "no valid mask drawn");
}

int quiz_gen_allocflags(struct quiz_gen *g)
{
	char text[128], buf[160];
	unsigned int flags;
	gfp_t gfp;

	if (quiz_boot(g, "tiny") || random_mask(g, text, sizeof(text), &gfp))
		return -1;
	quiz_set_request(g, text, 0, -1);
	flags = gfp_to_alloc_flags(g->p->ctx.sim, gfp);
	alloc_flags_format(flags, buf, sizeof(buf));
	sb_printf(&g->p->question, "In %s, what does gfp_to_alloc_flags(%s) return for an\n"
		  "ordinary task (not real-time, not PF_MEMALLOC, no TIF_MEMDIE)? (the ALLOC_ flags"
		  "\njoined by |)\n", sim_kernel(g->p->ctx.sim)->release, text);
	sb_puts(&g->p->answer, buf);
	sb_puts(&g->p->why, "start from ALLOC_WMARK_MIN|ALLOC_CPUSET\n");
	if (gfp & GFP_F_HIGH)
		sb_puts(&g->p->why, "__GFP_HIGH: + ALLOC_HIGH (the same bit value)\n");
	if (gfp & GFP_F_ATOMIC)
		sb_printf(&g->p->why, "__GFP_ATOMIC: %s- ALLOC_CPUSET\n", gfp & GFP_F_NOMEMALLOC ?
			  "(no ALLOC_HARDER: __GFP_NOMEMALLOC) " : "+ ALLOC_HARDER, ");
	if ((gfp & GFP_F_MEMALLOC) && !(gfp & GFP_F_NOMEMALLOC))
		sb_puts(&g->p->why, "__GFP_MEMALLOC: + ALLOC_NO_WATERMARKS\n");
	if ((gfp & GFP_F_MEMALLOC) && (gfp & GFP_F_NOMEMALLOC))
		sb_puts(&g->p->why, "__GFP_MEMALLOC is overruled by __GFP_NOMEMALLOC\n");
	if (gfp_migratetype(g->p->ctx.sim, gfp) == MIGRATE_MOVABLE)
		sb_puts(&g->p->why, "movable (__GFP_MOVABLE): + ALLOC_CMA\n");
	sb_printf(&g->p->why, "= %s (mm/page_alloc.c gfp_to_alloc_flags, %s)\n", buf,
		  sim_kernel(g->p->ctx.sim)->release);
	return 0;
}

int quiz_gen_gfp(struct quiz_gen *g)
{
	char text[128], buf[160];
	gfp_t gfp;
	int zone, mt;

	if (quiz_boot(g, "tiny") || random_mask(g, text, sizeof(text), &gfp))
		return -1;
	quiz_set_request(g, text, 0, -1);
	zone = gfp_zone(gfp);
	mt = gfpflags_to_migratetype(gfp);
	gfp_format(gfp, GFP_STYLE_PGG, buf, sizeof(buf));
	sb_printf(&g->p->question, "For %s (%#x), what are gfp_zone() (the highest zone it may"
		  " use)\nand gfpflags_to_migratetype()? (answer: ZONE MIGRATETYPE)\n", text, gfp);
	sb_printf(&g->p->answer, "%s %s", zone_names[zone], migratetype_names[mt]);
	sb_printf(&g->p->why, "zone bits __GFP_DMA|__GFP_HIGHMEM|__GFP_DMA32|__GFP_MOVABLE = %#x:"
		  " GFP_ZONE_TABLE gives %s\n(__GFP_MOVABLE alone means Normal; with __GFP_HIGHMEM,"
		  " Movable).\n(gfp & (__GFP_RECLAIMABLE|__GFP_MOVABLE)) >> 3 = %d: %s\n",
		  gfp & GFP_ZONEMASK, zone_names[zone], mt, migratetype_names[mt]);
	return 0;
}

/* ---- watermarks, lowmem, pcpsize: the numbers set at boot ---- */

static const char *const big_machines[] = { "tiny", "classroom", "laptop", "movable" };

/* A populated zone of node 0, drawn. */
static int random_zone(struct quiz_gen *g)
{
	int zids[MAX_NR_ZONES], n = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(quiz_zone(g, zid)))
			zids[n++] = zid;
	return zids[quiz_rand(g, (uint64_t)n)];
}

int quiz_gen_watermarks(struct quiz_gen *g)
{
	unsigned long kb = 128 + quiz_rand(g, 32000), wsf = 1 + quiz_rand(g, 300);
	unsigned long lowmem = 0, tmp, d, scaled = 0;
	bool v46 = quiz_rand(g, 2);	/* watermark_scale_factor came with v4.6 */
	const struct zone *z;
	int zid;

	if (quiz_boot(g, quiz_pick(g, big_machines, 4)) ||
	    (v46 && quiz_cmd(g, "kernel 4.6")) ||
	    quiz_cmd(g, "set vm.min_free_kbytes %lu", kb) ||
	    (v46 && quiz_cmd(g, "set vm.watermark_scale_factor %lu", wsf)))
		return -1;
	zid = random_zone(g);
	z = quiz_zone(g, zid);
	quiz_set_request(g, "", 0, zid);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		lowmem += quiz_zone(g, i)->managed_pages;
	sb_printf(&g->p->question, "Linux %s. managed pages:", v46 ? "v4.6" : "v4.5");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(quiz_zone(g, i)))
			sb_printf(&g->p->question, " %s %lu", zone_names[i], quiz_zone(g, i)->managed_pages);
	sb_printf(&g->p->question, "\nWhat are zone %s's min, low and high watermarks? (answer: min"
		  " N low N high N)\n", z->name);
	tmp = (unsigned long)((uint64_t)(kb >> 2) * z->managed_pages / lowmem);
	sb_printf(&g->p->why, "pages_min = min_free_kbytes / 4 = %lu; lowmem pages = %lu\n"
		  "min = pages_min * managed / lowmem = %lu * %lu / %lu = %lu\n",
		  kb >> 2, lowmem, kb >> 2, z->managed_pages, lowmem, tmp);
	if (v46) {
		scaled = z->managed_pages / 10000 * wsf + z->managed_pages % 10000 * wsf / 10000;
		d = tmp >> 2 > scaled ? tmp >> 2 : scaled;
		sb_printf(&g->p->why, "step = max(min / 4, managed * watermark_scale_factor / 10000)\n"
			  "     = max(%lu, %lu * %lu / 10000 = %lu) = %lu\n"
			  "low = min + step = %lu, high = min + 2 * step = %lu\n"
			  "(__setup_per_zone_wmarks, v4.6)\n", tmp >> 2, z->managed_pages, wsf,
			  scaled, d, tmp + d, tmp + 2 * d);
		if (z->watermark[WMARK_LOW] != tmp + d || z->watermark[WMARK_HIGH] != tmp + 2 * d)
			return quiz_fail(g, "the formula and the engine disagree on %s", z->name);
	} else {
		sb_printf(&g->p->why, "low = min + min / 4 = %lu, high = min + min / 2 = %lu\n"
			  "(__setup_per_zone_wmarks, v4.5)\n", tmp + (tmp >> 2), tmp + (tmp >> 1));
		if (z->watermark[WMARK_LOW] != tmp + (tmp >> 2) ||
		    z->watermark[WMARK_HIGH] != tmp + (tmp >> 1))
			return quiz_fail(g, "the formula and the engine disagree on %s", z->name);
	}
	if (z->watermark[WMARK_MIN] != tmp)
		return quiz_fail(g, "the formula and the engine disagree on %s", z->name);
	sb_printf(&g->p->answer, "min %lu low %lu high %lu", z->watermark[WMARK_MIN],
		  z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH]);
	return 0;
}

int quiz_gen_lowmem(struct quiz_gen *g)
{
	static const int ratios[] = { 1, 32, 64, 128, 256, 512, 1024 };
	int r[MAX_NR_ZONES], low, high, nz = 0, zids[MAX_NR_ZONES];
	unsigned long sum = 0;
	const struct zone *z;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		r[i] = ratios[quiz_rand(g, 7)];
	if (quiz_boot(g, quiz_pick(g, big_machines + 1, 3)) ||
	    quiz_cmd(g, "set lowmem_reserve_ratio %d %d %d", r[0], r[1], r[2]))
		return -1;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(quiz_zone(g, i)))
			zids[nz++] = i;
	low = zids[quiz_rand(g, (uint64_t)(nz - 1))];
	high = low + 1 + (int)quiz_rand(g, (uint64_t)(zids[nz - 1] - low));
	quiz_set_request(g, "", (unsigned int)high, low);
	sb_puts(&g->p->question, "managed pages:");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(quiz_zone(g, i)))
			sb_printf(&g->p->question, " %s %lu", zone_names[i], quiz_zone(g, i)->managed_pages);
	sb_printf(&g->p->question, "\nHow many pages does zone %s keep back from requests whose"
		  " classzone is %s\n(lowmem_reserve[%s])?\n", zone_names[low], zone_names[high],
		  zone_names[high]);
	sb_puts(&g->p->why, "lowmem_reserve[H] of zone L = managed pages of zones L+1..H /"
			    " lowmem_reserve_ratio[L]\n= (");
	for (int i = low + 1; i <= high; i++) {
		sum += quiz_zone(g, i)->managed_pages;
		sb_printf(&g->p->why, "%s%lu", i > low + 1 ? " + " : "", quiz_zone(g, i)->managed_pages);
	}
	z = quiz_zone(g, low);
	sb_printf(&g->p->why, ") / %d = %lu (setup_per_zone_lowmem_reserve)\n", r[low],
		  sum / (unsigned long)r[low]);
	if ((unsigned long)z->lowmem_reserve[high] != sum / (unsigned long)r[low])
		return quiz_fail(g, "the formula and the engine disagree");
	sb_printf(&g->p->answer, "%ld", z->lowmem_reserve[high]);
	return 0;
}

int quiz_gen_pcpsize(struct quiz_gen *g)
{
	static const unsigned int fractions[] = { 8, 100, 1000, 4000, 10000, 50000 };
	unsigned int fraction = quiz_rand(g, 2) ? 0 : fractions[quiz_rand(g, 6)];
	unsigned long batch, high;
	const struct zone *z;

	if (quiz_boot(g, quiz_pick(g, big_machines, 4)) ||
	    (fraction && quiz_cmd(g, "set vm.percpu_pagelist_fraction %u", fraction)))
		return -1;
	z = quiz_zone(g, random_zone(g));
	quiz_set_request(g, "", 0, z->zid);
	sb_printf(&g->p->question, "Zone %s has %lu managed pages; vm.percpu_pagelist_fraction is"
		  " %u.\nWhat are its per-cpu lists' batch and high? (answer: batch N high N)\n",
		  z->name, z->managed_pages, fraction);
	if (fraction) {
		high = z->managed_pages / fraction;
		batch = high / 4 > PAGE_SHIFT * 8 ? PAGE_SHIFT * 8 : high / 4;
		batch = batch ? batch : 1;
		sb_printf(&g->p->why, "pageset_set_high: high = managed / fraction = %lu / %u = %lu;\n"
			  "batch = max(1, min(high / 4, PAGE_SHIFT * 8 = 96)) = %lu\n",
			  z->managed_pages, fraction, high, batch);
	} else {
		unsigned long b = z->managed_pages / 1024, p = 1;

		sb_printf(&g->p->why, "zone_batchsize: managed / 1024 = %lu", b);
		if (b > 128) {
			b = 128;
			sb_puts(&g->p->why, ", at most 512 KiB = 128 pages");
		}
		b /= 4;
		b = b ? b : 1;
		while (p <= (b + b / 2) / 2)
			p <<= 1;
		batch = p - 1;
		sb_printf(&g->p->why, "; / 4 (at least 1) = %lu;\nrounddown_pow_of_two(%lu + %lu / 2)"
			  " - 1 = %lu", b, b, b, batch);
		high = 6 * batch;
		batch = batch ? batch : 1;
		sb_printf(&g->p->why, "; high = 6 * batch = %lu; batch at least 1: %lu\n"
			  "(pageset_set_batch)\n", high, batch);
	}
	if ((unsigned long)z->pageset[0].batch != batch || (unsigned long)z->pageset[0].high != high)
		return quiz_fail(g, "formula %lu/%lu, engine %d/%d", batch, high, z->pageset[0].batch,
				 z->pageset[0].high);
	sb_printf(&g->p->answer, "batch %lu high %lu", batch, high);
	return 0;
}
