/* app/complete.c - what may come next on a command line, from the spec of the
 * command being typed (commands.h). The words before the cursor are walked
 * through the spec as the parser would walk them, without judging them, to
 * find which argument the cursor is in.
 */
#include "complete.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/trace.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "commands.h"

void completions_release(struct completions *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void add(struct completions *c, const char *text, const char *cand, bool nocase)
{
	char *s;

	if (nocase ? strncasecmp(cand, text, strlen(text)) : strncmp(cand, text, strlen(text)))
		return;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], cand))
			return;
	if (c->n == c->alloc) {
		size_t na = c->alloc ? 2 * c->alloc : 16;
		char **nv = realloc(c->v, na * sizeof(*nv));

		if (!nv)
			return;
		c->v = nv;
		c->alloc = na;
	}
	if (!(s = strdup(cand)))
		return;
	c->v[c->n++] = s;
	if (cand[0] && strchr(":/=", cand[strlen(cand) - 1]))
		c->no_space = true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "file:PATH" and "zoneinfo:PATH": complete PATH from the directory. */
static void add_files(struct completions *c, const char *text, size_t plen)
{
	const char *path = text + plen, *slash = strrchr(path, '/');
	char dir[1024], cand[4096];
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	struct dirent *de;
	DIR *d;

	if (dlen >= sizeof(dir))
		return;
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	if (!(d = opendir(dlen ? dir : ".")))
		return;
	while ((de = readdir(d))) {
		struct stat st;
		char full[2048];

		if (de->d_name[0] == '.' && path[dlen] != '.')
			continue;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(full, sizeof(full), "%s%s", dlen ? dir : "", de->d_name);
		snprintf(cand, sizeof(cand), "%.*s%s%s", (int)plen, text, full,
			 !stat(full, &st) && S_ISDIR(st.st_mode) ? "/" : "");
		add(c, text, cand, false);
	}
	closedir(d);
}

static void add_type(const struct cmd_ctx *ctx, struct completions *c, const char *text,
		     enum arg_type type, int pos, char *const *tok)
{
	const struct sim *sim = ctx->sim;
	char buf[64];

	switch (type) {
	case ARG_GFP:
	case ARG_GFP_MASK: {
		/* the kernel's own names; for a request only those it can carry */
		enum gfp_style style = sim_gfp_style(sim);
		const char *(*name_at)(size_t) = style == GFP_STYLE_61 ? gfp_name_at_6_1 :
						 gfp_name_at;
		char err[256];
		gfp_t g;

		for (size_t i = 0; name_at(i); i++)
			if (type == ARG_GFP_MASK ||
			    !gfp_parse_request(name_at(i), style, &g, err, sizeof(err)))
				add(c, text, name_at(i), false);
		break;
	}
	case ARG_ZONE:
		if (pos == 1) {
			for (int n = 0; n < sim_nr_nodes(sim); n++) {
				snprintf(buf, sizeof(buf), "%d", n);
				add(c, text, buf, false);
			}
			break;
		}
		for (int n = 0; n < sim_nr_nodes(sim); n++) {
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				const struct zone *zone = sim_zone(sim, n, z);

				if (!zone || !populated_zone(zone))
					continue;
				add(c, text, zone_names[z], true);
				if (pos == 0) {
					snprintf(buf, sizeof(buf), "%d:%s", n, zone_names[z]);
					add(c, text, buf, true);
				}
			}
		}
		if (pos == 0)
			add(c, text, "node", false);
		(void)tok;
		break;
	case ARG_CPU:
		for (int n = 0; n < sim_nr_cpus(sim); n++) {
			snprintf(buf, sizeof(buf), "%d", n);
			add(c, text, buf, false);
		}
		break;
	case ARG_SYSCTL:
		for (size_t i = 0; sim_sysctl_name_at(i); i++) {
			if (!sim_sysctl_exists(sim, sim_sysctl_name_at(i)))
				continue;	/* not in this kernel */
			add(c, text, sim_sysctl_name_at(i), false);
			if (*text && strncmp(text, "vm.", strlen(text) < 3 ? strlen(text) : 3))
				add(c, text, sim_sysctl_name_at(i) + 3, false);
		}
		add(c, text, SIM_CPU_SLOWDOWN, false);
		add(c, text, SIM_WAKEUP_US, false);
		break;
	case ARG_MACHINE:
		if (!strncmp(text, "file:", 5)) {
			add_files(c, text, 5);
			break;
		}
		if (!strncmp(text, "zoneinfo:", 9)) {
			add_files(c, text, 9);
			break;
		}
		for (size_t i = 0; machine_preset_name(i); i++)
			add(c, text, machine_preset_name(i), false);
		add(c, text, "file:", false);
		add(c, text, "zoneinfo:", false);
		break;
	case ARG_CMD:
		for (size_t i = 0; cmd_name_at(i); i++)
			add(c, text, cmd_name_at(i), false);
		break;
	case ARG_TASK:
		for (int i = 0; task_at(sim, i); i++)
			add(c, text, task_at(sim, i)->comm, false);
		break;
	case ARG_STAGE:
		/* the end (FLOW_DONE) is where a finished request rests: no breakpoint */
		for (unsigned int i = 0; i < sim_nr_stages(sim); i++)
			if (sim_stage(sim, (int)i)->flow != FLOW_DONE)
				add(c, text, alloc_stage_name(sim, (int)i), true);
		for (int i = 0; i < NR_TRACE_EVENTS; i++)
			add(c, text, trace_event_name((enum trace_id)i), false);
		break;
	default:
		break;
	}
}

