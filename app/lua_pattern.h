/* app/lua_pattern.h - the sandbox's pattern matcher (lua_pattern.c) as the
 * string functions built on it (lua_pattern_lib.c) use it. */
#ifndef BUDDYSCOPE_LUA_PATTERN_H
#define BUDDYSCOPE_LUA_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <lua.h>

#define PAT_MAXCAPTURES	32	/* LUA_MAXCAPTURES */
#define PAT_MAXDEPTH	200	/* recursion, as Lua's MAXCCALLS for matchdepth */
#define PAT_CHARGE	4096	/* steps between two charges to the script */
#define PAT_LONE_STEPS	1000000UL	/* with no script (tests): steps allowed per call */
#define CAP_OPEN	(-1)	/* capture not closed yet */
#define CAP_POSITION	(-2)	/* () */

struct matcher {
	lua_State	*L;
	const char	*src, *src_end;		/* the subject */
	const char	*pat_end;		/* the pattern ends here */
	int		depth;			/* recursive calls in progress */
	int		ncap;
	unsigned long	steps;			/* not yet charged */
	unsigned long	lone;			/* steps so far, with no script */
	struct {
		const char	*at;
		ptrdiff_t	len;		/* or CAP_OPEN, CAP_POSITION */
	} cap[PAT_MAXCAPTURES];
};

/* The steps not yet charged, charged to the script (or counted, with none). */
void pat_charge(struct matcher *m);

static inline void pat_step(struct matcher *m)
{
	if (++m->steps >= PAT_CHARGE)
		pat_charge(m);
}

/* The end of the match of pattern @p at subject @s, or NULL; charges its steps. */
const char *pat_match(struct matcher *m, const char *s, const char *p);

#endif
