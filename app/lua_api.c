/* app/lua_api.c - the typed half of bs: the simulation read into Lua tables
 * named after the kernel's fields (struct zone, free_area, pglist_data,
 * task_struct, /proc/vmstat, /proc/sys/vm). Every table is a copy made at
 * the call; Lua never holds an engine pointer, only ids (pfn, nid/zid, pid).
 * Orders, zone ids and cpus keep the kernel's 0-based numbering:
 * zone.free_area[0] is order 0.
 */
#include "lua_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/watermark.h"
#include "commands.h"

/* ---- arguments ---- */

void lb_check_zone(lua_State *L, int idx, int *nid, int *zid)
{
	struct sim *sim = lb_sim(L);
	char err[256], nidbuf[16];
	const char *name, *nidtext = NULL;

	if (lua_istable(L, idx)) {
		lua_getfield(L, idx, "nid");
		lua_getfield(L, idx, "zid");
		*nid = (int)lb_check_int(L, -2, 0, MAX_NUMNODES - 1, "zone table: nid");
		*zid = (int)lb_check_int(L, -1, 0, MAX_NR_ZONES - 1, "zone table: zid");
		lua_pop(L, 2);
		if (!sim_zone(sim, *nid, *zid))
			luaL_argerror(L, idx, "no such zone on this machine");
		return;
	}
	if (lua_isinteger(L, idx)) {	/* nid, zid-or-name */
		snprintf(nidbuf, sizeof(nidbuf), "%lld", (long long)lua_tointeger(L, idx));
		nidtext = nidbuf;
		if (lua_isinteger(L, idx + 1)) {
			lua_Integer z = lua_tointeger(L, idx + 1);

			name = z >= 0 && z < MAX_NR_ZONES ? zone_names[z] : "?";
		} else {
			name = lb_check_text(L, idx + 1);
		}
	} else {
		const char *s = lb_check_text(L, idx), *colon = strchr(s, ':');

		name = s;
		if (colon && (size_t)(colon - s) < sizeof(nidbuf)) {
			memcpy(nidbuf, s, (size_t)(colon - s));
			nidbuf[colon - s] = '\0';
			nidtext = nidbuf;
			name = colon + 1;
		} else if (!strncmp(s, "node ", 5)) {
			const char *p = s + 5;
			size_t n = strcspn(p, " ");

			if (n < sizeof(nidbuf)) {
				memcpy(nidbuf, p, n);
				nidbuf[n] = '\0';
				nidtext = nidbuf;
				name = p + n + strspn(p + n, " ");
			}
		}
	}
	if (zone_lookup(sim, nidtext, name, nid, zid, err, sizeof(err)))
		luaL_error(L, "%s", err);
}

unsigned int lb_check_gfp(lua_State *L, int idx)
{
	char err[256];
	gfp_t gfp;

	if (lua_type(L, idx) == LUA_TNUMBER)
		return (unsigned int)lb_check_int(L, idx, 0, GFP_BITS_MASK, "gfp mask");
	if (gfp_parse_request(lb_check_text(L, idx), sim_gfp_style(lb_sim(L)), &gfp, err,
			      sizeof(err)))
		luaL_error(L, "%s", err);
	return gfp;
}

static unsigned long check_pfn(lua_State *L, int idx)
{
	lua_Integer pfn = luaL_checkinteger(L, idx);

	if (pfn < 0 || (unsigned long)pfn >= sim_max_pfn(lb_sim(L)))
		lb_error(L, "pfn %#llx is outside memory (pfns 0..%#lx)", (long long)pfn,
			   sim_max_pfn(lb_sim(L)) - 1);
	return (unsigned long)pfn;
}