/* The keyword item @word names ("task=b" -> task), or -1. */
static int keyword_of(const struct cmd_spec *spec, const char *word)
{
	const char *eq = strchr(word, '=');

	for (int i = 0; eq && i < spec->nargs; i++)
		if (spec->args[i].keyword && strlen(spec->args[i].name) == (size_t)(eq - word) &&
		    !strncmp(spec->args[i].name, word, (size_t)(eq - word)))
			return i;
	return -1;
}

/* Keyword arguments: "task=" and, once the name is typed, "task=bash". */
static void add_keywords(const struct cmd_ctx *ctx, struct completions *c, const char *text,
			 const struct cmd_spec *spec)
{
	int i = keyword_of(spec, text);
	char buf[128];

	if (i >= 0) {
		struct completions vals;
		const char *eq = strchr(text, '=');

		memset(&vals, 0, sizeof(vals));
		add_type(ctx, &vals, eq + 1, spec->args[i].type, 0, NULL);
		for (size_t j = 0; j < vals.n; j++) {
			snprintf(buf, sizeof(buf), "%s=%s", spec->args[i].name, vals.v[j]);
			add(c, text, buf, false);
		}
		completions_release(&vals);
		return;
	}
	for (i = 0; i < spec->nargs; i++) {
		if (!spec->args[i].keyword)
			continue;
		snprintf(buf, sizeof(buf), "%s=", spec->args[i].name);
		add(c, text, buf, false);
	}
}

/* Complete the word at token @cur, which lies in the argument list @tok[1..n). */
static void complete_args(const struct cmd_ctx *ctx, struct completions *c, const char *text,
			  enum cmd_id id, char *const *all, int nall, int curall)
{
	const struct cmd_spec *spec = cmd_spec(id);
	char *tok[CMD_MAX_TOKENS + 1];
	int ti = 1, n = 0, cur = 0;

	/* name=VALUE words may stand anywhere: walk the others */
	for (int i = 0; i < nall; i++) {
		if (i == curall)
			cur = n;
		if (i == curall || i == 0 || keyword_of(spec, all[i]) < 0)
			tok[n++] = all[i];
	}
	if (keyword_of(spec, text) >= 0) {
		add_keywords(ctx, c, text, spec);
		return;
	}
	for (int i = 0; i < spec->nargs && ti <= cur; i++) {
		const struct arg_spec *a = &spec->args[i];
		int k, j;

		if (a->keyword)
			continue;
		if (a->optional && ti == cur)
			add_keywords(ctx, c, text, spec);
		if (a->type != ARG_CHOICE) {
			k = arg_span(a->type, tok + ti, n - ti);
			if (cur < ti + k) {
				add_type(ctx, c, text, a->type, cur - ti, tok + ti);
				return;
			}
			ti += k;
			continue;
		}
		if (ti == cur) {
			for (j = 0; j < a->nchoices; j++) {
				if (a->choices[j].word[0])
					add(c, text, a->choices[j].word, false);
				else
					add_type(ctx, c, text, a->choices[j].value, 0, tok + ti);
			}
			return;
		}
		for (j = 0; j < a->nchoices; j++)
			if (a->choices[j].word[0] && !strcasecmp(a->choices[j].word, tok[ti]))
				break;
		if (j < a->nchoices && a->choices[j].value == ARG_NONE) {
			ti++;
			continue;
		}
		if (j < a->nchoices) {
			k = arg_span(a->choices[j].value, tok + ti + 1, n - ti - 1);
			if (cur < ti + 1 + k) {
				add_type(ctx, c, text, a->choices[j].value, cur - ti - 1,
					 tok + ti + 1);
				return;
			}
			ti += 1 + k;
			continue;
		}
		for (j = 0; j < a->nchoices && a->choices[j].word[0]; j++)
			;
		if (j == a->nchoices)
			return;		/* an unknown word: nothing sensible follows */
		k = arg_span(a->choices[j].value, tok + ti, n - ti);
		if (cur < ti + k) {
			add_type(ctx, c, text, a->choices[j].value, cur - ti, tok + ti);
			return;
		}
		ti += k;
	}
	if (ti <= cur)
		add_keywords(ctx, c, text, spec);
}

void complete_line(const struct cmd_ctx *ctx, const char *line, size_t start, const char *text,
		   struct completions *c)
{
	struct tokens *t = malloc(sizeof(*t));
	char *prefix = strndup(line, start);
	bool partial = start > 0 && !isspace((unsigned char)line[start - 1]);
	char *tok[CMD_MAX_TOKENS + 1];
	char err[64];
	int n, cur, id;

	memset(c, 0, sizeof(*c));
	if (!t || !prefix)
		goto out;
	tokenize(prefix, t, true, err, sizeof(err));
	n = t->n;
	memcpy(tok, t->v, (size_t)n * sizeof(tok[0]));
	if (partial && n > 0) {
		cur = n - 1;
	} else {
		tok[n] = (char *)text;
		cur = n++;
	}
	if (cur == 0) {
		for (size_t i = 0; cmd_name_at(i); i++)
			add(c, text, cmd_name_at(i), false);
	} else if ((id = cmd_lookup(tok[0])) >= 0) {
		complete_args(ctx, c, text, (enum cmd_id)id, tok, n, cur);
	}
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(c->v[0]), cmp_str);
out:
	free(prefix);
	free(t);
}
