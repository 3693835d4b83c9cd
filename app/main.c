/* app/main.c - command-line options and the choice of front end.
 *
 *   buddyscope                       the screen (tui.h) on a terminal, else
 *                                    batch from stdin; --plain: the REPL
 *   buddyscope --batch               batch from stdin even on a terminal
 *   buddyscope -c 'CMD; CMD'         run these and exit
 *   buddyscope FILE                  run FILE's commands as a batch
 *   buddyscope FILE.lua              a lesson: the screen (or plain text with
 *                                    --batch / no terminal); another script:
 *                                    run it and exit
 *   buddyscope --list-lessons        the lessons and their titles
 *
 * Exit status: 0 if every command succeeded, 1 if one failed (batch, -c,
 * FILE), 2 for bad command-line options.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buddyscope/kernel.h"
#include "buddyscope/machine.h"
#include "commands.h"
#include "repl.h"
#include "lesson.h"
#include "lua.h"
#include "record.h"
#include "manpage.h"
#include "quiz.h"
#include "tui.h"

/* The screen's entry point (tui.h); weak so that main.c links without it. */
int tui_run(struct cmd_ctx *ctx);
#pragma weak tui_run

#ifndef BUDDYSCOPE_VERSION
#define BUDDYSCOPE_VERSION "0.2"
#endif

#define EXIT_USAGE 2

/* --replay FILE: `trace replay FILE` before anything else runs. */
static int replay_first(struct cmd_ctx *ctx, const char *path)
{
	struct strbuf out = STRBUF_INIT;
	int rc = trace_replay(ctx, path, REPLAY_EXACT, NULL, &out);

	fputs(sb_str(&out), stdout);
	fflush(stdout);
	sb_release(&out);
	if (rc)
		fprintf(stderr, "error: %s\n", ctx->err);
	return rc;
}

static const char usage_fmt[] =
		"usage: buddyscope [OPTIONS] [FILE]\n"
		"       buddyscope quiz [--seed N] [--topic T] [--count K] [-c]\n"
		"Watch the Linux page allocator (v4.5, v4.6, 6.1) think.\n"
		"\n"
		"  -b, --batch          read commands from stdin, even on a terminal\n"
		"  -c, --command CMDS   run CMDS ('alloc GFP_KERNEL 3; show buddyinfo') and exit\n"
		"  -s, --seed N         seed of the simulation (default 1)\n"
		"  -m, --machine SPEC   PRESET, file:PATH, zoneinfo:PATH or proc:DIR\n"
		"                       (default %s)\n"
		"  -k, --kernel VERSION the kernel the machine runs: 4.5 (default), 4.6 or 6.1\n"
		"      --cma SIZE       reserve a CMA area at boot, like the kernel's cma=SIZE\n"
		"                       (64M; default: none; 6.1 then runs with CONFIG_CMA)\n"
		"      --replay FILE    replay a real ftrace log first (trace replay FILE)\n"
		"      --list-lessons   list the lessons with their titles\n"
		"      --plain          the plain readline REPL instead of the screen\n"
		"      --theme NAME     default, projector (high contrast) or mono\n"
		"      --no-color       no colours (also when NO_COLOR is set)\n"
		"      --man            print this manual page, buddyscope(1), in roff\n"
		"      --record FILE    record the session as an asciicast v2 file (FILE.cast)\n"
		"  -h, --help           print this help\n"
		"  -V, --version        print the version\n"
		"\n"
		"FILE holds one command a line (blank lines and # comments are skipped).\n"
		"FILE.lua is a Lua script; a lesson (lessons/*.lua) plays on the screen,\n"
		"or as plain text with --batch, checking its expect()s: exit status 1 if\n"
		"one failed. A lesson name without a directory is looked up in lessons/.\n"
		"With a terminal and no FILE, -c or --batch, buddyscope opens its screen\n"
		"(or, with --plain, its REPL); type 'help' there. A transcript (batch, -c,\n"
		"FILE) starts with a '#' line naming the kernel, the machine and the seed;\n"
		"a lesson names them in its header. Errors print 'error: ...' on stderr.\n"
		"Exit status: 0 if every command succeeded, 1 if one failed, 2 for bad\n"
		"options.\n";

/* FILE that is not there and names no folder: a lesson by its number or
 * its name without ".lua", as `lesson` takes them; else @name itself. */
