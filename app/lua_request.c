/* app/lua_request.c - bs.alloc{...}: an allocation request as a Lua object.
 *
 *   local r = bs.alloc{gfp = "GFP_KERNEL", order = 3, task = "bash"}
 *   while r:step() do print(r.stage, r.why) end      -- or r:run()
 *   print(r.pfn, r.alloc_flags_text, r.did_some_progress)
 *
 * The userdata holds the engine's whole struct alloc_request (its locals and
 * stage) and the task and cpu it runs as; it points at nothing in the
 * engine, so a request outlives anything. Each :step() runs one stage as
 * that task: current and the cpu are switched for the step and restored.
 * A request made before `machine` or `reset` can no longer run.
 */
#include "lua_priv.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "commands.h"

#define REQUEST_MT	"bs.request"

struct lb_request {
	struct alloc_request req;	/* the engine's request, narrate = true */
	int		pid;		/* runs as this task; 0: whoever is current */
	uint64_t	boot_id;	/* sim_boot_id() of the boot it was made on */
	bool		freed;		/* :free() gave the block back */
};

static struct lb_request *check_req(lua_State *L)
{
	return luaL_checkudata(L, 1, REQUEST_MT);
}

static bool finished(const struct lb_request *r)
{
	return r->req.done;
}

/* Switch to the request's task and cpu; return what to restore. */
struct saved { int pid, cpu; };

static void enter(lua_State *L, struct lb_request *r, struct saved *sv)
{
	struct sim *sim = lb_sim(L);

	if (sim_boot_id(sim) != r->boot_id)
		luaL_error(L, "this request was made on a machine that has since been replaced or "
			   "reset; make a new one with bs.alloc{...}");
	sv->pid = task_current(sim)->pid;
	sv->cpu = sim_cpu(sim);
	if (r->pid && task_set_current(sim, r->pid))
		luaL_error(L, "the request's task %d has exited", r->pid);
	sim_set_cpu(sim, r->req.cpu);
}

static void leave(lua_State *L, struct lb_request *r, const struct saved *sv)
{
	struct sim *sim = lb_sim(L);

	(void)r;
	if (task_find(sim, sv->pid))
		task_set_current(sim, sv->pid);
	sim_set_cpu(sim, sv->cpu);
	trace_log_pump(script_of(L)->ctx);
}

/* The engine work of a request's steps since @events0 (commands.h's unit). */
static unsigned long long request_work(const struct sim *sim, unsigned long long events0)
{
	unsigned long long events = cmd_engine_events(sim);

	return (events > events0 ? events - events0 : 0) + (sim_max_pfn(sim) >> 10) + 1;
}

/* r:step() -> more, why */
static int req_step(lua_State *L)
{
	struct lb_request *r = check_req(L);
	struct saved sv;
	unsigned long long events0;
	int more;

	if (finished(r)) {
		lua_pushboolean(L, 0);
		lua_pushstring(L, r->req.why);
		return 2;
	}
	events0 = cmd_engine_events(lb_sim(L));
	enter(L, r, &sv);
	more = alloc_step(lb_sim(L), &r->req);
	leave(L, r, &sv);
	script_charge_work(L, request_work(lb_sim(L), events0));
	lua_pushboolean(L, more);
	lua_pushstring(L, r->req.why);
	return lb_done(L, 2);
}

/* r:run() -> pfn or nil */
static int req_run(lua_State *L)
{
	struct lb_request *r = check_req(L);
	struct saved sv;

	if (!finished(r)) {
		unsigned long long events0 = cmd_engine_events(lb_sim(L));

		enter(L, r, &sv);
		while (alloc_step(lb_sim(L), &r->req))
			;
		leave(L, r, &sv);
		script_charge_work(L, request_work(lb_sim(L), events0));
	}
	if (r->req.pfn == PFN_NONE)
		return lb_done(L, 0);
	lua_pushinteger(L, (lua_Integer)r->req.pfn);
	return lb_done(L, 1);
}

