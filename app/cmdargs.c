/* app/cmdargs.c - parse a command's arguments by its spec (commands.h):
 * every value is checked against the machine (pfn in a zone, cpu, zone name,
 * sysctl, preset) before the handler runs, so that a handler that changes
 * the sim never starts on bad input and the sim stays as it was.
 */
#include "commands.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"

static const char *store(struct cmd_args *args, const char *s, size_t n)
{
	char *p;

	if (args->used + n + 1 > sizeof(args->store))
		return NULL;
	p = args->store + args->used;
	memcpy(p, s, n);
	p[n] = '\0';
	args->used += n + 1;
	return p;
}

/* Join tok[0..k) with single blanks into the args' store. */
static const char *store_join(struct cmd_args *args, char *const *tok, int k)
{
	char buf[CMD_LINE_MAX + 1];
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "", tok[i]);
	return store(args, buf, len < sizeof(buf) ? len : sizeof(buf) - 1);
}

int zone_lookup(const struct sim *sim, const char *nid_text, const char *name,
		int *nid, int *zid, char *err, size_t errlen)
{
	unsigned long n = 0;
	int want = -1;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!strcasecmp(name, zone_names[z]))
			want = z;
	if (nid_text) {
		if (parse_ulong(nid_text, &n) || n >= (unsigned long)sim_nr_nodes(sim)) {
			snprintf(err, errlen, "no node '%s'; nodes are 0..%d", nid_text,
				 sim_nr_nodes(sim) - 1);
			return -1;
		}
	}
	for (int i = nid_text ? (int)n : 0; want >= 0 && i < sim_nr_nodes(sim); i++) {
		const struct zone *z = sim_zone(sim, i, want);

		if (z && (nid_text || populated_zone(z))) {
			*nid = i;
			*zid = want;
			return 0;
		}
		if (nid_text)
			break;
	}
	{
		struct strbuf sb = STRBUF_INIT;

		for (int i = 0; i < sim_nr_nodes(sim); i++)
			for (int z = 0; z < MAX_NR_ZONES; z++)
				if (sim_zone(sim, i, z) && populated_zone(sim_zone(sim, i, z)))
					sb_printf(&sb, " %d:%s", i, zone_names[z]);
		snprintf(err, errlen, "no zone '%s%s%s'; populated zones:%s",
			 nid_text ? nid_text : "", nid_text ? ":" : "", name, sb_str(&sb));
		sb_release(&sb);
	}
	return -1;
}

static void range_text(const struct arg_spec *a, char *buf, size_t len)
{
	if (a->ranged)
		snprintf(buf, len, "%lu..%lu", a->lo, a->hi);
	else
		snprintf(buf, len, "a decimal or 0x hex number");
}

/*
 * Parse a value of @type from tok[0..n) into @v. @what names it in messages
 * ("ORDER", "PFN"). Return: tokens used (>= 1), or -1 with ctx->err set.
 */
static int parse_value(struct cmd_ctx *ctx, const struct arg_spec *a, enum arg_type type,
		       const char *what, char *const *tok, int n, struct cmd_args *args,
		       struct cmd_arg *v)
{
	char err[CMD_ERR_MAX], range[64];
	int k = arg_span(type, tok, n), rc;
	unsigned long u;

