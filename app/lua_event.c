/* app/lua_event.c - the engine's trace events as Lua tables, for bs.on
 * and bs.events: ev_poll() hands a script the events since its last call
 * (each a table with the tracepoint's fields and its ftrace text), and
 * raw.event_name() checks the name a handler is filed under.
 */
#include "lua_priv.h"

#include <string.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "commands.h"

static const char *const event_system[NR_TRACE_EVENTS] = {
#define X(name, sys) #sys,
	TRACE_EVENTS(X)
#undef X
};

static void push_event(lua_State *L, const struct trace_event *ev)
{
	char buf[512];

	lua_createtable(L, 0, 24);
	lb_setint(L, "seq", (lua_Integer)ev->seq);
	lb_setstr(L, "name", trace_event_name(ev->id));
	lb_setstr(L, "system", ev->id < NR_TRACE_EVENTS ? event_system[ev->id] : "?");
	lb_setint(L, "ts_ns", (lua_Integer)ev->ts_ns);
	lb_setint(L, "cpu", ev->cpu);
	lb_setint(L, "pid", ev->pid);
	lb_setstr(L, "comm", ev->comm);
	lb_setint(L, "nid", ev->nid);
	lb_setint(L, "zid", ev->zid);
	lb_setstr(L, "zone", ev->zid < MAX_NR_ZONES ? zone_names[ev->zid] : "?");
	lb_setint(L, "order", ev->order);
	lb_setint(L, "migratetype", ev->migratetype);
	lb_setint(L, "gfp_mask", ev->gfp_mask);
	gfp_format(ev->gfp_mask, kernel_display_gfp_style(kernel_desc((enum kernel_version)ev->kernel)),
		   buf, sizeof(buf));
	lb_setstr(L, "gfp", buf);
	if (ev->pfn != PFN_NONE)
		lb_setint(L, "pfn", (lua_Integer)ev->pfn);
	lua_createtable(L, 4, 0);
	for (int i = 0; i < 4; i++) {
		lua_pushinteger(L, ev->arg[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "arg");
	if (ev->stage >= 0 && kernel_desc((enum kernel_version)ev->kernel))
		lb_setstr(L, "stage", kernel_stage(kernel_desc((enum kernel_version)ev->kernel),
						   ev->stage)->name);
	lb_setstr(L, "msg", ev->msg);
	switch (ev->id) {
	case TRACE_mm_page_alloc_extfrag:
		lb_setint(L, "fallback_order", ev->arg[0]);
		lb_setint(L, "fallback_migratetype", ev->arg[1]);
		lb_setint(L, "change_ownership", ev->arg[2]);
		break;
	case TRACE_mm_page_alloc_zone_locked:
		lb_setint(L, "percpu_refill", ev->arg[0]);
		break;
	case TRACE_mm_page_free_batched:
		lb_setint(L, "cold", ev->arg[0]);
		break;
	default:
		break;
	}
	trace_format(ev, buf, sizeof(buf));
	lb_setstr(L, "text", buf);
}

/* ev_poll(): an array of the events since the last call, or nil.
 * ev_skip (upvalue false): forget them. */
int lb_events(lua_State *L)
{
	static struct trace_event buf[256];
	struct script *S = script_of(L);
	struct sim *sim = S->ctx->sim;
	uint64_t next = trace_next_seq(sim), lost;
	size_t n;

	if (S->ev_cursor > next)	/* the sim was reset or replaced */
		S->ev_cursor = next;
	if (!lua_isnone(L, lua_upvalueindex(1))) {
		S->ev_cursor = next;
		return 0;
	}
	n = trace_read(sim, &S->ev_cursor, buf, sizeof(buf) / sizeof(buf[0]), &lost);
	if (n == 0)
		return 0;
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		push_event(L, &buf[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* raw.event_name(name): the key bs.on files a handler under, or nil, message */
int lb_event_name(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *colon = strchr(name, ':');
	int id;

	if (!strcmp(name, "*") || !strcmp(name, "stage")) {
		lua_pushstring(L, name);
		return 1;
	}
	for (int i = 0; i < NR_TRACE_EVENTS; i++)
		if (!strcmp(name, event_system[i])) {
			lua_pushstring(L, name);
			return 1;
		}
	id = trace_event_parse(colon ? colon + 1 : name);
	if (id >= 0) {
		lua_pushstring(L, trace_event_name((enum trace_id)id));
		return 1;
	}
	lua_pushnil(L);
	lua_pushfstring(L, "no event '%s'; accepted: a tracepoint name (mm_page_alloc, "
			"mm_vmscan_kswapd_wake, ...), a system (kmem, vmscan, compaction, oom), "
			"'stage' (slow-path narration) or '*'", name);
	return 2;
}
