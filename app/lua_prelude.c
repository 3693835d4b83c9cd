/* app/lua_prelude.c - the Lua half of the sandbox, run once per state
 * before any user code: it locks the global table (unknown names are
 * errors, built-ins cannot be replaced), makes bs read-only, delivers trace
 * events to bs.on handlers, and defines the lesson text helpers.
 */
#include "lua_priv.h"

#include "commands.h"

/* ---- the prelude: lock the globals, bs.on, lesson text helpers ---- */

const char lb_prelude[] =
"local G, raw, ev_poll, ev_skip, closest, loaded = ...\n"
"local next, type, error, tostring, setmetatable, rawget, rawset, select ="
"  next, type, error, tostring, setmetatable, rawget, rawset, select\n"
"local pack, unpack, concat, sort = table.pack, table.unpack, table.concat, table.sort\n"
"local builtins\n"
"local function hint(k, t)\n"
"  if type(k) ~= 'string' then return '' end\n"
"  local names = {}\n"
"  for n in next, t do if type(n) == 'string' then names[#names + 1] = n end end\n""  sort(names)\n"
"  local c = closest(k, names)\n"
"  return c and (\" (did you mean '\" .. c .. \"'?)\") or ''\n"
"end\n"
/* events: bs.on handlers run after every bs call */
"local handlers, nhandlers, nextid = {}, 0, 0\n"
"local function deliver(list, ev) if list then for i = 1, #list do list[i].fn(ev) end end end\n"
"local function pump()\n"
"  if nhandlers == 0 then return ev_skip() end\n"
"  while true do\n"
"    local evs = ev_poll()\n"
"    if not evs then return end\n"
"    for i = 1, #evs do\n"
"      local ev = evs[i]\n"
"      deliver(handlers[ev.name], ev)\n"
"      deliver(handlers[ev.system], ev)\n"
"      if ev.name == 'bs_alloc_stage' then deliver(handlers.stage, ev) end\n"
"      deliver(handlers['*'], ev)\n"
"    end\n"
"  end\n"
"end\n"
"local protected = setmetatable({}, { __mode = 'k' })\n"
"local function readonly(t, what, call)\n"
"  local mt = {\n"
"    __index = function(_, k)\n"
"      local v = t[k]\n"
"      if v == nil then error(what .. \" has no field '\" .. tostring(k) .. \"'\" .. hint(k, t), 2) end\n"
"      return v\n"
"    end,\n"
"    __newindex = function(_, k) error(what .. \" is read-only (cannot set '\" .. tostring(k) .. \"')\", 2) end,\n"
"    __pairs = function() return next, t, nil end,\n"
"    __metatable = what .. ' is read-only',\n"
"    __call = call,\n"
"  }\n"
"  local p = setmetatable({}, mt)\n"
"  protected[p] = true\n"
"  return p\n"
"end\n"
"local bs, cmds = raw.bs, raw.cmd\n"
/* tracebacks name C functions by their module: "function 'bs.zone'" */
"loaded.bs, loaded['bs.cmd'], loaded.request = bs, cmds, raw.request\n"
"raw.set_pump(pump)\n"
/* a failed command puts the handlers back (lua_guard.c: script_session_*) */
"raw.keep('handlers.get', function()\n"
"  local h = {}\n"
"  for k, v in next, handlers do h[k] = v end\n"
"  return { h, nhandlers, nextid }\n"
"end)\n"
"raw.keep('handlers.set', function(s)\n"
"  handlers = {}\n"
"  for k, v in next, s[1] do handlers[k] = v end\n"
"  nhandlers, nextid = s[2], s[3]\n"
"end)\n"
/* the libraries every run shares are read-only, as bs is */
"local function freeze(t, what)\n"
"  local p = setmetatable({}, {\n"
"    __index = t,\n"
"    __newindex = function(_, k) error(what .. \" is read-only (cannot set '\" .. tostring(k) .. \"')\", 2) end,\n"
"    __pairs = function() return next, t, nil end,\n"
"    __metatable = what .. ' is read-only',\n"
"  })\n"
"  protected[p] = true\n"
"  return p\n"
"end\n"
"for _, name in next, { 'string', 'table', 'math', 'utf8', 'coroutine' } do G[name] = freeze(G[name], name) end\n"
"bs.cmdline = nil\n"
"bs.cmd = readonly(cmds, 'bs.cmd', raw.cmdcall)\n"
"function bs.on(name, fn)\n"
"  if type(name) ~= 'string' then error('bs.on: the event name must be a string (a tracepoint, a system, \\'stage\\' or \\'*\\'), not a ' .. type(name), 2) end\n"
"  if type(fn) ~= 'function' then error('bs.on: expected a function after the event name', 2) end\n"
"  local key, err = raw.event_name(name)\n"
"  if not key then error('bs.on: ' .. err, 2) end\n"
"  ev_skip()\n"
"  nextid = nextid + 1\n"
"  local old, new = handlers[key] or {}, {}\n"
"  for i = 1, #old do new[i] = old[i] end\n"
"  new[#new + 1] = { id = nextid, fn = fn }\n"
"  handlers[key] = new\n"
"  nhandlers = nhandlers + 1\n"
"  return nextid\n"
"end\n"
"function bs.off(id)\n"
"  if id ~= nil and math.type(id) ~= 'integer' then\n"
"    error('bs.off: expected the id bs.on returned (an integer), or nothing to remove every handler; got ' .. (type(id) == 'number' and tostring(id) or 'a ' .. type(id)), 2)\n"
"  end\n"
"  local gone = 0\n"
"  for key, list in next, handlers do\n"
"    local new = {}\n"
"    for i = 1, #list do if id ~= nil and list[i].id ~= id then new[#new + 1] = list[i] end end\n"
"    gone = gone + #list - #new\n"
"    handlers[key] = #new > 0 and new or nil\n"
"  end\n"
"  nhandlers = nhandlers - gone\n"
"  if id ~= nil and gone == 0 then error('bs.off: no handler ' .. id .. ' (bs.on returns the id; it may have been removed already)', 2) end\n"
"end\n"
"G.bs = readonly(bs, 'bs')\n"
/* lesson text: say [[ ... ]] may be indented like the code around it */
"local function dedent(s)\n"
"  s = tostring(s):gsub('^[ \\t]*\\n', ''):gsub('%s+$', '')\n"
"  local min\n"
"  for line in (s .. '\\n'):gmatch('(.-)\\n') do\n"
"    if line:find('%S') then\n"
"      local n = #line:match('^[ \\t]*')\n"
"      if not min or n < min then min = n end\n"
"    end\n"
"  end\n"
"  if not min or min == 0 then return s end\n"
"  local out = {}\n"
"  for line in (s .. '\\n'):gmatch('(.-)\\n') do out[#out + 1] = line:sub(min + 1) end\n"
"  return concat(out, '\\n')\n"
"end\n"
"local function text(fmt, ...)\n"
"  if select('#', ...) > 0 then return dedent(fmt):format(...) end\n"
"  return dedent(fmt)\n"
"end\n"
"local L = raw.lesson\n"
"function G.say(fmt, ...)\n"
"  if fmt == nil then error('say: expected the text to say', 2) end\n"
"  return L.say(text(fmt, ...))\n"
"end\n"
"function G.pause(fmt, ...) return L.pause(fmt and text(fmt, ...) or nil) end\n"
"function G.expect(cond, fmt, ...)\n"
"  return L.expect(cond, fmt and text(fmt, ...) or 'expectation')\n"
"end\n"
"function G.expect_eq(got, want, fmt, ...)\n"
"  local what = fmt and text(fmt, ...) or 'value'\n"
"  if got == want then return L.expect(true, what .. ' = ' .. tostring(want)) end\n"
"  return L.expect(false, what .. ': got ' .. tostring(got) .. ', expected ' .. tostring(want))\n"
"end\n"
"function G.predict(t)\n"
"  if type(t) ~= 'table' then error('predict: expected a table {question=..., choices=..., answer=...}', 2) end\n"
"  if t.question then t.question = text(t.question) end\n"
"  if t.explain then t.explain = text(t.explain) end\n"
"  return L.predict(t)\n"
"end\n"
"G.lesson = L.lesson\n"
"G.watch = L.watch\n"
"G.dedent = dedent\n"
"function G.global(name, value)\n"
"  if type(name) ~= 'string' or not name:match('^[%a_][%w_]*$') then\n"
"    error('global: expected a name such as \"count\"', 2)\n"
"  end\n"
"  if rawget(builtins, name) ~= nil then error(\"global: '\" .. name .. \"' is built in\", 2) end\n"
"  rawset(G, name, value)\n"
"end\n"
"local function saferawset(t, k, v)\n"
"  if protected[t] then error('rawset: the table is read-only', 2) end\n"
"  return rawset(t, k, v)\n"
"end\n"
/* the lock: built-ins live apart, so they can be neither replaced nor mistyped */
"G.rawset = saferawset\n"
"builtins = {}\n"
"for k, v in next, G do builtins[k] = v end\n"
"for k in next, builtins do G[k] = nil end\n"

