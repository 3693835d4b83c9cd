/* app/lua_kstate.c - more of the typed bs API: tasks (with oom_badness),
 * /proc/vmstat, /proc/sys/vm, GFP flags, and the kernel's formulas that
 * lessons check the engine with (__zone_watermark_ok, fragmentation_index,
 * compaction_suitable, int_sqrt).
 */
#include "lua_priv.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/watermark.h"

/* ---- tasks ---- */

static void push_task(lua_State *L, const struct task *t)
{
	struct sim *sim = lb_sim(L);

	lua_createtable(L, 0, 20);
	lb_setint(L, "pid", t->pid);
	lb_setint(L, "ppid", t->ppid);
	lb_setstr(L, "comm", t->comm);
	lb_setint(L, "oom_score_adj", t->oom_score_adj);
	lb_setint(L, "flags", t->flags);
	lb_setbool(L, "kthread", (t->flags & PF_KTHREAD) != 0);
	lb_setbool(L, "memdie", t->memdie);
	lb_setbool(L, "sigkill", t->sigkill);
	/* 6.1's exit over time (core/exit.c): going on; MMF_OOM_SKIP set */
	lb_setbool(L, "exiting", t->exit_step != 0);
	lb_setbool(L, "oom_skip", t->oom_skip);
	lb_setint(L, "cpu", t->cpu);
	lb_setint(L, "rss_anon", (lua_Integer)t->rss_anon);
	lb_setint(L, "rss_file", (lua_Integer)t->rss_file);
	lb_setint(L, "rss", (lua_Integer)(t->rss_anon + t->rss_file));
	lb_setint(L, "swapents", (lua_Integer)t->swapents);
	lb_setint(L, "nr_ptes", (lua_Integer)t->nr_ptes);
	lb_setint(L, "total_vm", (lua_Integer)t->total_vm);
	lb_setint(L, "badness", (lua_Integer)oom_badness(sim, t, oom_totalpages(sim)));
	lb_setint(L, "oom_score", (lua_Integer)oom_score(sim, t));
	lb_setbool(L, "current", task_current(sim) == t);
}

static int lb_tasks(lua_State *L)
{
	const struct task *t;

	lua_newtable(L);
	for (int i = 0; (t = task_at(lb_sim(L), i)); i++) {
		push_task(L, t);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* bs.find_task(pid or comm): a task table, or nil */
static int lb_find_task(lua_State *L)
{
	const struct task *t;

	if (lua_type(L, 1) == LUA_TNUMBER)
		t = task_find(lb_sim(L), (int)lb_check_int(L, 1, 0, INT_MAX, "bs.find_task: pid"));
	else
		t = task_find_comm(lb_sim(L), lb_check_text(L, 1));
	if (!t)
		return 0;
	push_task(L, t);
	return 1;
}

/* ---- /proc/vmstat and /proc/sys/vm ---- */

static int lb_vmstat(lua_State *L)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	procfs_show_vmstat(lb_sim(L), &sb);
	script_of(L)->instr += sb.len;	/* the text made and parsed, as bs.cmd's */
	lua_newtable(L);
	for (p = sb_str(&sb); *p;) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');

		if (!nl)
			nl = p + strlen(p);
		if (sp && sp < nl) {
			lua_pushlstring(L, p, (size_t)(sp - p));
			lua_pushinteger(L, strtoll(sp + 1, NULL, 10));
			lua_rawset(L, -3);
		}
		p = *nl ? nl + 1 : nl;
	}
	sb_release(&sb);
	return 1;
}

/* A sysctl's text as Lua: an integer, a list of integers, or the text. */
static void push_sysctl_value(lua_State *L, const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	int n = 0;

	if (*s && !*end) {
		lua_pushinteger(L, v);
		return;
	}
	lua_newtable(L);
	for (const char *p = s; *p;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		v = strtoll(p, &end, 10);
		if (end == p) {
			lua_pop(L, 1);
			lua_pushstring(L, s);
			return;
		}
		lua_pushinteger(L, v);
		lua_rawseti(L, -2, ++n);
		p = end;
	}
}

