/* tests/quiz/test_quiz.c - the generated exercises (app/quiz*.c).
 * Determinism, every topic, the distinct-problem count over seeds 1..1000,
 * and every solution checked against the engine another way: the setup is
 * replayed through the command table on a fresh machine and the answer is
 * read back from what the program prints (show ..., task list, trace show,
 * free, alloc, start/finish). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../app/quiz.h"
#include "testhelp.h"

#if defined(__SANITIZE_ADDRESS__)
#define SEEDS_PER_TOPIC	4	/* the sanitizer run checks memory, not coverage */
#define COUNT_SEEDS	60
#define MIN_DISTINCT	30
#else
#define SEEDS_PER_TOPIC	25
#define COUNT_SEEDS	1000
#define MIN_DISTINCT	900	/* README: 924 */
#endif

static char *text_of(const struct quiz_problem *p, bool solution)
{
	struct strbuf sb = STRBUF_INIT;

	quiz_format(p, solution, &sb);
	return sb_detach(&sb);
}

TEST(quiz_same_seed_same_problems_byte_for_byte)
{
	for (int t = 0; t < NR_QUIZ_TOPICS; t++) {
		struct quiz_problem a, b;
		char err[512], *ta, *tb;

		REQUIRE(quiz_make(7, 2, t, &a, err, sizeof(err)) == 0);
		REQUIRE(quiz_make(7, 2, t, &b, err, sizeof(err)) == 0);
		ta = text_of(&a, true);
		tb = text_of(&b, true);
		CHECK_STR(ta, tb);
		CHECK(strstr(ta, "Answer: ") && strstr(ta, "Why:"));
		free(ta);
		free(tb);
		quiz_problem_release(&a);
		quiz_problem_release(&b);
	}
}

/* Run @line on @c; return its output (static, overwritten by the next call). */
static const char *run(struct cmd_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *run(struct cmd_ctx *c, const char *fmt, ...)
{
	static struct strbuf out = STRBUF_INIT;
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sb_reset(&out);
	if (cmd_exec_line(c, line, &out))
		sb_printf(&out, "error: %s", c->err);
	return sb_str(&out);
}

/* A fresh machine with the problem's setup run again. */
static int replay(const struct quiz_problem *p, struct cmd_ctx *c)
{
	const char *s = sb_str(&p->setup);

	if (cmd_ctx_init(c, p->machine, 1))
		return -1;
	while (*s) {
		const char *nl = strchr(s, '\n');
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)(nl - s), s);
		if (strncmp(run(c, "%s", line), "error:", 6) == 0)
			return -1;
		s = nl + 1;
	}
	return 0;
}

/* The numbers after "Node 0, zone %8s " on @zone's line of @text. */
static int line_fields(const char *text, const char *zone, char *out, size_t len)
{
	char head[64];
	const char *l, *e;

	snprintf(head, sizeof(head), "Node 0, zone %8s ", zone);
	l = strstr(text, head);
	if (!l)
		return -1;
	l += strlen(head);
	e = strchr(l, '\n');
	snprintf(out, len, "%.*s", (int)(e - l), l);
	return 0;
}