	switch (type) {
	case ARG_U:
	case ARG_PFN:
	case ARG_CPU:
		rc = parse_ulong(tok[0], &u);
		range_text(a, range, sizeof(range));
		if (type == ARG_CPU)
			snprintf(range, sizeof(range), "0..%d", sim_nr_cpus(ctx->sim) - 1);
		if (rc == -1)
			return cmd_error(ctx, "%s '%s' is not a number (expected %s)", what, tok[0],
					 type == ARG_PFN ? "decimal or 0x hex" : range);
		if (rc == -2)
			return cmd_error(ctx, "%s '%s' is too large (expected %s)", what, tok[0],
					 type == ARG_PFN ? "a pfn in memory" : range);
		if (type == ARG_U && a->ranged && (u < a->lo || u > a->hi))
			return cmd_error(ctx, "%s %lu out of range (%s)", what, u, range);
		if (type == ARG_CPU && u >= (unsigned long)sim_nr_cpus(ctx->sim))
			return cmd_error(ctx, "%s %lu out of range (%s)", what, u, range);
		if (type == ARG_PFN) {
			if (u >= sim_max_pfn(ctx->sim))
				return cmd_error(ctx, "%s %#lx is outside memory (pfns 0..%#lx)",
						 what, u, sim_max_pfn(ctx->sim) - 1);
			if (!sim_pfn_zone(ctx->sim, u))
				return cmd_error(ctx, "%s %#lx is not in any zone (a hole)", what, u);
		}
		v->u = u;
		v->s = store(args, tok[0], strlen(tok[0]));
		return 1;
	case ARG_REPEAT:
		if (tok[0][0] != 'x' || (rc = parse_ulong(tok[0] + 1, &u)) == -1)
			return cmd_error(ctx, "count '%s' is not xN (x1..x%lu)", tok[0],
					 CMD_REPEAT_MAX);
		if (rc == -2 || u < 1 || u > CMD_REPEAT_MAX)
			return cmd_error(ctx, "count %s out of range (x1..x%lu)", tok[0],
					 CMD_REPEAT_MAX);
		v->u = u;
		return 1;
	case ARG_GFP:
	case ARG_GFP_MASK:
		v->s = store_join(args, tok, k);
		if (!v->s)
			return cmd_error(ctx, "line too long");
		if ((type == ARG_GFP_MASK ? gfp_parse_style : gfp_parse_request)
		    (v->s, sim_gfp_style(ctx->sim), &v->gfp, err, sizeof(err)))
			return cmd_error(ctx, "bad GFP flags '%s': %s", v->s, err);
		return k;
	case ARG_ZONE:
		if (k == 3) {
			if (zone_lookup(ctx->sim, tok[1], tok[2], &v->nid, &v->zid, err, sizeof(err)))
				return cmd_error(ctx, "%s", err);
		} else if (!strcasecmp(tok[0], "node")) {
			return cmd_error(ctx, "zone 'node%s%s' is incomplete; expected node N NAME",
					 n > 1 ? " " : "", n > 1 ? tok[1] : "");
		} else {
			char *colon = strchr(tok[0], ':');
			char nid[32];

			if (colon && (size_t)(colon - tok[0]) < sizeof(nid)) {
				memcpy(nid, tok[0], (size_t)(colon - tok[0]));
				nid[colon - tok[0]] = '\0';
				rc = zone_lookup(ctx->sim, nid, colon + 1, &v->nid, &v->zid, err,
						 sizeof(err));
			} else {
				rc = zone_lookup(ctx->sim, NULL, tok[0], &v->nid, &v->zid, err,
						 sizeof(err));
			}
			if (rc)
				return cmd_error(ctx, "%s", err);
		}
		v->s = store_join(args, tok, k);
		return k;
	case ARG_SYSCTL: {
		char name[128];
		const char *known[65], *s_name;
		size_t nk = 0;

		/* not a kernel sysctl, the machine's CPU speed: cmd_set */
		if (!strcmp(tok[0], SIM_CPU_SLOWDOWN) || !strcmp(tok[0], SIM_WAKEUP_US)) {
			v->s = store(args, tok[0], strlen(tok[0]));
			return 1;
		}
		/* "sim.x" is not vm.sim.x: a near miss of sim.cpu_slowdown or
		 * sim.wakeup_us is then named */
		snprintf(name, sizeof(name), "%s%s",
			 strncmp(tok[0], "vm.", 3) && strncmp(tok[0], "sim.", 4) ? "vm." : "", tok[0]);
		/* any sysctl the model knows parses; the handler says if this
		 * kernel lacks it. The list in the message is this kernel's. */
		for (size_t i = 0; (s_name = sim_sysctl_name_at(i)); i++) {
			if (!strcmp(s_name, name)) {
				v->s = store(args, name, strlen(name));
				return 1;
			}
			if (nk < 63 && sim_sysctl_exists(ctx->sim, s_name))
				known[nk++] = s_name;
		}
		known[nk++] = SIM_CPU_SLOWDOWN;
		known[nk++] = SIM_WAKEUP_US;
		{
			struct strbuf sb = STRBUF_INIT;
			const char *near = closest_word(name, known, nk);

			for (size_t i = 0; i < nk; i++)
				sb_printf(&sb, "%s%s", i ? ", " : "", known[i]);
			if (near)
				cmd_error(ctx, "unknown sysctl '%s'; did you mean '%s'? (known: %s)",
					  tok[0], near, sb_str(&sb));
			else
				cmd_error(ctx, "unknown sysctl '%s' (known: %s)", tok[0], sb_str(&sb));
			sb_release(&sb);
		}
		return -1;
	}
	case ARG_MACHINE: {
		const char *colon = strchr(tok[0], ':');
		struct machine_desc m;

		if (colon) {
			size_t plen = (size_t)(colon - tok[0]);

			if (!((plen == 4 && !strncmp(tok[0], "file", 4)) ||
			      (plen == 4 && !strncmp(tok[0], "proc", 4)) ||
			      (plen == 8 && !strncmp(tok[0], "zoneinfo", 8))) || !colon[1])
				return cmd_error(ctx, "bad machine '%s'; expected PRESET, file:PATH, "
						 "zoneinfo:PATH or proc:DIR", tok[0]);
		} else if (machine_preset(tok[0], &m)) {
			struct strbuf sb = STRBUF_INIT;
			const char *names[64];
			size_t np = 0;

			for (const char *s; np < 64 && (s = machine_preset_name(np)); np++) {
				names[np] = s;
				sb_printf(&sb, "%s%s", np ? ", " : "", s);
			}
			{
				const char *near = closest_word(tok[0], names, np);

				cmd_error(ctx, "unknown machine preset '%s'%s%s%s (presets: %s; or "
					  "file:PATH, zoneinfo:PATH, proc:DIR)", tok[0],
					  near ? "; did you mean '" : "", near ? near : "",
					  near ? "'?" : "", sb_str(&sb));
			}
			sb_release(&sb);
			return -1;
		}
		v->s = store(args, tok[0], strlen(tok[0]));
		return 1;
	}
	case ARG_CMD:
		if (cmd_lookup(tok[0]) < 0) {
			const char *names[NR_CMDS + 8];
			size_t nn = 0;

			for (const char *s; nn < NR_CMDS + 8 && (s = cmd_name_at(nn)); nn++)
				names[nn] = s;
			{
				const char *near = closest_word(tok[0], names, nn);

				return cmd_error(ctx, "no command '%s'%s%s%s; type 'help' for the list",
						 tok[0], near ? "; did you mean '" : "",
						 near ? near : "", near ? "'?" : "");
			}
		}
		v->s = store(args, tok[0], strlen(tok[0]));
		return 1;
	case ARG_REST:
		v->s = store_join(args, tok, k);
		if (!v->s)
			return cmd_error(ctx, "line too long");
		return k;
	case ARG_WORD:
	case ARG_STAGE:
		v->s = store(args, tok[0], strlen(tok[0]));
		return 1;
	case ARG_TASK: {
		int pid;

		if (task_lookup_text(ctx->sim, tok[0], &pid, err, sizeof(err)))
			return cmd_error(ctx, "%s", err);
		v->u = (unsigned long)pid;
		v->s = store(args, tok[0], strlen(tok[0]));
		return 1;
	}
	case ARG_CHOICE:
	case ARG_NONE:
		break;
	}
	return cmd_error(ctx, "internal error: bad argument type");
}