static const char *mt_name(unsigned int mt)
{
	return mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

/* ---- machine, nodes, zones ---- */

static int machine_table(lua_State *L)
{
	struct sim *sim = lb_sim(L);
	const struct machine_desc *m = sim_machine(sim);
	const struct task *cur = task_current(sim);

	lua_createtable(L, 0, 20);
	lb_setstr(L, "name", m->name);
	lb_setstr(L, "summary", m->summary);
	lb_setstr(L, "kernel", sim_kernel(sim)->name);
	lb_setstr(L, "kernel_release", sim_kernel(sim)->release);
	lb_setint(L, "nr_nodes", sim_nr_nodes(sim));
	lb_setint(L, "nr_cpus", sim_nr_cpus(sim));
	lb_setint(L, "max_pfn", (lua_Integer)sim_max_pfn(sim));
	lb_setint(L, "seed", (lua_Integer)sim_seed(sim));
	lb_setint(L, "jiffies", (lua_Integer)sim_jiffies(sim));
	lb_setint(L, "clock_ns", (lua_Integer)sim_clock_ns(sim));
	lb_setint(L, "cpu", sim_cpu(sim));
	lb_setint(L, "current", cur ? cur->pid : 0);
	lb_setint(L, "nr_free_pages", (lua_Integer)sim_nr_free_pages(sim));
	lb_setint(L, "totalreserve_pages", (lua_Integer)sim_totalreserve_pages(sim));
	lb_setbool(L, "mobility_grouping_disabled", sim_mobility_grouping_disabled(sim));
	lb_setint(L, "swap_total", (lua_Integer)swap_total(sim));
	lb_setint(L, "swap_used", (lua_Integer)swap_used(sim));
	lb_setint(L, "totalpages", (lua_Integer)oom_totalpages(sim));
	{
		unsigned long managed = 0;

		for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++)
				if (sim_zone(sim, nid, zid))
					managed += sim_zone(sim, nid, zid)->managed_pages;
		lb_setint(L, "managed_pages", (lua_Integer)managed);
	}
	return 1;
}

/* bs.machine() describes; bs.machine "PRESET" boots one first */
static int lb_machine(lua_State *L)
{
	if (!lua_isnoneornil(L, 1)) {
		struct script *S = script_of(L);
		struct strbuf out = STRBUF_INIT;
		const char *spec = lb_check_text(L, 1);

		lua_pushfstring(L, "machine %s", spec);
		if (cmd_exec_line(S->ctx, lua_tostring(L, -1), &out)) {
			sb_release(&out);
			script_charge_work(L, 0);
			return luaL_error(L, "%s", S->ctx->err);
		}
		sb_release(&out);
		script_charge_work(L, 0);
		machine_table(L);
		return lb_done(L, 1);
	}
	return machine_table(L);
}

static void push_zoneref(lua_State *L, const struct zone *z)
{
	lua_createtable(L, 0, 3);
	lb_setint(L, "nid", zone_to_nid(z));
	lb_setint(L, "zid", z->zid);
	lb_setstr(L, "name", z->name);
}

static const char *const kthread_states[] = { "sleeping", "running", "napping" };

static void push_node(lua_State *L, int nid)
{
	struct sim *sim = lb_sim(L);
	const struct pglist_data *pg = sim_node(sim, nid);
	int n = 0;

	lua_createtable(L, 0, 12);
	lb_setint(L, "nid", nid);
	lb_setint(L, "node_start_pfn", (lua_Integer)pg->node_start_pfn);
	lb_setint(L, "node_present_pages", (lua_Integer)pg->node_present_pages);
	lb_setint(L, "node_spanned_pages", (lua_Integer)pg->node_spanned_pages);
	lb_setint(L, "nr_zones", pg->nr_zones);
	lua_newtable(L);
	for (int c = 0; c < sim_nr_cpus(sim); c++)
		if (sim_cpu_to_node(sim, c) == nid) {
			lua_pushinteger(L, c);
			lua_rawseti(L, -2, ++n);
		}
	lua_setfield(L, -2, "cpus");
	for (int l = 0; l < MAX_ZONELISTS; l++) {
		const struct zoneref *zr = pg->node_zonelists[l]._zonerefs;

		lua_newtable(L);
		for (int i = 0; zr[i].zone; i++) {
			push_zoneref(L, zr[i].zone);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, l == ZONELIST_FALLBACK ? "zonelist" : "zonelist_nofallback");
	}
	lua_createtable(L, 0, 12);
	lb_setstr(L, "state", kthread_states[pg->kswapd.state]);
	lb_setint(L, "kswapd_max_order", pg->kswapd.max_order);
	lb_setint(L, "classzone_idx", pg->kswapd.classzone_idx);
	lb_setint(L, "order", pg->kswapd.order);
	lb_setint(L, "priority", pg->kswapd.priority);
	lb_setint(L, "end_zone", pg->kswapd.end_zone);
	lb_setint(L, "nr_reclaimed", (lua_Integer)pg->kswapd.nr_reclaimed);
	lb_setint(L, "runs", (lua_Integer)pg->kswapd.runs);
	lb_setint(L, "cpu_ns", (lua_Integer)pg->kswapd.cpu_ns);
	lua_setfield(L, -2, "kswapd");
	lua_createtable(L, 0, 4);
	lb_setstr(L, "state", kthread_states[pg->kcompactd.state]);
	lb_setint(L, "kcompactd_max_order", pg->kcompactd.max_order);
	lb_setint(L, "classzone_idx", pg->kcompactd.classzone_idx);
	lb_setint(L, "runs", (lua_Integer)pg->kcompactd.runs);
	lb_setint(L, "cpu_ns", (lua_Integer)pg->kcompactd.cpu_ns);
	lua_setfield(L, -2, "kcompactd");
}

