/* app/commands.h - the one command table: REPL, batch, -c, and later the TUI
 * command line and Lua (`bs.cmd`, `bs.<name>{...}`) all go through it.
 *
 * Each row of app/commands.def is the whole truth about a command: its name,
 * its argument spec, a one-line summary and a long help text. The spec drives
 * the parser, the usage line, `help` and tab completion, so they cannot drift.
 *
 * Argument spec (space separated items, `[...]` marks an optional one):
 *   name:u           unsigned number, decimal or 0x hex, 0..ULONG_MAX
 *   name:u(LO..HI)   the same, range-checked
 *   name:gfp         GFP flags, gfp_parse() syntax; "A | B" may span tokens
 *   name:pfn         a pfn inside some zone of the machine
 *   name:zone        "Normal", "DMA32", "0:Normal" or "node 0 Normal"
 *   name:cpu         a CPU number of the machine
 *   name:xN          a repeat count written x1..x1000000
 *   name:sysctl      vm.NAME (the "vm." may be left out)
 *   name:machine     PRESET, file:PATH or zoneinfo:PATH
 *   name:cmd         a command name
 *   name:task        a task: its pid, or its name (comm)
 *   name:word        one word, checked by the handler
 *   name:stage       a slow-path stage or trace event (break), checked by the
 *                    handler; completion offers every one
 *   name:rest        the rest of the line (at least one word)
 *   name:a|b|w=T|<T> one of the words a, b, w; "w=T" is the word w followed
 *                    by one value of type T; "<T>" is a value of type T
 *   [name=T]         a keyword argument, written name=VALUE as one word
 *                    anywhere after the command name (alloc ... task=bash)
 *
 * Errors: a handler returns 0, or -1 after cmd_error() stored a one-line
 * message (lower case, what failed first, what is accepted). Output goes to a
 * strbuf so that every front end can place it where it wants.
 */
#ifndef BUDDYSCOPE_APP_COMMANDS_H
#define BUDDYSCOPE_APP_COMMANDS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/gfp.h"
#include "buddyscope/replay.h"
#include "buddyscope/kernel.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "step.h"

struct history;
struct sim;
struct script;
struct lesson;
struct kept_real;
struct compare_view;

#define CMD_MAX_ARGS	8		/* items in one spec */
#define CMD_MAX_CHOICES	12		/* words in one name:a|b|c item */
#define CMD_MAX_TOKENS	64		/* tokens in one command line */
#define CMD_LINE_MAX	4096		/* bytes in one command line */
#define CMD_ERR_MAX	512
#define CMD_REPEAT_MAX	1000000UL	/* largest xN */

/* ---- what `map` asks the screen's page map to show (cmd_map.c) ---- */
struct map_view {
	uint64_t	serial;		/* bumped by every change */
	bool		focus;		/* show pfns [start, end) */
	unsigned long	start, end;
	int		zoom;		/* 2^zoom pages a cell; -1: the smallest that fits */
	bool		mark;		/* mark the block [mark_start, mark_end) */
	unsigned long	mark_start, mark_end;
};

/* ---- the state every command runs against ---- */
struct cmd_ctx {
	struct sim	*sim;		/* owned by the history; a new machine comes in
					 * through cmd_ctx_switch_sim() only */
	uint64_t	seed;		/* seed for booting a new machine */
	bool		quit;		/* `quit` was run */
	struct stepper	step;		/* the request being stepped (step.h) */
	struct history	*hist;		/* owned; time travel (history.h) */
	struct script	*lua;		/* owned; Lua state of `lua`/`source`, made on
					 * first use (app/lua.h) */
	struct lesson	*lesson;	/* owned; the lesson `lesson` opened (lesson.h) */
	struct map_view	map;		/* what `map` asked the page map to show */
	struct quiz_session *quiz;	/* owned; the `quiz` in progress, or NULL
					 * (app/quiz_session.c) */
	struct kept_real *reals;	/* owned; real machines sims booted from
					 * (app/realimport.c) */
	int		nr_reals;
	/* the request of the last `explain FILE`, for `retry` */
	struct {
		bool	valid;
		gfp_t	gfp;
		int	order;
		int	pid;
		char	comm[16];
	} retry;
	/* set by the screen: show a long command's progress (NULL: a bar on a
	 * terminal's stderr, nothing on a pipe) */
	void		(*progress)(struct cmd_ctx *ctx, const char *what, unsigned long done,
				    unsigned long total);
	struct compare_view *compare;	/* owned; the last `compare`'s machines and
					 * requests (app/compare.h), kept only when
					 * keep_compare is set (the screen), or NULL */
	bool		keep_compare;
	char		err[CMD_ERR_MAX];	/* last error, without "error: " */
};