"builtins._G = G\n"
"loaded._G = builtins\n"
"setmetatable(builtins, { __index = function(_, k)\n"
"  error(\"unknown global '\" .. tostring(k) .. \"'\" .. hint(k, builtins), 2)\n"
"end })\n"

"setmetatable(G, {\n"
"  __index = builtins,\n"
"  __newindex = function(_, k, v)\n"
"    if rawget(builtins, k) ~= nil then\n"
"      error(\"'\" .. tostring(k) .. \"' is built in and cannot be replaced (use a local)\", 2)\n"
"    end\n"
"    error(\"assignment to undeclared global '\" .. tostring(k) .. \"' (use local \" .. tostring(k) ..\n"
"      \", or global('\" .. tostring(k) .. \"', value) to keep it between commands)\", 2)\n"
"  end,\n"
"  __metatable = 'the global table is locked',\n"
"})\n";

int lb_closest(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	lua_Integer n = luaL_len(L, 2);
	const char **words;
	const char *best;

	if (n <= 0 || n > 4096)
		return 0;
	words = lua_newuserdatauv(L, (size_t)n * sizeof(*words), 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, 2, i);
		words[i - 1] = lua_tostring(L, -1);	/* anchored in the table */
		lua_pop(L, 1);
	}
	best = closest_word(s, words, (size_t)n);
	if (!best)
		return 0;
	lua_pushstring(L, best);
	return 1;
}

const size_t lb_prelude_len = sizeof(lb_prelude) - 1;
