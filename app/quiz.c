/* app/quiz.c - problems from a seed: generation, layout, answers, and the
 * `buddyscope quiz` front end (quiz.h). The topics live in quiz_topics*.c;
 * the scored session behind the `quiz` and `answer` commands in
 * quiz_session.c.
 */
#include "quiz.h"
#include "quiz_priv.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/kernel.h"
#include "buddyscope/sim.h"

static const char *const topic_names[NR_QUIZ_TOPICS] = {
#define X(id, desc) #id,
	QUIZ_TOPICS(X)
#undef X
};

static const char *const topic_descs[NR_QUIZ_TOPICS] = {
#define X(id, desc) desc,
	QUIZ_TOPICS(X)
#undef X
};

static int (*const topic_gens[NR_QUIZ_TOPICS])(struct quiz_gen *) = {
#define X(id, desc) quiz_gen_##id,
	QUIZ_TOPICS(X)
#undef X
};

const char *quiz_topic_name(int topic)
{
	return topic >= 0 && topic < NR_QUIZ_TOPICS ? topic_names[topic] : NULL;
}

const char *quiz_topic_desc(int topic)
{
	return topic >= 0 && topic < NR_QUIZ_TOPICS ? topic_descs[topic] : NULL;
}

int quiz_topic_lookup(const char *name)
{
	for (int t = 0; t < NR_QUIZ_TOPICS; t++)
		if (!strcmp(name, topic_names[t]))
			return t;
	return -1;
}

/* ---- the generator's randomness: splitmix64, never the C library's ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t quiz_rand(struct quiz_gen *g, uint64_t bound)
{
	return splitmix64(&g->rng) % bound;
}

const char *quiz_pick(struct quiz_gen *g, const char *const *v, size_t n)
{
	return v[quiz_rand(g, n)];
}

int quiz_boot(struct quiz_gen *g, const char *preset)
{
	snprintf(g->p->machine, sizeof(g->p->machine), "%s", preset);
	if (cmd_ctx_init(&g->p->ctx, preset, 1)) {
		snprintf(g->err, sizeof(g->err), "%s", g->p->ctx.err);
		return -1;
	}
	return 0;
}

/* Run @line on the problem's machine; record it as setup if @record. */
static int run_line(struct quiz_gen *g, const char *line, bool record)
{
	struct strbuf out = STRBUF_INIT;
	int rc = cmd_exec_line(&g->p->ctx, line, &out);

	if (rc)
		snprintf(g->err, sizeof(g->err), "'%.400s' failed: %s", line, g->p->ctx.err);
	else if (record)
		sb_printf(&g->p->setup, "%s\n", line);
	sb_release(&out);
	return rc ? -1 : 0;
}

int quiz_cmd(struct quiz_gen *g, const char *fmt, ...)
{
	char line[CMD_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return run_line(g, line, true);
}

int quiz_run(struct quiz_gen *g, const char *fmt, ...)
{
	char line[CMD_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return run_line(g, line, false);
}

int quiz_fail(struct quiz_gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->err, sizeof(g->err), fmt, ap);
	va_end(ap);
	return -1;
}

void quiz_set_request(struct quiz_gen *g, const char *gfp, unsigned int order, int zid)
{
	snprintf(g->p->req_gfp, sizeof(g->p->req_gfp), "%s", gfp);
	g->p->req_order = order;
	g->p->req_zid = zid;
}

const char *quiz_last_cmd(struct quiz_gen *g)
{
	const char *s = sb_str(&g->p->setup);
	size_t n = g->p->setup.len;

	if (n < 2)
		return "";
	/* the setup ends with '\n': the line starts after the one before */
	for (n -= 2; n > 0 && s[n - 1] != '\n'; n--)
		;
	snprintf(g->last, sizeof(g->last), "%.*s", (int)(g->p->setup.len - n - 1), s + n);
	return g->last;
}

/* ---- problems ---- */

int quiz_make(uint64_t seed, unsigned int number, int topic, struct quiz_problem *p,
	      char *err, size_t errlen)
{
	struct quiz_gen g;
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&g, 0, sizeof(g));
	g.p = p;
	/* one stream per (seed, number): problem 3 of seed 7 is the same
	 * whether it is asked alone or after problems 1 and 2 */
	g.rng = seed * 0x2545f4914f6cdd1dULL + number;
	splitmix64(&g.rng);
	if (topic < 0)
		topic = (int)quiz_rand(&g, NR_QUIZ_TOPICS);
	if (topic >= NR_QUIZ_TOPICS) {
		snprintf(err, errlen, "no quiz topic %d", topic);
		return -1;
	}
	/* a generator that draws a problem it cannot pose (a tie, a request
	 * that loops) gives up; the next draws from the same stream */
	for (int attempt = 0; attempt < 8; attempt++) {
		if (attempt)
			quiz_problem_release(p);
		p->topic = topic;
		p->req_zid = -1;
		p->seed = seed;
		p->number = number;
		rc = topic_gens[topic](&g);
		if (!rc)
			break;
	}
	if (!rc && (p->setup.failed || p->question.failed || p->answer.failed || p->why.failed)) {
		snprintf(g.err, sizeof(g.err), "out of memory");
		rc = -1;
	}
	if (!rc)	/* the kernel the machine runs after the setup */
		snprintf(p->kernel, sizeof(p->kernel), "%s", sim_kernel(p->ctx.sim)->release);
	if (rc) {
		snprintf(err, errlen, "quiz %s (seed %llu, problem %u): %s", topic_names[topic],
			 (unsigned long long)seed, number, g.err[0] ? g.err : "could not be made");
		quiz_problem_release(p);
		return -1;
	}
	return 0;
}