static const char *lesson_by_name(const char *name)
{
	static char lua_name[PATH_MAX];
	const char *found = script_find_lesson(name);

	if (found != name)
		return found;
	snprintf(lua_name, sizeof(lua_name), "%s.lua", name);
	found = script_find_lesson(lua_name);
	return found != lua_name ? found : name;
}

/* The --help text (also the man page's OPTIONS). */
static void usage_text(char *buf, size_t len)
{
	snprintf(buf, len, usage_fmt, MACHINE_DEFAULT_PRESET);
}

static void usage(FILE *f)
{
	char buf[4096];

	usage_text(buf, sizeof(buf));
	fputs(buf, f);
}

/* --man: buddyscope(1) in roff, from the command table (manpage.c). */
static int print_man(void)
{
	struct strbuf out = STRBUF_INIT;
	char buf[4096];

	usage_text(buf, sizeof(buf));
	manpage_write(&out, buf, BUDDYSCOPE_VERSION);
	fwrite(sb_str(&out), 1, out.len, stdout);
	sb_release(&out);
	return fflush(stdout) ? 1 : 0;
}

static int bad_option(const char *fmt, const char *arg)
{
	fprintf(stderr, "error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (try 'buddyscope --help')\n");
	return EXIT_USAGE;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool plain;	/* --plain: no screen */

/* A .lua FILE: a lesson on the screen or as text, or a script. */
static int run_lua_file(struct cmd_ctx *ctx, const char *path, bool batch)
{
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct strbuf out = STRBUF_INIT;
	int status;

	if (script_is_lesson(path)) {
		if (batch || !tty || !tui_run || plain)
			return script_run_lesson(ctx, path, stdout,
						 (!batch && tty) || getenv("BUDDYSCOPE_LESSON_KEYS"));
		if (lesson_open(ctx, path, &ctx->lesson)) {
			fprintf(stderr, "error: %s\n", ctx->err);
			return 1;
		}
		return tui_run(ctx);
	}
	status = script_source(ctx, path, &out) ? 1 : 0;
	repl_write(stdout, sb_str(&out), out.len);	/* its escape codes as '?' */
	fflush(stdout);
	if (status)
		fprintf(stderr, "error: %s\n", ctx->err);
	sb_release(&out);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "command", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "machine", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "cma", required_argument, NULL, 'C' },
		{ "replay", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-lessons", no_argument, NULL, 'L' },
		{ "plain", no_argument, NULL, 'P' },
		{ "theme", required_argument, NULL, 'T' },
		{ "no-color", no_argument, NULL, 'N' },
		{ "man", no_argument, NULL, 'M' },
		{ "record", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *commands = NULL, *machine = NULL, *script = NULL, *replay = NULL;
	unsigned long long seed = 1;
	enum kernel_version kernel = NR_KERNEL_VERSIONS;	/* not chosen */
	unsigned long cma_pages = 0;	/* --cma: none given */
	bool batch = false, lesson = false;
	char kerr[160];
	struct cmd_ctx ctx;
	FILE *in = NULL;
	struct stat st;
	int opt, status;

	if (argc > 1 && !strcmp(argv[1], "quiz"))
		return quiz_main(argc - 1, argv + 1);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":bc:s:m:k:hV", longopts, NULL)) != -1) {

		switch (opt) {
		case 'b':
			batch = true;
			break;
		case 'c':	/* a second -c would drop the first's commands */
			if (commands)
				return bad_option("-c given twice ('%s' again); join the commands "
						  "with ';' in one -c", optarg);
			commands = optarg;
			break;
		case 's': {
			unsigned long n;

			/* the seed command's parser: 077 is 77 both ways */
			if (parse_ulong(optarg, &n))
				return bad_option("bad seed '%s': expected a number 0..18446744073709551615 "
						  "(decimal or 0x hex)", optarg);
			seed = n;
			break;
		}
		case 'm':
			machine = optarg;
			break;
		case 'R':
			replay = optarg;
			break;
		case 'C':
			if (machine_parse_cma(optarg, &cma_pages, kerr, sizeof(kerr)))
				return bad_option("--cma: %s", kerr);
			break;
		case 'k':
			if (kernel_parse(optarg, &kernel, kerr, sizeof(kerr)))
				return bad_option("%s", kerr);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'r':
			record_setup(optarg);
			break;
		case 'M':
			return print_man();
		case 'L':
			return script_list_lessons(stdout);
		case 'P':
			plain = true;
			break;
		case 'T':
			if (tui_theme_parse(optarg, &tui_opts.theme))
				return bad_option("no theme '%s': give default, projector or mono", optarg);
			break;
		case 'N':
			tui_opts.no_color = true;
			break;
		case 'V':
			printf("buddyscope %s (Linux v4.5, v4.6 and 6.1 page allocators)\n",
			       BUDDYSCOPE_VERSION);
			return 0;
		case ':':
			return bad_option("option '%s' needs an argument", argv[optind - 1]);
		default: {
			const char *a = argv[optind - 1], *names[32], *near = NULL;
			char word[64];
			size_t n = 0;

			if (!strncmp(a, "--", 2)) {	/* "--machien": did you mean --machine? */
				snprintf(word, sizeof(word), "%.*s", (int)strcspn(a + 2, "="),
					 a + 2);
				for (; longopts[n].name && n < 32; n++)
					names[n] = longopts[n].name;
				near = closest_word(word, names, n);
			}
			if (near) {
				fprintf(stderr, "error: unknown option '%s'; did you mean '--%s'? "
					"(try 'buddyscope --help')\n", a, near);
				return EXIT_USAGE;
			}
			return bad_option("unknown option '%s'", a);
		}
		}
	}
	if (optind < argc)
		script = argv[optind++];
	if (optind < argc)
		return bad_option("unexpected argument '%s'; give at most one FILE", argv[optind]);
	if (script && commands)
		return bad_option("give -c or FILE, not both ('%s')", script);
	if (script && ends_with(script, ".lua"))
		script = script_find_lesson(script);
	else if (script && !strchr(script, '/') && access(script, F_OK) != 0)
		script = lesson_by_name(script);	/* "01", "01-buddy-split-merge" */
	if (script && !(in = fopen(script, "r"))) {
		fprintf(stderr, "error: cannot open %s: %s%s\n", script, strerror(errno),
			strchr(script, '/') ? "" : " (a lesson? buddyscope --list-lessons names them)");
		return EXIT_USAGE;
	}
	if (in && fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "error: %s is a folder; give a file of commands or a .lua script "
			"(try 'buddyscope --help')\n", script);
		fclose(in);
		return EXIT_USAGE;
	}

	if (cmd_ctx_boot(&ctx, machine, (uint64_t)seed, kernel, cma_pages)) {
		fprintf(stderr, "error: %s\n", ctx.err);
		if (in)
			fclose(in);
		return machine ? EXIT_USAGE : 1;
	}
	lesson = in && ends_with(script, ".lua") && script_is_lesson(script);
	if (!lesson && (in || commands || batch || !isatty(STDIN_FILENO) ||
			!isatty(STDOUT_FILENO))) {
		/* a transcript: say which kernel, machine and seed made it */
		struct strbuf head = STRBUF_INIT;

		cmd_transcript_header(&ctx, &head);
		fputs(sb_str(&head), stdout);
		if (record_wanted() && !record_start_batch(sb_str(&head), head.len))
			record_output(sb_str(&head), head.len, true);
		sb_release(&head);
	} else if (record_wanted() &&
		   ((lesson && (batch || plain || !isatty(STDOUT_FILENO))) || record_start_screen())) {
		if (lesson && (batch || plain || !isatty(STDOUT_FILENO)))
			fprintf(stderr, "error: --record: a lesson is recorded on the screen; a headless"
				" lesson is not recorded\n");
		cmd_ctx_release(&ctx);
		return 1;
	}
	if (replay && replay_first(&ctx, replay)) {
		if (in)
			fclose(in);
		cmd_ctx_release(&ctx);
		return 1;
	}
	if (in && ends_with(script, ".lua")) {
		fclose(in);
		in = NULL;
		status = run_lua_file(&ctx, script, batch);
	} else if (commands)
		status = repl_commands(&ctx, commands);
	else if (in)
		status = repl_batch(&ctx, in, script);
	else if (!batch && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		status = plain || !tui_run ? repl_interactive(&ctx) : tui_run(&ctx);
	else
		status = repl_batch(&ctx, stdin, NULL);
	if (in)
		fclose(in);
	record_stop();
	cmd_ctx_release(&ctx);
	return status;
}