/* r:free(): give the block back (__free_pages) */
static int req_free(lua_State *L)
{
	struct lb_request *r = check_req(L);
	struct sim *sim = lb_sim(L);

	/* first: a stale request's stage belongs to another machine's kernel */
	if (sim_boot_id(sim) != r->boot_id)
		return luaL_error(L, "free: the machine was replaced or reset since the request "
				  "was made");
	if (!finished(r) || r->req.pfn == PFN_NONE)
		return luaL_error(L, "free: the request has no page (stage %s)",
				  alloc_stage_name(sim, r->req.stage));
	if (r->freed)
		return lb_error(L, "free: pfn %#lx was already freed", r->req.pfn);
	if (free_pages(sim, r->req.pfn, (int)r->req.order))
		return luaL_error(L, "free: %s", sim_errmsg(sim));
	r->freed = true;
	trace_log_pump(script_of(L)->ctx);
	return lb_done(L, 0);
}

static void push_path(lua_State *L, const struct alloc_request *req)
{
	const struct sim *sim = lb_sim(L);

	lua_createtable(L, (int)req->nr_path, 0);
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++) {
		lua_pushstring(L, alloc_stage_name(sim, req->path[i]));
		lua_rawseti(L, -2, i + 1);
	}
}

static void push_verdicts(lua_State *L, const struct alloc_request *req)
{
	static const char *const kinds[] = { "taken", "wmark_fail", "empty", "fair_depleted",
		"fair_remote" };
	static const char *const marks[] = { "min", "low", "high" };

	lua_createtable(L, (int)req->nr_verdicts, 0);
	for (unsigned int i = 0; i < req->nr_verdicts; i++) {
		const struct zone_verdict *v = &req->verdicts[i];

		lua_createtable(L, 0, 12);
		lb_setint(L, "nid", v->nid);
		lb_setint(L, "zid", v->zid);
		lb_setstr(L, "zone", v->zid < MAX_NR_ZONES ? zone_names[v->zid] : "?");
		lb_setstr(L, "kind", v->kind < 5 ? kinds[v->kind] : "?");
		lb_setstr(L, "wmark", v->wmark < 3 ? marks[v->wmark] : "?");
		lb_setint(L, "free", v->wm.free);
		lb_setint(L, "mark", v->wm.mark);
		lb_setint(L, "min", v->wm.mark - v->wm.high_cut - v->wm.harder_cut);
		lb_setint(L, "reserve", v->wm.reserve);
		lb_setint(L, "highatomic", v->wm.highatomic);
		lb_setint(L, "failed_order", v->failed_order);
		lua_pushboolean(L, v->wm.ok);
		lua_setfield(L, -2, "ok");
		lua_rawseti(L, -2, i + 1);
	}
}