static void upper(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
}

static int parse_choice(struct cmd_ctx *ctx, const struct arg_spec *a, char *const *tok, int n,
			struct cmd_args *args, struct cmd_arg *v)
{
	const char *words[CMD_MAX_CHOICES] = { NULL };
	char what[32];
	int nw = 0, value = -1;

	for (int i = 0; i < a->nchoices; i++) {
		const struct arg_choice *c = &a->choices[i];

		if (!c->word[0]) {
			value = i;
			continue;
		}
		words[nw++] = c->word;
		if (strcasecmp(tok[0], c->word))
			continue;
		v->choice = i;
		v->word = c->word;
		v->s = c->word;
		if (c->value == ARG_NONE)
			return 1;
		if (n < 2) {
			const char *m = arg_type_metavar(c->value);

			return cmd_error(ctx, "missing %s after '%s'", m ? m : "value", c->word);
		}
		upper(c->word, what, sizeof(what));
		{
			int k = parse_value(ctx, a, c->value, arg_type_metavar(c->value)
					    ? arg_type_metavar(c->value) : what,
					    tok + 1, n - 1, args, v);
			return k < 0 ? -1 : k + 1;
		}
	}
	if (value >= 0) {
		const char *m = arg_type_metavar(a->choices[value].value);
		int k;

		upper(a->name, what, sizeof(what));
		k = parse_value(ctx, a, a->choices[value].value, m ? m : what, tok, n, args, v);
		enum arg_type vt = a->choices[value].value;

		if (k < 0 && !isdigit((unsigned char)tok[0][0]) &&
		    (vt == ARG_U || vt == ARG_PFN || vt == ARG_CPU)) {
			char msg[CMD_ERR_MAX];
			struct strbuf sb = STRBUF_INIT;

			for (int i = 0; i < nw; i++)
				sb_printf(&sb, "%s'%s'", i ? ", " : "", words[i]);
			snprintf(msg, sizeof(msg), "%s", ctx->err);
			cmd_error(ctx, "%s; or %s", msg, sb_str(&sb));
			sb_release(&sb);
			return -1;
		}
		if (k < 0)
			return -1;
		v->choice = value;
		return k;
	}
	{
		struct strbuf sb = STRBUF_INIT;
		const char *near = closest_word(tok[0], words, (size_t)nw);

		for (int i = 0; i < nw; i++)
			sb_printf(&sb, "%s%s", i ? "|" : "", words[i]);
		cmd_error(ctx, "unknown %s '%s'%s%s%s; expected %s", a->name, tok[0],
			  near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
			  sb_str(&sb));
		sb_release(&sb);
	}
	return -1;
}