/* Boot @machine_spec (NULL: the default preset) under the default kernel,
 * or under @kernel. Return: 0, or -1 with ctx->err set; nothing to release
 * then. */
int cmd_ctx_init(struct cmd_ctx *ctx, const char *machine_spec, uint64_t seed);
/* @kernel NR_KERNEL_VERSIONS: none chosen, the default (or, for a real
 * machine, the version it came from as near as the model has it). */
/* @cma_pages: --cma's area in place of the machine's own (0: its own). */
int cmd_ctx_boot(struct cmd_ctx *ctx, const char *machine_spec, uint64_t seed,
		 enum kernel_version kernel, unsigned long cma_pages);
/* The first line of every transcript (batch, -c, FILE, a script): the
 * kernel, the machine and the seed, as a '#' comment so that a transcript
 * can be fed back as commands:
 *   "# buddyscope: Linux v4.5.0 on classroom, seed 1" */
void cmd_transcript_header(const struct cmd_ctx *ctx, struct strbuf *out);
void cmd_ctx_release(struct cmd_ctx *ctx);
/* Run @sim from now on (`machine`, `reset`, anything that boots one): it
 * keeps the trace recording, the request in progress is abandoned, and the
 * old machine goes to the history (never destroy it yourself). */
void cmd_ctx_switch_sim(struct cmd_ctx *ctx, struct sim *sim);
/* Take the running machine out of @ctx, to keep it after cmd_ctx_release()
 * or to switch another context to it: it leaves the history. Return: it
 * (the caller owns it now); ctx->sim is NULL. */
struct sim *cmd_ctx_detach_sim(struct cmd_ctx *ctx);

/* ---- parsed spec ---- */
/* ARG_GFP: a request's mask (alloc, start), which the model must be able
 * to carry; ARG_GFP_MASK: any mask the kernel has, to describe (show gfp). */
enum arg_type {
	ARG_U, ARG_GFP, ARG_GFP_MASK, ARG_PFN, ARG_ZONE, ARG_CPU, ARG_REPEAT, ARG_SYSCTL,
	ARG_MACHINE, ARG_CMD, ARG_REST, ARG_TASK, ARG_WORD, ARG_STAGE, ARG_CHOICE, ARG_NONE
};

struct arg_choice {
	char		word[24];	/* "" for a <T> alternative */
	enum arg_type	value;		/* ARG_NONE: a bare word */
};

struct arg_spec {
	char		name[16];
	enum arg_type	type;
	bool		optional;
	bool		ranged;
	bool		keyword;	/* [name=T]: given as name=VALUE */
	unsigned long	lo, hi;		/* ARG_U with (LO..HI) */
	int		nchoices;
	struct arg_choice choices[CMD_MAX_CHOICES];
};

struct cmd_spec {
	int		nargs;
	struct arg_spec	args[CMD_MAX_ARGS];
};

/* ---- parsed arguments ---- */
struct cmd_arg {
	const char	*name;		/* from the spec; static */
	bool		present;
	int		choice;		/* ARG_CHOICE: index of the alternative, else -1 */
	const char	*word;		/* ARG_CHOICE: the word given; NULL for a <T> value */
	unsigned long	u;		/* ARG_U, ARG_PFN, ARG_CPU, ARG_REPEAT; ARG_TASK: pid */
	gfp_t		gfp;		/* ARG_GFP */
	int		nid, zid;	/* ARG_ZONE */
	const char	*s;		/* the text: a word, sysctl, machine spec, rest */
};

struct cmd_args {
	int		argc;		/* = spec nargs */
	struct cmd_arg	v[CMD_MAX_ARGS];
	char		store[CMD_LINE_MAX + 64];	/* text the ->s point into */
	size_t		used;
};

struct cmd_ctx;
typedef int cmd_fn(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out);

