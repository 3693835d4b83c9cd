/* tests/fuzz/fuzz_pattern.c - the sandbox's pattern matcher (app/lua_pattern.c)
 * against Lua's own string.find, match, gmatch and gsub.
 *
 * Input: "SUBJECT\nPATTERN\nREPLACEMENT" (the rest after the second newline;
 * a missing part is empty). In a plain Lua state (no sandbox, no budget)
 * each of find, match, gmatch (every match) and gsub (with the replacement
 * string, and with a function returning its first capture) runs through
 * Lua's functions and through ours; both must raise an error or both return
 * the same values. Ours stops after a million steps without a script to
 * charge; then the original is not run (it could take hours).
 */
#include "fuzz.h"

#include <lauxlib.h>
#include <lualib.h>
#include "lua_priv.h"

#define PATTERN_INPUT_MAX	1024

/* Lua code that runs one function both ways and compares, in the state. */
static const char compare[] =
"local orig, mine, s, p, r = ...\n"
"local function pack(ok, ...) return { ok = ok, n = select('#', ...), ... } end\n"
"local function run(f, ...) return pack(pcall(f, ...)) end\n"
"local function gm(g) return function(s, p) local t = {} for a, b in g(s, p) do t[#t + 1] = tostring(a) .. '|' .. tostring(b) if #t > 200 then break end end return table.concat(t, ',') end end\n"
"local function fn(s, p, r) return (s:gsub(p, function(c) return c end)) end\n"
"local cases = {\n"
"  { 'find', orig.find, mine.find, s, p },\n"
"  { 'find init', orig.find, mine.find, s, p, 2 },\n"
"  { 'find plain', orig.find, mine.find, s, p, 1, true },\n"
"  { 'match', orig.match, mine.match, s, p },\n"
"  { 'match init', orig.match, mine.match, s, p, -3 },\n"
"  { 'gmatch', gm(orig.gmatch), gm(mine.gmatch), s, p },\n"
"  { 'gsub', orig.gsub, mine.gsub, s, p, r },\n"
"  { 'gsub n', orig.gsub, mine.gsub, s, p, r, 2 },\n"
"  { 'gsub table', orig.gsub, mine.gsub, s, p, { a = 'A', [''] = 'E' } },\n"
"}\n"
"for _, c in ipairs(cases) do\n"
"  local b = run(c[3], table.unpack(c, 4))\n"
"  if not b.ok and tostring(b[1]):find('pattern too complex (more than', 1, true) then return end\n"
"  local a = run(c[2], table.unpack(c, 4))\n"
"  if a.ok ~= b.ok then return c[1] .. ': Lua ' .. (a.ok and 'succeeded' or 'failed: ' .. tostring(a[1])) .. ', ours ' .. (b.ok and 'succeeded' or 'failed: ' .. tostring(b[1])) end\n"
"  if a.ok then\n"
"    if a.n ~= b.n then return c[1] .. ': ' .. a.n .. ' results from Lua, ' .. b.n .. ' from ours' end\n"
"    for i = 1, a.n do\n"
"      if a[i] ~= b[i] or math.type(a[i]) ~= math.type(b[i]) then return c[1] .. ': result ' .. i .. ' is ' .. tostring(a[i]) .. ' from Lua, ' .. tostring(b[i]) .. ' from ours' end\n"
"    end\n"
"  end\n"
"end\n";

static lua_State *state(void)
{
	static lua_State *L;

	if (L)
		return L;
	L = luaL_newstate();
	if (!L)
		return NULL;
	*(void **)lua_getextraspace(L) = NULL;	/* no script: a fixed step cap */
	luaL_openlibs(L);
	lua_getglobal(L, "string");
	lua_newtable(L);
	for (const char *const *f = (const char *const[]){ "find", "match", "gmatch", "gsub", NULL };
	     *f; f++) {
		lua_getfield(L, -2, *f);
		lua_setfield(L, -2, *f);
	}
	lua_setfield(L, LUA_REGISTRYINDEX, "orig");
	lua_pop(L, 1);
	lb_open_patterns(L);
	return L;
}

int fuzz_pattern(const uint8_t *data, size_t size)
{
	lua_State *L = state();
	const char *p, *r, *end;
	size_t n = size > PATTERN_INPUT_MAX ? PATTERN_INPUT_MAX : size;

	if (!L)
		return 0;
	end = (const char *)data + n;
	p = memchr(data, '\n', n);
	p = p ? p + 1 : end;
	r = memchr(p, '\n', (size_t)(end - p));
	r = r ? r + 1 : end;
	if (luaL_loadbuffer(L, compare, sizeof(compare) - 1, "=compare") != LUA_OK) {
		fuzz_fail("compare: %s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return 0;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, "orig");
	lua_getglobal(L, "string");
	lua_pushlstring(L, (const char *)data, (size_t)(p > (const char *)data && p[-1] == '\n' ?
						     p - 1 - (const char *)data : p - (const char *)data));
	lua_pushlstring(L, p, (size_t)(r > p && r[-1] == '\n' ? r - 1 - p : r - p));
	lua_pushlstring(L, r, (size_t)(end - r));
	if (lua_pcall(L, 5, 1, 0) != LUA_OK)
		fuzz_fail("compare raised: %s", lua_tostring(L, -1));
	else if (lua_isstring(L, -1))
		fuzz_fail("%s", lua_tostring(L, -1));
	lua_settop(L, 0);
	return 0;
}

FUZZ_TARGET(fuzz_pattern)