static int parse_item(struct cmd_ctx *ctx, const struct arg_spec *a, char *const *tok, int n,
		      struct cmd_args *args, struct cmd_arg *v)
{
	char what[32];

	if (a->type == ARG_CHOICE)
		return parse_choice(ctx, a, tok, n, args, v);
	upper(a->name, what, sizeof(what));
	return parse_value(ctx, a, a->type, arg_type_metavar(a->type)
			   ? arg_type_metavar(a->type) : what, tok, n, args, v);
}

void cmd_args_init(enum cmd_id id, struct cmd_args *args)
{
	const struct cmd_spec *spec = cmd_spec(id);

	args->argc = spec->nargs;
	args->used = 0;
	for (int i = 0; i < spec->nargs; i++) {
		memset(&args->v[i], 0, sizeof(args->v[i]));
		args->v[i].name = spec->args[i].name;
		args->v[i].choice = -1;
	}
}

/* "missing ORDER (usage: alloc GFP ORDER [xN])" and the like. */
static int usage_error(struct cmd_ctx *ctx, enum cmd_id id, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	cmd_usage(id, &sb);
	cmd_error(ctx, "%s: %s (usage: %s)", cmd_table[id].name, msg, sb_str(&sb));
	sb_release(&sb);
	return -1;
}

static int prefix_error(struct cmd_ctx *ctx, enum cmd_id id)
{
	char msg[CMD_ERR_MAX];

	snprintf(msg, sizeof(msg), "%s", ctx->err);
	return cmd_error(ctx, "%s: %s", cmd_table[id].name, msg);
}

int cmd_args_check(struct cmd_ctx *ctx, enum cmd_id id, const struct cmd_args *args)
{
	const struct cmd_spec *spec = cmd_spec(id);

	for (int i = 0; i < spec->nargs; i++) {
		const struct arg_spec *a = &spec->args[i];
		struct strbuf sb = STRBUF_INIT;
		char msg[CMD_ERR_MAX], what[32];

		if (a->optional || args->v[i].present)
			continue;
		if (a->type == ARG_REST) {
			upper(a->name, what, sizeof(what));
			sb_puts(&sb, what);
		} else if (a->type == ARG_CHOICE && a->nchoices > 3) {
			sb_puts(&sb, a->name);
		} else {
			arg_metavar(a, &sb);
		}
		snprintf(msg, sizeof(msg), "missing %s", sb_str(&sb));
		sb_release(&sb);
		return usage_error(ctx, id, msg);
	}
	return 0;
}

/* The keyword item that @tok names ("task=bash" -> task), or -1. */
static int keyword_item(const struct cmd_spec *spec, const char *tok)
{
	const char *eq = strchr(tok, '=');

	for (int i = 0; eq && i < spec->nargs; i++)
		if (spec->args[i].keyword && strlen(spec->args[i].name) == (size_t)(eq - tok) &&
		    !strncmp(spec->args[i].name, tok, (size_t)(eq - tok)))
			return i;
	return -1;
}

static bool has_keywords(const struct cmd_spec *spec)
{
	for (int i = 0; i < spec->nargs; i++)
		if (spec->args[i].keyword)
			return true;
	return false;
}

/* "unknown keyword 'tsk='; did you mean 'task='? (accepted: task=, cpu=)" */
static int unknown_keyword(struct cmd_ctx *ctx, const struct cmd_spec *spec, const char *tok)
{
	const char *names[CMD_MAX_ARGS], *near;
	char given[32];
	struct strbuf sb = STRBUF_INIT;
	size_t nn = 0, len = (size_t)(strchr(tok, '=') - tok);

	snprintf(given, sizeof(given), "%.*s", (int)(len < 24 ? len : 24), tok);
	for (int i = 0; i < spec->nargs; i++)
		if (spec->args[i].keyword) {
			names[nn++] = spec->args[i].name;
			sb_printf(&sb, "%s%s=", nn > 1 ? ", " : "", spec->args[i].name);
		}
	near = closest_word(given, names, nn);
	cmd_error(ctx, "unknown keyword '%s='%s%s%s (accepted: %s)", given,
		  near ? "; did you mean '" : "", near ? near : "", near ? "='?" : "", sb_str(&sb));
	sb_release(&sb);
	return -1;
}