static int lb_nodes(lua_State *L)
{
	struct sim *sim = lb_sim(L);

	lua_newtable(L);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		push_node(L, nid);
		lua_rawseti(L, -2, nid + 1);
	}
	return 1;
}

static int lb_node(lua_State *L)
{
	lua_Integer nid = lb_opt_int(L, 1, 0, 0, sim_nr_nodes(lb_sim(L)) - 1, "bs.node: node");

	push_node(L, (int)nid);
	return 1;
}

static void push_zone(lua_State *L, int nid, int zid)
{
	struct sim *sim = lb_sim(L);
	const struct zone *z = sim_zone(sim, nid, zid);

	lua_createtable(L, 0, 40);
	lb_setint(L, "nid", nid);
	lb_setint(L, "zid", zid);
	lb_setstr(L, "name", z->name);
	lb_setbool(L, "populated", populated_zone(z));
	lb_setint(L, "zone_start_pfn", (lua_Integer)z->zone_start_pfn);
	lb_setint(L, "zone_end_pfn", (lua_Integer)zone_end_pfn(z));
	lb_setint(L, "spanned_pages", (lua_Integer)z->spanned_pages);
	lb_setint(L, "present_pages", (lua_Integer)z->present_pages);
	lb_setint(L, "managed_pages", (lua_Integer)z->managed_pages);
	lb_setint(L, "nr_free_pages", (lua_Integer)zone_page_state(z, NR_FREE_PAGES));
	lb_setint(L, "nr_reserved_highatomic", (lua_Integer)z->nr_reserved_highatomic);
	lb_setint(L, "inactive_ratio", z->inactive_ratio);
	/* 6.1: added to every mark when the allocator tests it (wmark_pages) */
	lb_setint(L, "watermark_boost", (lua_Integer)z->watermark_boost);
	lua_createtable(L, 0, 3);
	lb_setint(L, "min", (lua_Integer)z->watermark[WMARK_MIN]);
	lb_setint(L, "low", (lua_Integer)z->watermark[WMARK_LOW]);
	lb_setint(L, "high", (lua_Integer)z->watermark[WMARK_HIGH]);
	lua_setfield(L, -2, "watermark");
	lua_createtable(L, MAX_NR_ZONES, MAX_NR_ZONES);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		lua_pushinteger(L, z->lowmem_reserve[i]);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, i);
		lua_setfield(L, -2, zone_names[i]);
	}
	lua_setfield(L, -2, "lowmem_reserve");
	lua_createtable(L, MAX_ORDER, 0);
	for (int o = 0; o < MAX_ORDER; o++) {
		const struct free_area *fa = &z->free_area[o];

		lua_createtable(L, 0, 2);
		lb_setint(L, "nr_free", (lua_Integer)fa->nr_free);
		lua_createtable(L, 0, MIGRATE_TYPES);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			lb_setint(L, migratetype_names[mt], (lua_Integer)fa->nr_free_mt[mt]);
		lua_setfield(L, -2, "free_list");
		lua_rawseti(L, -2, o);
	}
	lua_setfield(L, -2, "free_area");
	lua_createtable(L, z->nr_cpus, 0);
	for (int c = 0; c < z->nr_cpus && z->pageset; c++) {
		const struct per_cpu_pages *pcp = &z->pageset[c];

		lua_createtable(L, 0, 4);
		lb_setint(L, "count", pcp->count);
		lb_setint(L, "high", pcp->high);
		lb_setint(L, "batch", pcp->batch);
		lua_createtable(L, 0, MIGRATE_PCPTYPES);
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			lb_setint(L, migratetype_names[mt],
				  (lua_Integer)sim_list_pfns(sim, pcp->lists[mt], NULL, 0));
		lua_setfield(L, -2, "lists");
		lua_rawseti(L, -2, c);
	}
	lua_setfield(L, -2, "pageset");
	lua_createtable(L, 0, NR_VM_ZONE_STAT_ITEMS);
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		lb_setint(L, zone_stat_name((enum zone_stat_item)i), z->vm_stat[i]);
	lua_setfield(L, -2, "vm_stat");
	lua_createtable(L, 0, 6);
	{
		static const char *const flags[] = { "ZONE_RECLAIM_LOCKED", "ZONE_OOM_LOCKED",
			"ZONE_CONGESTED", "ZONE_DIRTY", "ZONE_WRITEBACK", "ZONE_FAIR_DEPLETED" };

		for (int i = 0; i < 6; i++)
			lb_setbool(L, flags[i], (z->flags >> i) & 1);
	}
	lua_setfield(L, -2, "flags");
	lb_setint(L, "compact_cached_free_pfn", (lua_Integer)z->compact_cached_free_pfn);
	lua_createtable(L, 2, 0);
	lb_setint(L, "async", (lua_Integer)z->compact_cached_migrate_pfn[0]);
	lb_setint(L, "sync", (lua_Integer)z->compact_cached_migrate_pfn[1]);
	lua_setfield(L, -2, "compact_cached_migrate_pfn");
	lb_setint(L, "compact_considered", z->compact_considered);
	lb_setint(L, "compact_defer_shift", z->compact_defer_shift);
	lb_setint(L, "compact_order_failed", z->compact_order_failed);
	if (populated_zone(z)) {
		lb_setint(L, "reclaimable_pages", (lua_Integer)zone_reclaimable_pages(sim, z));
		lb_setbool(L, "reclaimable", zone_reclaimable(sim, z));
	}
}

