/* app/compare.h - what `compare A B` keeps for the screen: both machines as
 * the workload left them, every request each ran (its stages), and the
 * requests paired command by command with where each pair parts. The
 * command (app/cmd_compare.c) fills it when cmd_ctx.keep_compare is set
 * (the screen sets it); the screen (app/tui_compare.c) draws it. */
#ifndef BUDDYSCOPE_APP_COMPARE_H
#define BUDDYSCOPE_APP_COMPARE_H

#include "commands.h"

#define CMP_PATH	48		/* stages kept of each request */

struct cmp_req {
	uint8_t		path[CMP_PATH];	/* stage indices, the first CMP_PATH */
	uint16_t	nr_path;	/* all stages run (capped at 65535) */
	uint8_t		order;
	bool		ok;		/* got a page */
	gfp_t		gfp;
	int		pid;		/* who asked */
	unsigned int	cmd;		/* the command (line) it ran under */
};

struct cmp_run {
	enum kernel_version kernel;
	struct cmd_ctx	ctx;		/* its own machine */
	struct cmp_req	*reqs;		/* owned; [CMP_MAX_REQS] */
	unsigned long	nr_reqs;	/* all requests (kept: the first CMP_MAX_REQS) */
	unsigned long	errors;		/* commands that failed */
	unsigned int	cur_cmd;	/* the command now running */
	struct cmd_ctx	*parent;	/* borrowed: the session's, for progress */
};

/* Two requests, one of each run, that the same command ran k-th. */
struct cmp_pair {
	unsigned long	ia, ib;		/* indices into runs[0].reqs, runs[1].reqs */
	int		part;		/* where the folded flows part, or -1 */
	unsigned int	sa, sb;		/* the stage index on each side where they part */
};

struct compare_view {
	struct cmp_run	runs[2];
	struct cmp_pair	*pairs;		/* owned */
	unsigned long	nr_pairs;
	unsigned long	nr_differ;	/* pairs that part */
	char		what[160];	/* "4.5 vs 6.1, the built-in tour" */
};

/* Free ctx->compare (both machines too) and set it NULL. */
void compare_view_release(struct cmd_ctx *ctx);

#endif
