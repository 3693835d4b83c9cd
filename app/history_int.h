/* app/history_int.h - what history.c (entries, checkpoints, scopes) and
 * history_nav.c (back, forward, marks) share: the line of entries itself. */
#ifndef BUDDYSCOPE_HISTORY_INT_H
#define BUDDYSCOPE_HISTORY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cmd_ctx;
struct sim;

#define NO_POINT	UINT64_MAX

enum {
	HIST_PINNED	= 1u << 0,	/* keeps its checkpoint */
	HIST_REPLAY	= 1u << 1,	/* the line does it again */
	HIST_MARK	= 1u << 2,	/* history_mark(): never forgotten for memory */
};

struct hist_entry {
	uint64_t	serial;		/* entry number in this session */
	char		*line;		/* owned; the command that led here; NULL for a
					 * boot or a change made outside a command */
	struct sim	*sim;		/* the machine this state is in */
	uint64_t	point;		/* its checkpoint there, or NO_POINT */
	unsigned int	flags;
};

struct history {
	struct hist_entry *e;		/* owned; [n], oldest first */
	size_t		n, cap;
	size_t		cur;		/* the entry the live state is at */
	uint64_t	next_serial;
	struct sim	**sims;		/* owned; every machine held */
	size_t		nr_sims, cap_sims;
	int		depth;		/* scopes open (commands, scripts) */
	bool		replaying;
	bool		tainted;	/* the running command cannot be replayed */
	bool		lost;		/* out of host memory: history restarted */
	char		*line;		/* owned; the outermost scope's command */
	unsigned long	forgotten;	/* entries forgotten at the old end */
	size_t		last_rollback;	/* bytes the last rollback put back */
};

static inline struct hist_entry *cur_entry(const struct history *h)
{
	return &h->e[h->cur];
}

/* The live state caught up with a command that ran outside a scope. */
void history_catch_up(struct cmd_ctx *ctx);
/* To entry @t (restoring its checkpoint or replaying up to it); @what names
 * the move in errors. */
int history_move_to(struct cmd_ctx *ctx, size_t t, const char *what);
/* Machines no entry is in any more, freed. */
void history_release_unused(struct cmd_ctx *ctx);
/* The entries after the current one, dropped. */
void history_drop_future(struct history *h);

#endif