#define CMD(id, spec, summary, help) CMD_##id,
enum cmd_id {
#include "commands.def"
	NR_CMDS
};
#undef CMD

#define CMD(id, spec, summary, help) cmd_fn cmd_##id;
#include "commands.def"
#undef CMD

struct cmd_entry {
	const char	*name;
	const char	*spec;
	const char	*summary;
	const char	*help;
	cmd_fn		*fn;
};

extern const struct cmd_entry cmd_table[NR_CMDS];

/* cmd_sim.c: "sim.cpu_slowdown = F (...)", for `set` and `get` */
void print_cpu_slowdown(const struct sim *sim, struct strbuf *out);
void print_wakeup_us(const struct sim *sim, struct strbuf *out);

/* ---- commands.c: lookup, dispatch, help ---- */
/* The command called @name (aliases too), or -1. */
int cmd_lookup(const char *name);
/* The i-th name for completion (commands, then aliases); NULL past the end. */
const char *cmd_name_at(size_t i);
/* The parsed spec of @id (parsed once; a bad spec in commands.def aborts). */
const struct cmd_spec *cmd_spec(enum cmd_id id);
/* Append "alloc GFP ORDER [xN]". */
void cmd_usage(enum cmd_id id, struct strbuf *out);

/* Tokenize, look up, parse and run one line. Blank lines and lines starting
 * with '#' do nothing. Return: 0, or -1 with ctx->err set. */
int cmd_exec_line(struct cmd_ctx *ctx, const char *line, struct strbuf *out);

/* Where @line's command word starts: past leading blanks and one leading
 * ':' (the screen's ':' opens the command line, and people type it again
 * there, as vim's ":help"); "::x" keeps both, so it stays an unknown word.
 * The one rule for cmd_exec_line() and script_exec_raw(). */
const char *cmd_line_start(const char *line);
/* Run an already parsed command (for Lua). */
int cmd_exec(struct cmd_ctx *ctx, enum cmd_id id, const struct cmd_args *args,
	     struct strbuf *out);

/* Set from a SIGINT handler (the REPL's Ctrl-C): long commands such as
 * `alloc ... x1000000` stop early. cmd_exec() clears it before each command. */
extern volatile sig_atomic_t cmd_interrupted;
/* The engine work every command ran so far did, in page operations (pages
 * allocated, freed, scanned, migrated or booted; cmd_exec adds each one's,
 * counted before a failed command is rolled back): a script's commands
 * are charged what this grows by (lua_guard.c). */
extern unsigned long long cmd_work;
struct sim;
/* The sum of @sim's /proc/vmstat event counters. */
unsigned long long cmd_engine_events(const struct sim *sim);

/* Store a message in ctx->err. Return: -1. */
__attribute__((format(printf, 2, 3)))
int cmd_error(struct cmd_ctx *ctx, const char *fmt, ...);
/* The error of a command the engine stopped for a Ctrl-C (-EINTR): "@what:
 * interrupted (Ctrl-C); " and what became of the machine. Return: -1. */
int cmd_error_interrupted(struct cmd_ctx *ctx, const char *what);

/* The closest of @words to @s (edit distance <= 2 or a prefix), or NULL. */
const char *closest_word(const char *s, const char *const *words, size_t n);

/* ---- cmdparse.c and cmdargs.c: tokens, specs, arguments ---- */
struct tokens {
	int		n;
	char		*v[CMD_MAX_TOKENS];
	char		buf[CMD_LINE_MAX + 1];
};
/* Split on blanks; "..." and '...' group; a token starting with '#' ends the
 * line. @lenient: never fail (for completion). Return: 0 or -1 with @err. */
int tokenize(const char *line, struct tokens *t, bool lenient, char *err, size_t errlen);

/* Decimal or 0x hex, nothing else. Return: 0, -1 not a number, -2 overflow. */
int parse_ulong(const char *s, unsigned long *out);
/* Parse @spec into @out. Return: 0, or -1 with @err (a bug in commands.def). */
int spec_parse(const char *spec, struct cmd_spec *out, char *err, size_t errlen);
/* How many of @tok[0..n) a value of @type spans (for completion; >= 1). */
int arg_span(enum arg_type type, char *const *tok, int n);
/* Parse tokens into args by the spec of @id, checking every value against the
 * machine. Return: 0 or -1 with ctx->err ("alloc: ORDER 11 out of range ..."). */