/* Push field @k of the request; return 0 if there is no such field. */
static int push_field(lua_State *L, const struct lb_request *r, const char *k)
{
	const struct alloc_request *q = &r->req;
	const struct sim *sim = lb_sim(L);
	char buf[512];

	if (!strcmp(k, "stage")) {
		lua_pushstring(L, alloc_stage_name(sim, q->stage));
	} else if (!strcmp(k, "function")) {
		lua_pushstring(L, alloc_stage_function(sim, q->stage));
	} else if (!strcmp(k, "done")) {
		lua_pushboolean(L, finished(r));
	} else if (!strcmp(k, "pfn")) {
		if (q->pfn == PFN_NONE)
			lua_pushnil(L);
		else
			lua_pushinteger(L, (lua_Integer)q->pfn);
	} else if (!strcmp(k, "ok")) {
		lua_pushboolean(L, finished(r) && q->pfn != PFN_NONE);
	} else if (!strcmp(k, "path")) {
		push_path(L, q);
	} else if (!strcmp(k, "gfp_mask")) {
		lua_pushinteger(L, q->gfp_mask);
	} else if (!strcmp(k, "gfp")) {
		gfp_format(q->gfp_mask, sim_gfp_style(lb_sim(L)), buf, sizeof(buf));
		lua_pushstring(L, buf);
	} else if (!strcmp(k, "order")) {
		lua_pushinteger(L, q->order);
	} else if (!strcmp(k, "cpu")) {
		lua_pushinteger(L, q->cpu);
	} else if (!strcmp(k, "pid")) {
		lua_pushinteger(L, r->pid);
	} else if (!strcmp(k, "alloc_flags")) {
		lua_pushinteger(L, q->alloc_flags);
	} else if (!strcmp(k, "alloc_flags_text")) {
		sim_alloc_flags_format(lb_sim(L), q->alloc_flags, buf, sizeof(buf));
		lua_pushstring(L, buf);
	} else if (!strcmp(k, "why")) {
		lua_pushstring(L, q->why);
	} else if (!strcmp(k, "can_direct_reclaim")) {
		lua_pushboolean(L, q->can_direct_reclaim);
	} else if (!strcmp(k, "did_some_progress")) {
		lua_pushinteger(L, (lua_Integer)q->did_some_progress);
	} else if (!strcmp(k, "no_progress_loops")) {	/* 6.1's */
		lua_pushinteger(L, q->no_progress_loops);
	} else if (!strcmp(k, "compaction_retries")) {	/* 6.1's */
		lua_pushinteger(L, q->compaction_retries);
	} else if (!strcmp(k, "reclaim_retry")) {	/* 6.1: what should_reclaim_retry saw */
		lua_createtable(L, 0, 4);
		lb_setstr(L, "zone", q->retry_zid >= 0 ? zone_names[q->retry_zid] : "none");
		lb_setint(L, "reclaimable", (lua_Integer)q->retry_reclaimable);
		lb_setint(L, "available", (lua_Integer)q->retry_available);
		lb_setint(L, "min_wmark", (lua_Integer)q->retry_min_wmark);
	} else if (!strcmp(k, "pages_reclaimed")) {
		lua_pushinteger(L, (lua_Integer)q->pages_reclaimed);
	} else if (!strcmp(k, "migration_mode")) {
		lua_pushstring(L, migrate_mode_name(q->migration_mode));
	} else if (!strcmp(k, "deferred_compaction")) {
		lua_pushboolean(L, q->deferred_compaction);
	} else if (!strcmp(k, "contended_compaction")) {
		lua_pushinteger(L, q->contended_compaction);
	} else if (!strcmp(k, "drained")) {
		lua_pushboolean(L, q->drained);
	} else if (!strcmp(k, "nr_retries")) {
		lua_pushinteger(L, q->nr_retries);
	} else if (!strcmp(k, "looped_out")) {
		lua_pushboolean(L, q->looped_out);
	} else if (!strcmp(k, "migratetype")) {
		lua_pushstring(L, q->ac.migratetype >= 0 && q->ac.migratetype < MIGRATE_TYPES ?
			       migratetype_names[q->ac.migratetype] : "?");
	} else if (!strcmp(k, "classzone_idx")) {
		lua_pushinteger(L, q->ac.classzone_idx);
	} else if (!strcmp(k, "high_zoneidx")) {
		lua_pushinteger(L, q->ac.high_zoneidx);
	} else if (!strcmp(k, "preferred_zone")) {
		lua_pushstring(L, q->ac.preferred_zid >= 0 && q->ac.preferred_zid < MAX_NR_ZONES ?
			       zone_names[q->ac.preferred_zid] : "?");
	} else if (!strcmp(k, "verdicts")) {
		push_verdicts(L, q);
	} else if (!strcmp(k, "call_chain")) {
		struct strbuf sb = STRBUF_INIT;

		alloc_call_chain(sim, q, &sb);
		lua_pushstring(L, sb_str(&sb));
		sb_release(&sb);
	} else if (!strcmp(k, "explain")) {
		struct strbuf sb = STRBUF_INIT;

		alloc_explain(lb_sim(L), q, &sb);
		lua_pushstring(L, sb_str(&sb));
		sb_release(&sb);
	} else {
		return 0;
	}
	return 1;
}