/* Take the name=VALUE words out of @tok, parse them, and leave the rest in
 * @pos (positional words). Return: the number left, or -1 with ctx->err. */
static int parse_keywords(struct cmd_ctx *ctx, const struct cmd_spec *spec, char *const *tok,
			  int n, struct cmd_args *args, char **pos)
{
	int np = 0;

	for (int ti = 0; ti < n; ti++) {
		int i = keyword_item(spec, tok[ti]);
		const char *val = i >= 0 ? strchr(tok[ti], '=') + 1 : NULL;
		char what[32], *one[1];

		if (i < 0 && strchr(tok[ti], '=') && has_keywords(spec))
			return unknown_keyword(ctx, spec, tok[ti]);
		if (i < 0) {
			pos[np++] = tok[ti];
			continue;
		}
		if (args->v[i].present)
			return cmd_error(ctx, "%s= given twice", spec->args[i].name);
		upper(spec->args[i].name, what, sizeof(what));
		if (!*val)
			return cmd_error(ctx, "missing value after '%s=' (expected %s)",
					 spec->args[i].name, arg_type_metavar(spec->args[i].type)
					 ? arg_type_metavar(spec->args[i].type) : what);
		one[0] = (char *)val;
		if (parse_value(ctx, &spec->args[i], spec->args[i].type, what, one, 1, args,
				&args->v[i]) < 0)
			return -1;
		args->v[i].present = true;
	}
	return np;
}

int cmd_parse_args(struct cmd_ctx *ctx, enum cmd_id id, char *const *tok, int n,
		   struct cmd_args *args)
{
	const struct cmd_spec *spec = cmd_spec(id);
	char msg[CMD_ERR_MAX], *pos[CMD_MAX_TOKENS];
	int ti = 0;

	cmd_args_init(id, args);
	n = parse_keywords(ctx, spec, tok, n < CMD_MAX_TOKENS ? n : CMD_MAX_TOKENS, args, pos);
	if (n < 0)
		return prefix_error(ctx, id);
	tok = pos;
	for (int i = 0; i < spec->nargs && ti < n; i++) {
		int k;

		if (spec->args[i].keyword)
			continue;
		k = parse_item(ctx, &spec->args[i], tok + ti, n - ti, args, &args->v[i]);

		if (k < 0)
			return prefix_error(ctx, id);
		args->v[i].present = true;
		ti += k;
	}
	if (ti < n) {
		snprintf(msg, sizeof(msg), "unexpected argument '%s'", tok[ti]);
		return usage_error(ctx, id, msg);
	}
	return cmd_args_check(ctx, id, args);
}

int cmd_parse_arg(struct cmd_ctx *ctx, enum cmd_id id, const char *name, const char *text,
		  struct cmd_args *args)
{
	const struct cmd_spec *spec = cmd_spec(id);
	struct tokens *t;
	int i, k;

	for (i = 0; i < spec->nargs; i++)
		if (!strcmp(spec->args[i].name, name))
			break;
	if (i == spec->nargs)
		return cmd_error(ctx, "%s: no argument called '%s'", cmd_table[id].name, name);
	if (!(t = malloc(sizeof(*t))))
		return cmd_error(ctx, "out of memory");
	if (tokenize(text, t, false, ctx->err, sizeof(ctx->err)) || t->n == 0) {
		if (t->n == 0)
			cmd_error(ctx, "empty value");
		free(t);
		return prefix_error(ctx, id);
	}
	k = parse_item(ctx, &spec->args[i], t->v, t->n, args, &args->v[i]);
	if (k >= 0 && k < t->n)
		k = cmd_error(ctx, "%s: unexpected '%s' after the value", name, t->v[k]);
	free(t);
	if (k < 0)
		return prefix_error(ctx, id);
	args->v[i].present = true;
	return 0;
}

const struct cmd_arg *arg_get(const struct cmd_args *args, const char *name)
{
	for (int i = 0; i < args->argc; i++)
		if (args->v[i].present && !strcmp(args->v[i].name, name))
			return &args->v[i];
	return NULL;
}

const char *arg_word(const struct cmd_args *args, const char *name)
{
	const struct cmd_arg *v = arg_get(args, name);

	return v ? v->word : NULL;
}
