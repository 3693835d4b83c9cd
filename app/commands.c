/* app/commands.c - the command table and dispatch (after jq's opcode_list.h,
 * Redis's commands.def and tmux's cmd_entry): cmd_table[] is expanded from
 * commands.def, and lookup, usage lines, help and dispatch all walk it.
 */
#include "commands.h"
#include "compare.h"
#include "quiz.h"
#include "realimport.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buddyscope/machine.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "history.h"
#include "lesson.h"
#include "lua.h"

const struct cmd_entry cmd_table[NR_CMDS] = {
#define CMD(id, spec, summary, help) { #id, spec, summary, help, cmd_##id },
#include "commands.def"
#undef CMD
};

/* Other names for commands (the ALIAS rows); completion offers them too. */
static const struct {
	const char	*alias;
	enum cmd_id	id;
} cmd_aliases[] = {
#define CMD(id, spec, summary, help)
#define ALIAS(name, id) { name, CMD_##id },
#include "commands.def"
#undef ALIAS
#undef CMD
};
#define NR_ALIASES (sizeof(cmd_aliases) / sizeof(cmd_aliases[0]))

int cmd_lookup(const char *name)
{
	for (int i = 0; i < NR_CMDS; i++)
		if (!strcmp(cmd_table[i].name, name))
			return i;
	for (size_t i = 0; i < NR_ALIASES; i++)
		if (!strcmp(cmd_aliases[i].alias, name))
			return (int)cmd_aliases[i].id;
	return -1;
}

const char *cmd_name_at(size_t i)
{
	if (i < NR_CMDS)
		return cmd_table[i].name;
	i -= NR_CMDS;
	return i < NR_ALIASES ? cmd_aliases[i].alias : NULL;
}

const struct cmd_spec *cmd_spec(enum cmd_id id)
{
	static struct cmd_spec specs[NR_CMDS];
	static bool parsed;

	if (!parsed) {
		char err[256];

		for (int i = 0; i < NR_CMDS; i++) {
			if (spec_parse(cmd_table[i].spec, &specs[i], err, sizeof(err))) {
				/* a bug in commands.def, not user input */
				fprintf(stderr, "buddyscope: commands.def: %s: %s\n",
					cmd_table[i].name, err);
				abort();
			}
		}
		parsed = true;
	}
	return &specs[id];
}

void cmd_usage(enum cmd_id id, struct strbuf *out)
{
	const struct cmd_spec *spec = cmd_spec(id);

	sb_puts(out, cmd_table[id].name);
	for (int i = 0; i < spec->nargs; i++) {
		sb_putc(out, ' ');
		arg_metavar(&spec->args[i], out);
	}
}

int cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return -1;
}

int cmd_error_interrupted(struct cmd_ctx *ctx, const char *what)
{
	/* a failed command is rolled back where there is a history */
	return cmd_error(ctx, "%s: interrupted (Ctrl-C); %s", what,
			 ctx->hist ? "the machine is as it was before the command"
				   : "what it did so far stays");
}

/* Levenshtein distance, capped: enough to catch typos like "aloc". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], i, j;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *closest_word(const char *s, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;

	if (!*s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, words[i]);

		if (!strncmp(words[i], s, strlen(s)))
			d = d < 2 ? d : 2;	/* a prefix counts as close */
		if (d < best_d) {
			best_d = d;
			best = words[i];
		}
	}
	return best;
}

volatile sig_atomic_t cmd_interrupted;
unsigned long long cmd_work;

unsigned long long cmd_engine_events(const struct sim *sim)
{
	unsigned long long n = 0;

	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		n += sim_vm_event(sim, i);
	return n;
}

#define CMD_BOOT_WORK	(1UL << 19)	/* a boot's cost beside its pages: ~13 ms */
#define CMD_FLAT_WORK	256		/* any command's own cost: ~5 us */

/* What one command cost the engine, read before a failed one is rolled
 * back: the events it counted (pages allocated, freed, scanned, migrated),
 * a machine it booted (every page record), and a share of the machine's
 * size for the walks over every page (check, show, map, export). */
static unsigned long long command_work(const struct sim *now, uint64_t boot0,
				       unsigned long long events0)
{
	unsigned long long events = cmd_engine_events(now), work;

	if (sim_boot_id(now) != boot0)	/* a boot: every record, and its own rings */
		work = events + sim_max_pfn(now) + CMD_BOOT_WORK;
	else
		work = events > events0 ? events - events0 : 0;
	return work + (sim_max_pfn(now) >> 10) + CMD_FLAT_WORK;
}

/* The line cmd_exec_line() is running, for the history (NULL: a command
 * given as parsed arguments). */
static const char *exec_line;

int cmd_exec(struct cmd_ctx *ctx, enum cmd_id id, const struct cmd_args *args,
	     struct strbuf *out)
{
	struct history_scope hs;
	const char *line = exec_line;
	int rc;