static const char *sysctl_name(lua_State *L, int idx, char *buf, size_t len)
{
	const char *name = lb_check_text(L, idx);

	snprintf(buf, len, "%s%s", strncmp(name, "vm.", 3) ? "vm." : "", name);
	return buf;
}

/* bs.sysctl(name) reads; bs.sysctl(name, value) writes and returns the new value */
static int lb_sysctl(lua_State *L)
{
	struct sim *sim = lb_sim(L);
	struct strbuf sb = STRBUF_INIT;
	char name[96];

	sysctl_name(L, 1, name, sizeof(name));
	if (!lua_isnoneornil(L, 2)) {
		const char *value;

		if (lua_istable(L, 2)) {	/* {256, 256, 32} */
			luaL_Buffer b;

			luaL_buffinit(L, &b);
			for (lua_Integer i = 1; i <= (lua_Integer)luaL_len(L, 2); i++) {
				lua_geti(L, 2, i);
				if (i > 1)
					luaL_addchar(&b, ' ');
				luaL_addvalue(&b);
			}
			luaL_pushresult(&b);
			value = lua_tostring(L, -1);
		} else {
			value = lb_tolstring(L, 2, NULL);
		}
		if (sim_sysctl_set(sim, name, value))
			return luaL_error(L, "%s", sim_errmsg(sim));
	}
	/* a read as the kernel does it: lowmem_reserve_ratio's recomputes
	 * protection (sim_sysctl_read) */
	if (sim_sysctl_read(sim, name, NULL, &sb)) {
		sb_release(&sb);
		return luaL_error(L, "%s", sim_errmsg(sim));
	}
	push_sysctl_value(L, sb_str(&sb));
	sb_release(&sb);
	return 1;
}

static int lb_sysctls(lua_State *L)
{
	struct sim *sim = lb_sim(L);

	lua_newtable(L);
	for (size_t i = 0; sim_sysctl_name_at(i); i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *name = sim_sysctl_name_at(i);

		if (sim_sysctl_exists(sim, name) && !sim_sysctl_read(sim, name, NULL, &sb)) {
			push_sysctl_value(L, sb_str(&sb));
			lua_setfield(L, -2, name + 3);
		}
		sb_release(&sb);
	}
	return 1;
}

/* ---- GFP flags and the kernel's formulas ---- */

static int lb_gfp(lua_State *L)
{
	gfp_t gfp = lb_check_gfp(L, 1);
	char buf[512];
	int zone = gfp_zone(gfp), mt = gfpflags_to_migratetype(gfp);
	unsigned int af = gfp_to_alloc_flags(lb_sim(L), gfp);

	lua_createtable(L, 0, 8);
	lb_setint(L, "mask", gfp);
	gfp_format(gfp, sim_gfp_style(lb_sim(L)), buf, sizeof(buf));
	lb_setstr(L, "name", buf);
	gfp_format(gfp, GFP_STYLE_TRACE45, buf, sizeof(buf));
	lb_setstr(L, "trace_name", buf);
	if (zone >= 0)
		lb_setstr(L, "zone", zone_names[zone]);
	if (mt >= 0)
		lb_setstr(L, "migratetype", migratetype_names[mt]);
	lb_setint(L, "alloc_flags", af);
	alloc_flags_format(af, buf, sizeof(buf));
	lb_setstr(L, "alloc_flags_text", buf);
	lb_setbool(L, "can_direct_reclaim", gfpflags_allow_blocking(gfp));
	lb_setbool(L, "is_thp", is_thp_gfp_mask(gfp));
	return 1;
}

static int lb_alloc_flags(lua_State *L)
{
	char buf[256];

	sim_alloc_flags_format(lb_sim(L),
			       (unsigned int)lb_check_int(L, 1, 0, UINT_MAX, "bs.alloc_flags: flags"),
			       buf, sizeof(buf));
	lua_pushstring(L, buf);
	return 1;
}