static const char *const locals[] = {
	"gfp_mask", "order", "alloc_flags", "can_direct_reclaim", "did_some_progress",
	"pages_reclaimed", "migration_mode", "deferred_compaction", "contended_compaction",
	"drained", "nr_retries", "migratetype", "classzone_idx", "high_zoneidx",
	"preferred_zone", NULL
};

static int req_index(lua_State *L)
{
	struct lb_request *r = check_req(L);
	const char *k = lb_check_text(L, 2);

	lua_getfield(L, LUA_REGISTRYINDEX, "bs.request.methods");
	if (lua_getfield(L, -1, k) != LUA_TNIL)
		return 1;
	lua_pop(L, 2);
	/* its fields are of another machine (whose kernel may name stages,
	 * flags and call chains differently): none is read on this one */
	if (sim_boot_id(lb_sim(L)) != r->boot_id)
		return luaL_error(L, "this request was made on a machine that has since been "
				  "replaced or reset; its field '%s' is gone with it", k);
	if (!strcmp(k, "locals")) {
		lua_newtable(L);
		for (int i = 0; locals[i]; i++) {
			push_field(L, r, locals[i]);
			lua_setfield(L, -2, locals[i]);
		}
		return 1;
	}
	if (push_field(L, r, k))
		return 1;
	return luaL_error(L, "a request has no field '%s' (fields: stage, function, done, ok, pfn, "
			  "path, why, gfp, order, alloc_flags, locals, verdicts, call_chain, "
			  "explain, ...; methods: step, run, free)", k);
}

static int req_tostring(lua_State *L)
{
	struct lb_request *r = check_req(L);
	char gfp[256], pfn[32];

	gfp_format(r->req.gfp_mask, sim_gfp_style(lb_sim(L)), gfp, sizeof(gfp));
	snprintf(pfn, sizeof(pfn), "%#lx", r->req.pfn);	/* lua_pushfstring has no %x */
	if (sim_boot_id(lb_sim(L)) != r->boot_id)
		lua_pushfstring(L, "request %s order=%d of a machine since replaced or reset", gfp,
				(int)r->req.order);
	else if (finished(r) && r->req.pfn != PFN_NONE)
		lua_pushfstring(L, "request %s order=%d: pfn %s", gfp, (int)r->req.order, pfn);
	else
		lua_pushfstring(L, "request %s order=%d: %s", gfp, (int)r->req.order,
				finished(r) ? "failed" : alloc_stage_name(lb_sim(L), r->req.stage));
	return 1;
}