void quiz_problem_release(struct quiz_problem *p)
{
	sb_release(&p->setup);
	sb_release(&p->question);
	sb_release(&p->answer);
	sb_release(&p->why);
	cmd_ctx_release(&p->ctx);
	memset(p, 0, sizeof(*p));
}

int quiz_replay(const struct quiz_problem *p, struct sim **out, char *err, size_t errlen)
{
	struct cmd_ctx c;
	struct strbuf sink = STRBUF_INIT;
	const char *s = sb_str(&p->setup);
	int rc = 0;

	if (cmd_ctx_init(&c, p->machine, 1)) {
		snprintf(err, errlen, "%s", c.err);
		return -1;
	}
	while (*s && !rc) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char line[CMD_LINE_MAX];

		snprintf(line, sizeof(line), "%.*s", (int)n, s);
		if (cmd_exec_line(&c, line, &sink)) {
			snprintf(err, errlen, "setup '%s' failed again: %s", line, c.err);
			rc = -1;
		}
		sb_reset(&sink);
		s += n + (nl ? 1 : 0);
	}
	sb_release(&sink);
	if (!rc) {
		*out = cmd_ctx_detach_sim(&c);
	}
	cmd_ctx_release(&c);
	return rc;
}

/* Append @text with every line indented by @indent. */
static void indented(struct strbuf *out, const char *text, const char *indent)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		sb_puts(out, indent);
		sb_add(out, text, n);
		sb_putc(out, '\n');
		text += n + (nl ? 1 : 0);
	}
}

void quiz_format(const struct quiz_problem *p, bool solution, struct strbuf *out)
{
	sb_printf(out, "Problem %u [%s] (quiz seed %llu), %s\n", p->number, topic_names[p->topic],
		  (unsigned long long)p->seed, p->kernel);
	sb_printf(out, "  Machine: %s. Setup (type it into buddyscope --machine %s to see the"
		  " state):\n", p->machine, p->machine);
	if (p->setup.len)
		indented(out, sb_str(&p->setup), "    ");
	else
		sb_puts(out, "    (none: the machine as it boots)\n");
	indented(out, sb_str(&p->question), "  ");
	if (!solution) {
		sb_puts(out, "  Answer: ______________________________\n");
		return;
	}
	sb_printf(out, "  Answer: %s\n", sb_str(&p->answer));
	sb_puts(out, "  Why:\n");
	indented(out, sb_str(&p->why), "    ");
}

/* Lower case, , ; : = ( ) as blanks, blanks squeezed, no blank at the ends. */
static void normalize(const char *s, struct strbuf *out)
{
	bool blank = true;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c) || strchr(",;:=()", c)) {
			blank = true;
			continue;
		}
		if (blank && out->len)
			sb_putc(out, ' ');
		blank = false;
		sb_putc(out, (char)tolower(c));
	}
}

bool quiz_check_answer(const struct quiz_problem *p, const char *given)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool same;

	normalize(sb_str(&p->answer), &a);
	normalize(given, &b);
	same = !strcmp(sb_str(&a), sb_str(&b));
	sb_release(&a);
	sb_release(&b);
	return same;
}

/* ---- buddyscope quiz [--seed N] [--topic T] [--count K] [-c] ---- */

static void quiz_usage(FILE *f)
{
	fprintf(f, "usage: buddyscope quiz [--seed N] [--topic T] [--count K] [-c]\n"
		   "Prints K problems (default 5) made from seed N (default 1); -c prints them\n"
		   "with their solutions, worked out by the engine. Topics (default: the seed\n"
		   "chooses one per problem):\n");
	for (int t = 0; t < NR_QUIZ_TOPICS; t++)
		fprintf(f, "  %-12s %s\n", topic_names[t], topic_descs[t]);
}

int quiz_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "topic", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'n' },
		{ "solutions", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long seed = 1;
	unsigned long count = 5;
	bool solutions = false;
	int topic = -1, opt, status = 0;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":s:t:n:ch", longopts, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (!*optarg || *end || errno || optarg[0] == '-') {
				fprintf(stderr, "error: quiz: bad seed '%s': expected a number\n", optarg);
				return 2;
			}
			break;
		case 't':
			topic = quiz_topic_lookup(optarg);
			if (topic < 0) {
				fprintf(stderr, "error: quiz: no topic '%s'; topics:", optarg);
				for (int t = 0; t < NR_QUIZ_TOPICS; t++)
					fprintf(stderr, " %s", topic_names[t]);
				fputc('\n', stderr);
				return 2;
			}
			break;
		case 'n':
			errno = 0;
			count = strtoul(optarg, &end, 10);
			if (!*optarg || *end || errno || count < 1 || count > 100) {
				fprintf(stderr, "error: quiz: bad count '%s': expected 1..100\n", optarg);
				return 2;
			}
			break;
		case 'c':
			solutions = true;
			break;
		case 'h':
			quiz_usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "error: quiz: option '%s' needs an argument\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "error: quiz: unknown option '%s' (try 'buddyscope quiz --help')\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "error: quiz: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	for (unsigned long i = 1; i <= count; i++) {
		struct quiz_problem p;
		struct strbuf out = STRBUF_INIT;
		char err[512];

		if (quiz_make(seed, (unsigned int)i, topic, &p, err, sizeof(err))) {
			fflush(stdout);
			fprintf(stderr, "error: %s\n", err);
			status = 1;
			continue;
		}
		if (i > 1)
			sb_putc(&out, '\n');
		quiz_format(&p, solutions, &out);
		fwrite(sb_str(&out), 1, out.len, stdout);
		sb_release(&out);
		quiz_problem_release(&p);
	}
	fflush(stdout);
	return status;
}