	exec_line = NULL;
	ctx->err[0] = '\0';
	uint64_t boot0 = sim_boot_id(ctx->sim);
	unsigned long long events0 = cmd_engine_events(ctx->sim);

	cmd_interrupted = 0;
	history_scope_begin(ctx, &hs, line);
	rc = cmd_table[id].fn(ctx, args, out);
	cmd_work += command_work(ctx->sim, boot0, events0);
	trace_log_pump(ctx);
	if (rc && !ctx->err[0])
		cmd_error(ctx, "%s failed", cmd_table[id].name);
	history_scope_end(ctx, &hs, rc != 0);
	return rc ? -1 : 0;
}

/* Words a newcomer brings from gdb, a shell or the kernel's own names, and
 * the command that does it here: "undo" is not a typo of "info". */
static const char *word_from_elsewhere(const char *w)
{
	static const char *const words[][2] = {
		{ "q", "quit" }, { "h", "help" }, { "man", "help" }, { "undo", "back" },
		{ "redo", "forward" }, { "run", "continue" }, { "r", "continue" },
		{ "ls", "help" }, { "ps", "task list" }, { "top", "task list" },
		{ "kill", "task kill" }, { "cat", "show" }, { "sysctl", "set" },
		{ "malloc", "alloc" }, { "kmalloc", "alloc" }, { "alloc_pages", "alloc" },
		{ "__alloc_pages", "alloc" }, { "kfree", "free" }, { "free_pages", "free" },
		{ "__free_pages", "free" }, { "reboot", "reset" }, { "boot", "reset" },
		{ "version", "kernel" }, { "lessons", "lesson" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(w, words[i][0]))
			return words[i][1];
	return NULL;
}

const char *cmd_line_start(const char *line)
{
	line += strspn(line, " \t");
	if (line[0] == ':' && line[1] != ':')
		line++;
	return line;
}

int cmd_exec_line(struct cmd_ctx *ctx, const char *line, struct strbuf *out)
{
	struct tokens *t;
	struct cmd_args *args;
	int id, rc = -1;

	ctx->err[0] = '\0';
	exec_line = line;
	if (script_exec_raw(ctx, line, out, &rc)) {	/* lua/source keep their text */
		exec_line = NULL;
		return rc;
	}
	line = cmd_line_start(line);
	t = malloc(sizeof(*t));
	args = malloc(sizeof(*args));
	if (!t || !args) {
		cmd_error(ctx, "out of memory");
		goto out;
	}
	if (tokenize(line, t, false, ctx->err, sizeof(ctx->err)))
		goto out;
	if (t->n == 0) {
		rc = 0;
		goto out;
	}
	id = cmd_lookup(t->v[0]);
	if (id < 0) {
		const char *names[NR_CMDS + NR_ALIASES];
		const char *near;
		size_t n = 0;

		for (const char *s; (s = cmd_name_at(n)); n++)
			if (strlen(s) > 1)	/* 's' is a key's shortcut: "ls" is not it */
				names[n] = s;
			else
				names[n] = "";
		near = word_from_elsewhere(t->v[0]);
		if (!near) {
			size_t len = strlen(t->v[0]);

			near = closest_word(t->v[0], names, n);
			if (near && len <= 2 && strncmp(near, t->v[0], len))
				near = NULL;	/* "q" is no typo of "up"; "sh" is "show" */
		}
		if (near)
			cmd_error(ctx, "unknown command '%s'; did you mean '%s'? "
				  "(type 'help' for the list)", t->v[0], near);
		else
			cmd_error(ctx, "unknown command '%s' (type 'help' for the list)", t->v[0]);
		goto out;
	}
	if (cmd_parse_args(ctx, (enum cmd_id)id, t->v + 1, t->n - 1, args))
		goto out;
	exec_line = line;
	rc = cmd_exec(ctx, (enum cmd_id)id, args, out);
out:
	exec_line = NULL;
	free(t);
	free(args);
	return rc;
}

/* ---- context ---- */

int cmd_ctx_init(struct cmd_ctx *ctx, const char *machine_spec, uint64_t seed)
{
	return cmd_ctx_boot(ctx, machine_spec, seed, NR_KERNEL_VERSIONS, 0);
}

int cmd_ctx_boot(struct cmd_ctx *ctx, const char *machine_spec, uint64_t seed,
		 enum kernel_version kernel, unsigned long cma_pages)
{
	const char *spec = machine_spec ? machine_spec : MACHINE_DEFAULT_PRESET;
	struct strbuf report = STRBUF_INIT;
	char err[CMD_ERR_MAX];
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->seed = seed;
	sim_set_interrupt(&cmd_interrupted);	/* Ctrl-C stops the engine's long loops */
	rc = boot_spec(ctx, spec, kernel, cma_pages, &ctx->sim, &report, err, sizeof(err));
	sb_release(&report);	/* `machine` shows it again */
	if (rc) {
		realimport_release(ctx);
		return cmd_error(ctx, rc == -2 ? "machine %s does not boot: %s" : "machine %s: %s",
				 spec, err);
	}
	if (history_create(ctx)) {
		sim_destroy(ctx->sim);
		ctx->sim = NULL;
		realimport_release(ctx);
		return -1;
	}
	return 0;
}

void cmd_transcript_header(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct machine_desc *m = sim_machine(ctx->sim);

	sb_printf(out, "# buddyscope: %s on %s", sim_kernel(ctx->sim)->release, m->name);
	if (m->cma_pages) {	/* --cma or a "cma" line: part of what made the run */
		unsigned long kib = m->cma_pages << (PAGE_SHIFT - 10);

		sb_printf(out, " with cma=%lu%c", kib % 1024 ? kib : kib >> 10, kib % 1024 ? 'K' : 'M');
	}
	sb_printf(out, ", seed %" PRIu64 "\n", ctx->seed);
}

void cmd_ctx_release(struct cmd_ctx *ctx)
{
	lesson_close(ctx->lesson);
	ctx->lesson = NULL;
	quiz_session_release(ctx);
	script_session_release(ctx);
	history_destroy(ctx);
	if (ctx->sim)
		sim_destroy(ctx->sim);
	ctx->sim = NULL;
	realimport_release(ctx);
	compare_view_release(ctx);
}

void cmd_ctx_switch_sim(struct cmd_ctx *ctx, struct sim *sim)
{
	if (ctx->sim) {
		trace_buffer_pump(ctx->sim);
		trace_buffer_inherit(sim, ctx->sim);
	}
	step_abandon(ctx);
	ctx->sim = sim;
	history_adopt(ctx, sim);
}

struct sim *cmd_ctx_detach_sim(struct cmd_ctx *ctx)
{
	struct sim *sim = ctx->sim;

	if (sim)
		history_detach(ctx, sim);
	ctx->sim = NULL;
	return sim;
}

/* ---- help and quit: they only walk the table ---- */

#define HELP_COLUMNS	79	/* `help` fits an 80-column terminal */

/* @text from column @col on, wrapped at a blank to HELP_COLUMNS, the rest
 * at column @indent; then a newline. */
static void help_wrapped(struct strbuf *out, const char *text, size_t col, size_t indent)
{
	while (*text) {
		size_t room = HELP_COLUMNS > col + 8 ? HELP_COLUMNS - col : 8, n = strlen(text);

		if (n > room) {
			n = room;
			while (n > 0 && text[n] != ' ')
				n--;
			if (n == 0)	/* one long word: as it is */
				n = strcspn(text, " ");
		}
		sb_add(out, text, n);
		text += n;
		text += strspn(text, " ");
		if (*text) {
			sb_printf(out, "\n%*s", (int)indent, "");
			col = indent;
		}
	}
	sb_putc(out, '\n');
}

int cmd_help(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "command");
	struct strbuf usage = STRBUF_INIT;
	size_t width = 0;

	(void)ctx;
	if (a) {
		int id = cmd_lookup(a->s);

		cmd_usage((enum cmd_id)id, &usage);
		sb_puts(out, "usage: ");
		help_wrapped(out, sb_str(&usage), 7, 9);
		sb_printf(out, "%s\n\n%s\n", cmd_table[id].summary, cmd_table[id].help);
		sb_release(&usage);
		return 0;
	}
	for (int i = 0; i < NR_CMDS; i++) {
		sb_reset(&usage);
		cmd_usage((enum cmd_id)i, &usage);
		if (usage.len > width && usage.len <= 32)
			width = usage.len;
	}
	sb_puts(out, "commands (help COMMAND explains one):\n");
	for (int i = 0; i < NR_CMDS; i++) {
		sb_reset(&usage);
		cmd_usage((enum cmd_id)i, &usage);
		if (usage.len > width) {
			sb_puts(out, "  ");
			help_wrapped(out, sb_str(&usage), 2, 6);
			sb_printf(out, "  %-*s  ", (int)width, "");
		} else {
			sb_printf(out, "  %-*s  ", (int)width, sb_str(&usage));
		}
		help_wrapped(out, cmd_table[i].summary, width + 4, width + 4);
	}
	sb_release(&usage);
	return 0;
}

int cmd_quit(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	(void)args;
	(void)out;
	/* a lesson or a script ends itself, never the program (a class
	 * would lose its screen) */
	if (script_running(ctx) || script_running_dir())
		return cmd_error(ctx, "quit: a script or lesson cannot end buddyscope (type "
				 "quit on the command line)");
	ctx->quit = true;
	return 0;
}
