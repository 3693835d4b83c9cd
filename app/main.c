/* app/main.c - command-line options and the choice of front end.
 *
 *   buddyscope                       REPL on a terminal, else batch from stdin
 *   buddyscope --batch               batch from stdin even on a terminal
 *   buddyscope -c 'CMD; CMD'         run these and exit
 *   buddyscope FILE                  run FILE's commands as a batch
 *   buddyscope FILE.lua              (a later issue: Lua lessons)
 *
 * Exit status: 0 if every command succeeded, 1 if one failed (batch, -c,
 * FILE), 2 for bad command-line options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buddyscope/machine.h"
#include "commands.h"
#include "repl.h"

#ifndef BUDDYSCOPE_VERSION
#define BUDDYSCOPE_VERSION "0.2"
#endif

#define EXIT_USAGE 2

static void usage(FILE *f)
{
	fprintf(f,
		"usage: buddyscope [OPTIONS] [FILE]\n"
		"Watch the Linux v4.5 page allocator think.\n"
		"\n"
		"  -b, --batch          read commands from stdin, even on a terminal\n"
		"  -c, --command CMDS   run CMDS ('alloc GFP_KERNEL 3; show buddyinfo') and exit\n"
		"  -s, --seed N         seed of the simulation (default 1)\n"
		"  -m, --machine SPEC   PRESET, file:PATH or zoneinfo:PATH (default %s)\n"
		"  -h, --help           print this help\n"
		"  -V, --version        print the version\n"
		"\n"
		"FILE holds one command a line (blank lines and # comments are skipped).\n"
		"With a terminal and no FILE, -c or --batch, buddyscope starts its REPL;\n"
		"type 'help' there. Errors print 'error: ...' on stderr. Exit status: 0 if\n"
		"every command succeeded, 1 if one failed, 2 for bad options.\n",
		MACHINE_DEFAULT_PRESET);
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "command", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "machine", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *commands = NULL, *machine = NULL, *script = NULL;
	unsigned long long seed = 1;
	bool batch = false;
	struct cmd_ctx ctx;
	FILE *in = NULL;
	int opt, status;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":bc:s:m:hV", longopts, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 'b':
			batch = true;
			break;
		case 'c':
			commands = optarg;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (!*optarg || *end || errno || optarg[0] == '-')
				return bad_option("bad seed '%s': expected a number 0..18446744073709551615",
						  optarg);
			break;
		case 'm':
			machine = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("buddyscope %s (Linux v4.5 page allocator)\n", BUDDYSCOPE_VERSION);
			return 0;
		case ':':
			return bad_option("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_option("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		script = argv[optind++];
	if (optind < argc)
		return bad_option("unexpected argument '%s'; give at most one FILE", argv[optind]);
	if (script && commands)
		return bad_option("give -c or FILE, not both ('%s')", script);
	if (script && ends_with(script, ".lua")) {
		fprintf(stderr, "error: %s: lua scripts are not supported yet\n", script);
		return 1;
	}
	if (script && !(in = fopen(script, "r"))) {
		fprintf(stderr, "error: cannot open %s: %s\n", script, strerror(errno));
		return EXIT_USAGE;
	}

	if (cmd_ctx_init(&ctx, machine, (uint64_t)seed)) {
		fprintf(stderr, "error: %s\n", ctx.err);
		if (in)
			fclose(in);
		return machine ? EXIT_USAGE : 1;
	}
	if (commands)
		status = repl_commands(&ctx, commands);
	else if (in)
		status = repl_batch(&ctx, in, script);
	else if (!batch && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		status = repl_interactive(&ctx);
	else
		status = repl_batch(&ctx, stdin, NULL);
	if (in)
		fclose(in);
	cmd_ctx_release(&ctx);
	return status;
}