/* Squeeze blanks so "  1   2 " and "1 2" compare equal. */
static void squeeze(char *s)
{
	char *w = s;
	int blank = 1;

	for (char *r = s; *r; r++) {
		if (*r == ' ') {
			blank = 1;
			continue;
		}
		if (blank && w != s)
			*w++ = ' ';
		blank = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* The pcp row of cpu 0 in `show zone`: count, high, batch. */
static int pcp_row(const char *text, int *count, int *high, int *batch)
{
	const char *l = strstr(text, "  pcp ");

	if (!l || !(l = strchr(l, '\n')))
		return -1;
	return sscanf(l + 1, " 0 %d %d %d", count, high, batch) == 3 ? 0 : -1;
}

/* Check @p's answer by another path; return 1 if checked, 0 if the topic has
 * no second path here, -1 on a mismatch (printed). */
static int cross_check(const struct quiz_problem *p)
{
	const char *ans = sb_str(&p->answer), *o;
	const char *zn = p->req_zid >= 0 ? zone_names[p->req_zid] : "";
	struct cmd_ctx c;
	char buf[512], want[512];
	int ok = 1, cnt, high, batch;

	if (replay(p, &c)) {
		printf("# replay of %s seed %llu failed: %s\n", quiz_topic_name(p->topic),
		       (unsigned long long)p->seed, c.err);
		cmd_ctx_release(&c);
		return -1;
	}
	switch (p->topic) {
	case QUIZ_buddyinfo:
		ok = !line_fields(run(&c, "show buddyinfo"), "DMA32", buf, sizeof(buf));
		squeeze(buf);
		ok = ok && !strcmp(buf, ans);
		break;
	case QUIZ_extfrag:
		ok = !line_fields(run(&c, "show %s", p->req_gfp), "DMA32", buf, sizeof(buf));
		{
			char *tok = strtok(buf, " ");

			for (unsigned int i = 0; tok && i < p->req_order; i++)
				tok = strtok(NULL, " ");
			ok = ok && tok && !strcmp(tok, ans);
		}
		break;
	case QUIZ_merge: {
		unsigned int order;
		unsigned long head;

		if (sscanf(ans, "order %u at %lx", &order, &head) != 2) {
			ok = 0;
			break;
		}
		o = run(&c, "free %#lx", p->req_pfn);
		if (order == p->req_order)
			snprintf(want, sizeof(want), "now a free order-%u block", order);
		else
			snprintf(want, sizeof(want), "merged into a free order-%u block at %#lx", order, head);
		ok = strstr(o, want) != NULL;
		break;
	}
	case QUIZ_pcp:
		ok = !pcp_row(run(&c, "show zone Normal"), &cnt, &high, &batch) && cnt == atoi(ans);
		break;
	case QUIZ_pcpsize:
		ok = !pcp_row(run(&c, "show zone %s", zn), &cnt, &high, &batch);
		snprintf(want, sizeof(want), "batch %d high %d", batch, high);
		ok = ok && !strcmp(want, ans);
		break;
	case QUIZ_watermarks:
		o = run(&c, "show zone %s", zn);
		ok = (o = strstr(o, "watermarks  ")) != NULL;
		snprintf(buf, sizeof(buf), "%.*s", ok ? (int)(strchr(o, '\n') - o - 12) : 0, ok ? o + 12 : "");
		squeeze(buf);
		ok = ok && !strcmp(buf, ans);
		break;
	case QUIZ_lowmem: {
		long v[4];

		o = strstr(run(&c, "show zone %s", zn), "protection  (");
		ok = o && sscanf(o + 13, "%ld, %ld, %ld, %ld", &v[0], &v[1], &v[2], &v[3]) == 4 &&
		     v[p->req_order] == atol(ans);
		break;
	}
	case QUIZ_gfp:
		o = run(&c, "show gfp %s", p->req_gfp);
		snprintf(want, sizeof(want), "gfp_zone     %.*s (", (int)strcspn(ans, " "), ans);
		ok = strstr(o, want) != NULL;
		snprintf(want, sizeof(want), "migratetype  %s", strchr(ans, ' ') + 1);
		ok = ok && strstr(o, want) != NULL;
		break;
	case QUIZ_allocflags:
		snprintf(want, sizeof(want), "slow path    %s (gfp_to_alloc_flags)", ans);
		ok = strstr(run(&c, "show gfp %s", p->req_gfp), want) != NULL;
		break;
	case QUIZ_steal:
		run(&c, "trace on");
		run(&c, "alloc %s %u", p->req_gfp, p->req_order);
		o = strstr(run(&c, "trace show"), "mm_page_alloc_extfrag:");
		if (!strcmp(ans, "none")) {
			ok = o == NULL;
		} else {
			static const char *const mt[] = { "Unmovable", "Movable", "Reclaimable" };
			int fo = -1, fmt = -1, own = -1;

			ok = o && sscanf(strstr(o, "fallback_order="), "fallback_order=%d", &fo) == 1 &&
			     sscanf(strstr(o, "fallback_migratetype="), "fallback_migratetype=%d", &fmt) == 1 &&
			     sscanf(strstr(o, "change_ownership="), "change_ownership=%d", &own) == 1 &&
			     fmt >= 0 && fmt < 3;
			snprintf(want, sizeof(want), "%s %d %s", ok ? mt[fmt] : "?", fo, own ? "yes" : "no");
			ok = ok && !strcmp(want, ans);
		}
		break;
	case QUIZ_zone:
		o = run(&c, "start %s %u", p->req_gfp, p->req_order);
		o = run(&c, "step");
		if (!strcmp(ans, "none")) {
			ok = strstr(o, "[FASTPATH]") && !strstr(o, "took pfn");
		} else {
			snprintf(want, sizeof(want), " from node 0 %s ", ans);
			ok = strstr(o, "took pfn") && strstr(o, want);
		}
		break;
	case QUIZ_stages: {
		const char *s;
		char last[32] = "";

		run(&c, "start %s %u", p->req_gfp, p->req_order);
		static char all[65536];

		snprintf(all, sizeof(all), "\n%s", run(&c, "finish"));
		o = all;
		buf[0] = '\0';
		for (s = o; (s = strstr(s, "\n[")) != NULL; s += 2) {
			char st[32];

			if (sscanf(s + 2, "%31[A-Z_]]", st) == 1 && strcmp(st, last)) {
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
					 buf[0] ? " " : "", st);
				snprintf(last, sizeof(last), "%s", st);
			}
		}
		if (strstr(o, "\n  ... "))
			ok = 1;		/* a long run is shortened: not comparable */
		else
			ok = !strcmp(buf, ans);
		break;
	}
	case QUIZ_oom: {
		/* the victim has the highest /proc/PID/oom_score in task list */
		const char *l = run(&c, "task list");
		unsigned long best = 0, score;
		char name[32], top[32] = "";
		int pid, ppid;

		while ((l = strchr(l, '\n')) != NULL) {
			unsigned long f[6];
			int adj;

			l++;
			if (sscanf(l, "%*[ *][ %d ] %d %lu %lu %lu %lu %lu %d %lu %*s %31s", &pid, &ppid,
				   &f[0], &f[1], &f[2], &f[3], &f[4], &adj, &score, name) == 10 &&
			    pid >= 1000 && score > best) {
				best = score;
				snprintf(top, sizeof(top), "%s", name);
			}
		}
		ok = !strncmp(ans, top, strlen(top)) && ans[strlen(top)] == ' ';
		break;
	}
	default:
		cmd_ctx_release(&c);
		return 0;	/* watermark, compaction: checked inside the generator */
	}
	if (!ok)
		printf("# %s seed %llu: answer '%s' not confirmed by the program's output\n",
		       quiz_topic_name(p->topic), (unsigned long long)p->seed, ans);
	cmd_ctx_release(&c);
	return ok ? 1 : -1;
}

TEST(quiz_every_topic_makes_problems_and_their_solutions_hold)
{
	int checked = 0, wmark_no = 0, wmark_yes = 0, merges = 0, stays = 0;

	for (int t = 0; t < NR_QUIZ_TOPICS; t++) {
		int made = 0;

		for (unsigned int seed = 1; seed <= SEEDS_PER_TOPIC; seed++) {
			struct quiz_problem p;
			char err[512];

			if (quiz_make(seed, 1, t, &p, err, sizeof(err))) {
				printf("# %s\n", err);
				continue;
			}
			made++;
			CHECK(p.answer.len > 0 && p.why.len > 0 && p.question.len > 0);
			if (t == QUIZ_merge) {		/* frees that merge, and not */
				char stay[64];

				snprintf(stay, sizeof(stay), "order %u at %#lx", p.req_order, p.req_pfn);
				merges += strcmp(sb_str(&p.answer), stay) != 0;
				stays += !strcmp(sb_str(&p.answer), stay);
			}
			if (t == QUIZ_watermark) {	/* both verdicts come up */
				wmark_no += strstr(sb_str(&p.answer), " no") != NULL;
				wmark_yes += strstr(sb_str(&p.answer), " yes") != NULL;
			}
			switch (cross_check(&p)) {
			case 1:
				checked++;
				break;
			case -1:
				test_fail(__FILE__, __LINE__, "solution differs from the program");
				break;
			}
			quiz_problem_release(&p);
		}
		/* a generator may give up on a seed, never on most of them */
		if (made < SEEDS_PER_TOPIC * 9 / 10)
			printf("# topic %s: only %d of %d seeds made a problem\n", quiz_topic_name(t),
			       made, SEEDS_PER_TOPIC);
		CHECK(made >= SEEDS_PER_TOPIC * 9 / 10);
	}
	printf("# %d solutions confirmed by a second path through the program\n", checked);
	printf("# watermark: %d answers with a zone that passes, %d with one that fails\n",
	       wmark_yes, wmark_no);
	CHECK(wmark_no > 0 && wmark_yes > 0);
	printf("# merge: %d frees merge, %d do not\n", merges, stays);
	CHECK(merges > 0 && stays > 0);
	CHECK(checked >= 13 * SEEDS_PER_TOPIC * 9 / 10);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Seeds 1..COUNT_SEEDS, the first problem of each (the seed picks the
 * topic): how many different problems (setup and question, without the
 * header line, which names the seed and so differs always)? */
TEST(quiz_distinct_problems_over_seeds)
{
	static char *texts[COUNT_SEEDS];
	int n = 0, distinct = 0;
	int per_topic[NR_QUIZ_TOPICS] = { 0 };

	for (unsigned int seed = 1; seed <= COUNT_SEEDS; seed++) {
		struct quiz_problem p;
		char err[512];

		if (quiz_make(seed, 1, -1, &p, err, sizeof(err)))
			continue;
		per_topic[p.topic]++;
		texts[n] = text_of(&p, false);
		/* the first line names the seed: a problem is what follows it */
		memmove(texts[n], texts[n] + strcspn(texts[n], "\n"),
			strlen(texts[n] + strcspn(texts[n], "\n")) + 1);
		n++;
		quiz_problem_release(&p);
	}
	qsort(texts, (size_t)n, sizeof(texts[0]), cmp_str);
	for (int i = 0; i < n; i++)
		distinct += !i || strcmp(texts[i], texts[i - 1]);
	for (int i = 0; i < n; i++)
		free(texts[i]);
	printf("# %d distinct problems of %d made over seeds 1..%d\n", distinct, n, COUNT_SEEDS);
	for (int t = 0; t < NR_QUIZ_TOPICS; t++)
		CHECK(per_topic[t] > 0);
	CHECK(distinct >= MIN_DISTINCT);
}

TEST(quiz_answers_compare_loosely_and_wrong_ones_fail)
{
	struct quiz_problem p;
	char err[512];

	REQUIRE(quiz_make(3, 1, QUIZ_watermarks, &p, err, sizeof(err)) == 0);
	{
		char loose[256];
		size_t i;

		snprintf(loose, sizeof(loose), "  %s  ", sb_str(&p.answer));
		for (i = 0; loose[i]; i++)
			if (loose[i] >= 'a' && loose[i] <= 'z')
				loose[i] = (char)(loose[i] - 'a' + 'A');
		CHECK(quiz_check_answer(&p, loose));
	}
	CHECK(!quiz_check_answer(&p, "min 1 low 2 high 3"));
	CHECK(!quiz_check_answer(&p, ""));
	quiz_problem_release(&p);
}