/* bs.alloc{gfp=..., order=..., task=pid|comm, cpu=n, any_order=true} */
static int lb_alloc(lua_State *L)
{
	struct sim *sim = lb_sim(L);
	struct lb_request *r;
	struct saved sv = { 0, 0 };
	gfp_t gfp;
	lua_Integer order;
	int pid = 0, cpu = -1, rc;
	bool any;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		static const char *const keys[] = { "gfp", "order", "task", "cpu", "any_order", NULL };
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		int i;

		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (!keys[i])
			return luaL_error(L, "bs.alloc: no field '%s' (fields: gfp, order, task, cpu, "
					  "any_order)", k);
		lua_pop(L, 1);
	}
	lua_getfield(L, 1, "gfp");
	gfp = lua_isnil(L, -1) ? GFP_KERNEL : lb_check_gfp(L, -1);
	lua_getfield(L, 1, "any_order");
	any = lua_toboolean(L, -1);
	lua_getfield(L, 1, "order");
	order = lb_opt_int(L, -1, 0, 0, any ? 31 : MAX_ORDER - 1, "bs.alloc: order");
	lua_getfield(L, 1, "task");
	if (lua_type(L, -1) == LUA_TNUMBER) {
		pid = (int)lb_check_int(L, -1, 0, INT_MAX, "bs.alloc: task");
	} else if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "pid");
		pid = (int)lb_check_int(L, -1, 0, INT_MAX, "bs.alloc: task.pid");
		lua_pop(L, 1);
	} else if (!lua_isnil(L, -1)) {
		const struct task *t = task_find_comm(sim, lb_check_text(L, -1));

		if (!t)
			return luaL_error(L, "bs.alloc: no task '%s'", lua_tostring(L, -1));
		pid = t->pid;
	}
	if (pid && !task_find(sim, pid))
		return luaL_error(L, "bs.alloc: no task with pid %d", pid);
	lua_getfield(L, 1, "cpu");
	if (!lua_isnil(L, -1)) {
		cpu = (int)lb_check_int(L, -1, 0, sim_nr_cpus(sim) - 1, "bs.alloc: cpu");
	}
	r = lua_newuserdatauv(L, sizeof(*r), 0);
	memset(r, 0, sizeof(*r));
	luaL_setmetatable(L, REQUEST_MT);
	sv.pid = task_current(sim)->pid;
	sv.cpu = sim_cpu(sim);
	if (pid)
		task_set_current(sim, pid);
	if (cpu >= 0)
		sim_set_cpu(sim, cpu);	/* the cpu picks the node whose zonelist is walked */
	rc = any ? alloc_request_init_any_order(sim, &r->req, gfp, (unsigned int)order)
		 : alloc_request_init(sim, &r->req, gfp, (unsigned int)order);
	task_set_current(sim, sv.pid);
	sim_set_cpu(sim, sv.cpu);
	if (rc)
		return luaL_error(L, "bs.alloc: %s", sim_errmsg(sim));
	r->req.narrate = true;
	r->pid = pid;
	r->boot_id = sim_boot_id(sim);
	return 1;
}

/* ---- watch(r): the request handed to the stepper (step.h) ---- */

int lb_request_adopt(lua_State *L, int idx, uint64_t *serial)
{
	struct lb_request *r = luaL_checkudata(L, idx, REQUEST_MT);
	struct cmd_ctx *ctx = script_of(L)->ctx;
	struct sim *sim = lb_sim(L);

	if (finished(r))
		return luaL_error(L, "watch: the request has already run (%s)", r->req.pfn != PFN_NONE ?
				  "it got a page" : "it failed");
	if (sim_boot_id(sim) != r->boot_id)
		return luaL_error(L, "watch: this request was made on a machine that has since been "
				  "replaced or reset");
	if (r->pid && !task_find(sim, r->pid))
		return luaL_error(L, "watch: the request's task %d has exited", r->pid);
	if (step_adopt(ctx, &r->req, r->pid))
		return luaL_error(L, "watch: %s", ctx->err);
	*serial = ctx->step.serial;
	return 0;
}

void lb_request_reclaim(lua_State *L, int idx, uint64_t serial)
{
	struct lb_request *r = luaL_checkudata(L, idx, REQUEST_MT);
	struct cmd_ctx *ctx = script_of(L)->ctx;
	struct sim *sim = lb_sim(L);

	if (sim_boot_id(sim) != r->boot_id)
		return;		/* the machine went away under the request */
	if (ctx->step.serial == serial)
		r->req = ctx->step.req;
	trace_log_pump(ctx);
}

void lb_request_push_result(lua_State *L, int idx)
{
	struct lb_request *r = luaL_checkudata(L, idx, REQUEST_MT);

	if (finished(r) && r->req.pfn != PFN_NONE)
		lua_pushinteger(L, (lua_Integer)r->req.pfn);
	else
		lua_pushnil(L);
}

void lb_open_request(lua_State *L, int bs)
{
	static const luaL_Reg methods[] = {
		{ "step", req_step }, { "run", req_run }, { "free", req_free }, { NULL, NULL },
	};

	luaL_newmetatable(L, REQUEST_MT);
	lua_pushcfunction(L, req_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, req_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "a bs request");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	luaL_newlib(L, methods);
	lua_setfield(L, LUA_REGISTRYINDEX, "bs.request.methods");
	lua_pushcfunction(L, lb_alloc);
	lua_setfield(L, bs, "alloc");
}