int cmd_parse_args(struct cmd_ctx *ctx, enum cmd_id id, char *const *tok, int n,
		   struct cmd_args *args);
/*
 * Argument by argument, for callers with named values (Lua's
 * bs.alloc{gfp="GFP_KERNEL", order=3}): cmd_args_init(), then
 * cmd_parse_arg() for each given name with its value as text, then
 * cmd_args_check() for the required ones, then cmd_exec().
 */
void cmd_args_init(enum cmd_id id, struct cmd_args *args);
int cmd_parse_arg(struct cmd_ctx *ctx, enum cmd_id id, const char *name, const char *text,
		  struct cmd_args *args);
int cmd_args_check(struct cmd_ctx *ctx, enum cmd_id id, const struct cmd_args *args);
/* The placeholder shown in usage lines: "GFP", "ORDER", "xN". */
void arg_metavar(const struct arg_spec *a, struct strbuf *out);
const char *arg_type_metavar(enum arg_type type);

/* Named access to parsed arguments; NULL when absent. */
const struct cmd_arg *arg_get(const struct cmd_args *args, const char *name);
/* The word given for a choice argument ("all"), or NULL (absent, or a value). */
const char *arg_word(const struct cmd_args *args, const char *name);

/* Zone lookup shared with completion: "Normal", "0:Normal", "node 0 Normal". */
int zone_lookup(const struct sim *sim, const char *nid_text, const char *name,
		int *nid, int *zid, char *err, size_t errlen);
/* Task lookup (cmd_task.c): a pid, or a name (the lowest pid of that comm).
 * Return: 0 and *pid, or -1 with "no task 'hgo'; did you mean 'hog'? ..." */
int task_lookup_text(const struct sim *sim, const char *text, int *pid, char *err,
		     size_t errlen);

/* ---- cmd_workload.c: `compact defer`, `task mlock`, `task kill` ---- */
int compact_defer_cmd(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out);
/* @pid is a user task (checked by the caller) */
int task_mlock_cmd(struct cmd_ctx *ctx, int pid, unsigned long n, struct strbuf *out);
int task_kill_cmd(struct cmd_ctx *ctx, int pid, struct strbuf *out);

/* ---- cmd_trace.c ---- */
/* Copy the sim's last events into its trace buffer while tracing is on
 * (trace_buffer_pump): after a command, so that what it did is recorded. */
void trace_log_pump(struct cmd_ctx *ctx);

/* ---- hostmem.c ---- */
/* Bytes of memory this computer has available now (MemAvailable), for
 * sim_config.mem_limit; 0 when it cannot tell. */
unsigned long long host_mem_available(void);
/* cmd_sim.c: the booted @sim replaces the running one (the request being
 * stepped is abandoned, the trace recording carries over, stage breakpoints
 * keep their stage by name); @cmd names the command in what it says. */
void replace_sim(struct cmd_ctx *ctx, struct sim *sim, const char *cmd, struct strbuf *out);

/* trace_replay.c: `trace replay FILE [exact|simulate] [after=DIR]`, from
 * the words after "replay", or with them given (`--replay FILE`). */
int trace_replay_cmd(struct cmd_ctx *ctx, const char *rest, struct strbuf *out);
/* The first half of trace_replay() (for `make bench`): FILE's events read
 * and sorted into *@events (malloc'd, caller frees), the running import
 * booted again with their hints. Return: 0, or -1 with ctx->err. */
int trace_replay_load(struct cmd_ctx *ctx, const char *path, struct replay_event **events,
		      size_t *nr, struct strbuf *out);
int trace_replay(struct cmd_ctx *ctx, const char *path, enum replay_mode mode, const char *after,
		 struct strbuf *out);
/* A long command's progress: ctx->progress on the screen, a bar on stderr
 * when it is a terminal, nothing on a pipe. */
void progress_report(struct cmd_ctx *ctx, const char *what, unsigned long done,
		     unsigned long total);

/* ---- cmd_map.c ---- */
/* Forget the page map's focus and mark (a lesson rewound, a new machine). */
void map_view_reset(struct cmd_ctx *ctx);

/* ---- cmd_sim.c ---- */
/* Append a description of the running machine. */
void describe_machine(const struct sim *sim, struct strbuf *out);

#endif