static int lb_zone(lua_State *L)
{
	int nid, zid;

	lb_check_zone(L, 1, &nid, &zid);
	push_zone(L, nid, zid);
	return 1;
}

/* bs.zones(): populated zones, node by node, low zone first */
static int lb_zones(lua_State *L)
{
	struct sim *sim = lb_sim(L);
	int n = 0;

	lua_newtable(L);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z && populated_zone(z)) {
				push_zone(L, nid, zid);
				lua_rawseti(L, -2, ++n);
			}
		}
	return 1;
}

static int check_mt(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TNUMBER)
		return (int)lb_check_int(L, idx, 0, MIGRATE_TYPES - 1, "migratetype");
	const char *s = lb_check_text(L, idx);

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (!strcasecmp(s, migratetype_names[mt]) ||
		    (!strncasecmp(s, "MIGRATE_", 8) && !strcasecmp(s + 8, migratetype_names[mt])))
			return mt;
	return luaL_error(L, "no migratetype '%s' (Unmovable, Movable, Reclaimable, HighAtomic, "
			  "CMA, Isolate)", s);
}

/* bs.free_list(zone, order, mt): the pfns on free_area[order].free_list[mt], head first */
static int lb_free_list(lua_State *L)
{
	int nid, zid;
	lua_Integer order;
	const struct zone *z;
	uint32_t head;

	lb_check_zone(L, 1, &nid, &zid);
	order = lb_check_int(L, 2, 0, MAX_ORDER - 1, "bs.free_list: order");
	z = sim_zone(lb_sim(L), nid, zid);
	head = z->free_area[order].free_list[check_mt(L, 3)];
	{
		struct sim *sim = lb_sim(L);
		size_t len = sim_list_pfns(sim, head, NULL, 0);
		unsigned long *pfns = lua_newuserdatauv(L, (len ? len : 1) * sizeof(*pfns), 0);

		sim_list_pfns(sim, head, pfns, len);
		lua_createtable(L, (int)len, 0);
		for (size_t i = 0; i < len; i++) {
			lua_pushinteger(L, (lua_Integer)pfns[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	}
	return 1;
}

/* ---- pages ---- */

static const char *const block_states[] = { "nomem", "reserved", "free", "pcp", "allocated" };

static void push_block(lua_State *L, const struct block_info *bi)
{
	lua_createtable(L, 0, 4);
	lb_setint(L, "head", (lua_Integer)bi->head);
	lb_setint(L, "order", bi->order);
	lb_setstr(L, "state", block_states[bi->state]);
	if (bi->state == BLOCK_PCP)
		lb_setint(L, "cpu", bi->cpu);
}

static int lb_block(lua_State *L)
{
	struct block_info bi;

	if (sim_block_of(lb_sim(L), check_pfn(L, 1), &bi))
		return luaL_error(L, "%s", sim_errmsg(lb_sim(L)));
	push_block(L, &bi);
	return 1;
}

static int lb_page(lua_State *L)
{
	static const char *const flag_names[] = { "buddy", "pcp", "head", "reserved", "nomem",
		"lru", "active", "referenced", "dirty", "writeback", "swapbacked", "unevictable",
		"young", "isolated", "reclaim", "slab" };
	struct sim *sim = lb_sim(L);
	unsigned long pfn = check_pfn(L, 1);
	const struct page *p = sim_page(sim, pfn);
	const struct zone *z = sim_pfn_zone(sim, pfn);
	struct block_info bi;

	lua_createtable(L, 0, 12);
	lb_setint(L, "pfn", (lua_Integer)pfn);
	if (z) {
		lb_setint(L, "nid", zone_to_nid(z));
		lb_setint(L, "zid", z->zid);
		lb_setstr(L, "zone", z->name);
	}
	lb_setstr(L, "pageblock", mt_name(sim_pageblock_migratetype(sim, pfn)));
	lua_newtable(L);
	for (int i = 0; i < 16; i++)
		if (p->flags & (1u << i))
			lb_setbool(L, flag_names[i], 1);
	lua_setfield(L, -2, "flags");
	if (p->flags & (PG_buddy | PG_head))
		lb_setint(L, "order", p->order);
	if (p->flags & PG_head)
		lb_setint(L, "owner", p->private);
	if (p->flags & PG_lru) {
		static const char *const lrus[] = { "inactive_anon", "active_anon", "inactive_file",
			"active_file", "unevictable" };
		enum lru_list lru = page_lru(p);

		lb_setstr(L, "lru", lru < NR_LRU_LISTS ? lrus[lru] : "?");
	}
	if (!sim_block_of(sim, pfn, &bi)) {
		push_block(L, &bi);
		lua_setfield(L, -2, "block");
	}
	return 1;
}

static int lb_pageblock(lua_State *L)
{
	lua_pushstring(L, mt_name(sim_pageblock_migratetype(lb_sim(L), check_pfn(L, 1))));
	return 1;
}

void lb_open_api(lua_State *L, int bs)
{
	static const luaL_Reg fns[] = {
		{ "machine", lb_machine }, { "nodes", lb_nodes }, { "node", lb_node },
		{ "zones", lb_zones }, { "zone", lb_zone }, { "free_list", lb_free_list },
		{ "page", lb_page }, { "block", lb_block }, { "pageblock", lb_pageblock },
		{ NULL, NULL },
	};
	static const struct { const char *name; lua_Integer v; } consts[] = {
		{ "MAX_ORDER", MAX_ORDER }, { "pageblock_order", pageblock_order },
		{ "pageblock_nr_pages", pageblock_nr_pages },
		{ "PAGE_ALLOC_COSTLY_ORDER", PAGE_ALLOC_COSTLY_ORDER },
		{ "PAGE_SIZE", PAGE_SIZE }, { "SWAP_CLUSTER_MAX", SWAP_CLUSTER_MAX },
		{ "ALLOC_WMARK_MIN", ALLOC_WMARK_MIN }, { "ALLOC_WMARK_LOW", ALLOC_WMARK_LOW },
		{ "ALLOC_WMARK_HIGH", ALLOC_WMARK_HIGH }, { "ALLOC_NO_WATERMARKS", ALLOC_NO_WATERMARKS },
		{ "ALLOC_HARDER", ALLOC_HARDER }, { "ALLOC_HIGH", ALLOC_HIGH },
		{ "ALLOC_CPUSET", ALLOC_CPUSET }, { "ALLOC_CMA", ALLOC_CMA },
		{ "ALLOC_FAIR", ALLOC_FAIR },
	};

	lua_pushvalue(L, bs);
	luaL_setfuncs(L, fns, 0);
	for (size_t i = 0; i < sizeof(consts) / sizeof(consts[0]); i++)
		lb_setint(L, consts[i].name, consts[i].v);
	lua_createtable(L, MIGRATE_TYPES, 0);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		lua_pushstring(L, migratetype_names[mt]);
		lua_rawseti(L, -2, mt);
	}
	lua_setfield(L, -2, "migratetypes");
	lua_createtable(L, MAX_NR_ZONES, 0);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		lua_pushstring(L, zone_names[z]);
		lua_rawseti(L, -2, z);
	}
	lua_setfield(L, -2, "zone_names");
	lua_pop(L, 1);
	lb_open_kstate(L, bs);
}