static int lb_fragmentation_index(lua_State *L)
{
	int nid, zid;
	lua_Integer order;

	lb_check_zone(L, 1, &nid, &zid);
	order = lb_check_int(L, 2, 0, MAX_ORDER - 1, "bs.fragmentation_index: order");
	lua_pushinteger(L, fragmentation_index(sim_zone(lb_sim(L), nid, zid), (unsigned int)order));
	return 1;
}

static int lb_compaction_suitable(lua_State *L)
{
	int nid, zid, r, classzone;
	lua_Integer order;
	unsigned int alloc_flags;

	lb_check_zone(L, 1, &nid, &zid);
	order = lb_check_int(L, 2, -1, MAX_ORDER - 1, "bs.compaction_suitable: order");
	alloc_flags = (unsigned int)lb_opt_int(L, 3, 0, 0, UINT_MAX,
					       "bs.compaction_suitable: alloc_flags");
	classzone = (int)lb_opt_int(L, 4, zid, 0, MAX_NR_ZONES - 1,
				    "bs.compaction_suitable: classzone_idx");
	r = compaction_suitable(lb_sim(L), sim_zone(lb_sim(L), nid, zid), (int)order,
				alloc_flags, classzone);
	lua_pushstring(L, compact_result_name(r));
	return 1;
}

/* bs.watermark_ok(zone, order, mark, classzone_idx, alloc_flags): the exact
 * __zone_watermark_ok; mark is "min", "low", "high" or a number of pages */
static int lb_watermark_ok(lua_State *L)
{
	int nid, zid;
	const struct zone *z;
	unsigned long mark;
	lua_Integer order;
	int classzone;
	unsigned int alloc_flags;

	lb_check_zone(L, 1, &nid, &zid);
	z = sim_zone(lb_sim(L), nid, zid);
	order = lb_check_int(L, 2, 0, MAX_ORDER - 1, "bs.watermark_ok: order");
	if (lua_type(L, 3) == LUA_TSTRING) {
		static const char *const names[] = { "min", "low", "high", NULL };

		mark = z->watermark[luaL_checkoption(L, 3, NULL, names)];
	} else {
		mark = (unsigned long)lb_check_int(L, 3, 0, LONG_MAX, "bs.watermark_ok: mark");
	}
	classzone = (int)lb_opt_int(L, 4, zid, 0, MAX_NR_ZONES - 1, "bs.watermark_ok: classzone_idx");
	alloc_flags = (unsigned int)lb_opt_int(L, 5, 0, 0, UINT_MAX, "bs.watermark_ok: alloc_flags");
	lua_pushboolean(L, zone_watermark_ok(z, (unsigned int)order, mark, classzone, alloc_flags));
	return 1;
}

static int lb_int_sqrt(lua_State *L)
{
	lua_Integer x = lb_check_int(L, 1, 0, LUA_MAXINTEGER, "bs.int_sqrt: x");

	lua_pushinteger(L, (lua_Integer)int_sqrt((unsigned long)x));
	return 1;
}

void lb_open_kstate(lua_State *L, int bs)
{
	static const luaL_Reg fns[] = {
		{ "tasks", lb_tasks }, { "find_task", lb_find_task }, { "vmstat", lb_vmstat },
		{ "sysctl", lb_sysctl }, { "sysctls", lb_sysctls }, { "gfp", lb_gfp },
		{ "alloc_flags", lb_alloc_flags }, { "fragmentation_index", lb_fragmentation_index },
		{ "compaction_suitable", lb_compaction_suitable },
		{ "watermark_ok", lb_watermark_ok }, { "int_sqrt", lb_int_sqrt },
		{ NULL, NULL },
	};

	lua_pushvalue(L, bs);
	luaL_setfuncs(L, fns, 0);
	lua_pop(L, 1);
}
