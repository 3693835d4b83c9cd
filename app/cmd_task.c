/* app/cmd_task.c - the workload: `task spawn|touch|access|unmap|exit|adj|
 * rt|mlock|kill|current|list` (mlock and kill report in cmd_workload.c). Tasks own anonymous and page-cache pages, so reclaim has
 * LRU lists to scan and the OOM killer has victims to choose from.
 *
 * `task` is one row of the command table with a subcommand word and the rest
 * of the line, which is parsed here; every value is checked before the
 * engine is called, so a bad line changes nothing.
 */
#include "commands.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/oom_kill.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "kreport.h"

#define TASK_N_MAX	1000000UL	/* pages one touch/access/unmap may name */

int task_lookup_text(const struct sim *sim, const char *text, int *pid, char *err,
		     size_t errlen)
{
	const char *names[MAX_TASKS], *near;
	const struct task *t;
	unsigned long u;
	size_t n = 0;

	if (!parse_ulong(text, &u)) {
		if (u <= (unsigned long)1 << 30 && (t = task_find(sim, (int)u))) {
			*pid = t->pid;
			return 0;
		}
		snprintf(err, errlen, "no task with pid %s (see `task list`)", text);
		return -1;
	}
	if ((t = task_find_comm(sim, text))) {
		*pid = t->pid;
		return 0;
	}
	if (text[0] >= '0' && text[0] <= '9') {
		snprintf(err, errlen, "'%s' is neither a pid nor a task name (names do not start "
			 "with a digit; see `task list`)", text);
		return -1;
	}
	for (int i = 0; (t = task_at(sim, i)) && n < MAX_TASKS; i++)
		names[n++] = t->comm;
	near = closest_word(text, names, n);
	snprintf(err, errlen, "no task '%s'%s%s%s (a name or a pid; see `task list`)", text,
		 near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	return -1;
}

/* "hog (1001)" */
static void task_name(const struct task *t, struct strbuf *out)
{
	sb_printf(out, "%s (%d)", t->comm, t->pid);
}

/* ---- parsing the rest of the line ---- */

struct task_line {
	struct tokens	t;
	const char	*sub;		/* spawn, touch, ... */
};

/* A signed number in [lo, hi]. Return: 0, or -1 with ctx->err. */
static int parse_int(struct cmd_ctx *ctx, const char *sub, const char *what, const char *s,
		     long lo, long hi, long *out)
{
	int neg = s[0] == '-';
	unsigned long u;
	long v;

	if (parse_ulong(s + neg, &u) || u > 1000000000UL)
		return cmd_error(ctx, "task %s: %s '%s' is not a number (expected %ld..%ld)", sub,
				 what, s, lo, hi);
	v = neg ? -(long)u : (long)u;
	if (v < lo || v > hi)
		return cmd_error(ctx, "task %s: %s %ld out of range (%ld..%ld)", sub, what, v, lo,
				 hi);
	*out = v;
	return 0;
}

/* TASK, a user task (not a kernel thread): its pid, or -1 with ctx->err. */
static int user_task_arg(struct cmd_ctx *ctx, const char *sub, const char *text)
{
	static const char *const why_not = "it has no user memory";
	char err[CMD_ERR_MAX];
	const struct task *t;
	int pid;

	if (task_lookup_text(ctx->sim, text, &pid, err, sizeof(err)))
		return cmd_error(ctx, "task %s: %s", sub, err);
	t = task_find(ctx->sim, pid);
	if (t->flags & PF_KTHREAD)
		return cmd_error(ctx, "task %s: %s (%d) is a kernel thread: %s", sub, t->comm,
				 t->pid, !strcmp(sub, "adj") ?
				 "the OOM killer never picks it, so oom_score_adj has no use" :
				 !strcmp(sub, "rt") ? "its scheduling policy is the kernel's" :
				 why_not);
	return pid;
}

static int want_args(struct cmd_ctx *ctx, const struct tokens *t, int lo, int hi,
		     const char *usage)
{
	if (t->n - 1 < lo)
		return cmd_error(ctx, "task %s: missing %s (usage: task %s)", t->v[0],
				 lo - (t->n - 1) == 1 && t->n > 1 ? "an argument" : "arguments",
				 usage);
	if (t->n - 1 > hi)
		return cmd_error(ctx, "task %s: unexpected argument '%s' (usage: task %s)", t->v[0],
				 t->v[hi + 1], usage);
	return 0;
}

/* anon|file, and for touch also dirty|read|madvised|bdev. */
static int kind_arg(struct cmd_ctx *ctx, const char *sub, const char *s, bool touch,
		    enum task_mem *kind)
{
	if (!strcmp(s, "anon"))
		*kind = TASK_ANON;
	else if (!strcmp(s, "file"))
		*kind = TASK_FILE;
	else if (touch && !strcmp(s, "dirty"))
		*kind = TASK_FILE_DIRTY;
	else if (touch && !strcmp(s, "read"))
		*kind = TASK_FILE_READ;
	else if (touch && !strcmp(s, "madvised"))
		*kind = TASK_ANON_MADVISED;
	else if (touch && !strcmp(s, "bdev"))
		*kind = TASK_BDEV;
	else
		return cmd_error(ctx, "task %s: unknown kind '%s'; expected anon|file%s", sub, s,
				 touch ? "|dirty|read|madvised|bdev" : "");
	return 0;
}

static int count_arg(struct cmd_ctx *ctx, const char *sub, const char *s, unsigned long *n)
{
	int rc = parse_ulong(s, n);

	if (rc == -1)
		return cmd_error(ctx, "task %s: N '%s' is not a number (expected 1..%lu)", sub, s,
				 TASK_N_MAX);
	if (rc || *n < 1 || *n > TASK_N_MAX)
		return cmd_error(ctx, "task %s: N %s out of range (1..%lu)", sub, s, TASK_N_MAX);
	return 0;
}

static const char *const kind_names[] = { "anon", "file", "dirty file", "read file",
					  "anon (MADV_HUGEPAGE)", "block-device cache" };

/* ---- the subcommands ---- */

static int task_spawn_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	const char *name = t->v[1];
	long adj = 0, cpu = -1;
	int ppid = 0, pid;
	char err[CMD_ERR_MAX];
	const struct task *p;
	size_t len;

	if (want_args(ctx, t, 1, 4, "spawn NAME [adj=N] [cpu=N] [parent=NAME|PID]"))
		return -1;
	len = strlen(name);
	if (len > TASK_COMM_LEN - 1)
		return cmd_error(ctx, "task spawn: name '%s' is too long (1..%d characters)", name,
				 TASK_COMM_LEN - 1);
	if (name[0] >= '0' && name[0] <= '9')
		return cmd_error(ctx, "task spawn: name '%s' starts with a digit; it would read as "
				 "a pid", name);
	if (strchr(name, '='))
		return cmd_error(ctx, "task spawn: missing NAME before '%s' (usage: task spawn "
				 "NAME [adj=N] [cpu=N] [parent=NAME|PID])", name);
	for (size_t i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return cmd_error(ctx, "task spawn: name '%s' has a blank or non-printable "
					 "character", name);
	if ((p = task_find_comm(ctx->sim, name)))
		return cmd_error(ctx, "task spawn: there is a task called '%s' already (pid %d); "
				 "pick another name", name, p->pid);
	for (int i = 2; i < t->n; i++) {
		const char *a = t->v[i];

		if (!strncmp(a, "adj=", 4)) {
			if (parse_int(ctx, "spawn", "adj", a + 4, OOM_SCORE_ADJ_MIN,
				      OOM_SCORE_ADJ_MAX, &adj))
				return -1;
		} else if (!strncmp(a, "cpu=", 4)) {
			if (parse_int(ctx, "spawn", "cpu", a + 4, 0, sim_nr_cpus(ctx->sim) - 1,
				      &cpu))
				return -1;
		} else if (!strncmp(a, "parent=", 7)) {
			if (task_lookup_text(ctx->sim, a + 7, &ppid, err, sizeof(err)))
				return cmd_error(ctx, "task spawn: parent: %s", err);
		} else {
			return cmd_error(ctx, "task spawn: unknown option '%s' (accepted: adj=N, "
					 "cpu=N, parent=NAME|PID)", a);
		}
	}
	pid = task_spawn(ctx->sim, name, (int)adj, (int)cpu, ppid);
	if (pid < 0)
		return cmd_error(ctx, "task spawn: %s", sim_errmsg(ctx->sim));
	p = task_find(ctx->sim, pid);
	sb_printf(out, "spawned %s (pid %d): parent ", p->comm, p->pid);
	if (task_find(ctx->sim, p->ppid))
		task_name(task_find(ctx->sim, p->ppid), out);
	else
		sb_printf(out, "%d", p->ppid);
	sb_printf(out, ", cpu %d, oom_score_adj %d\n", p->cpu, p->oom_score_adj);
	return 0;
}

static int task_touch_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	struct kernel_snap before;
	unsigned long n, thp, fallback;
	enum task_mem kind;
	char who[64];
	long done;
	int pid;

	if (want_args(ctx, t, 3, 3, "touch NAME|PID anon|file|dirty|read|madvised|bdev N") ||
	    (pid = user_task_arg(ctx, "touch", t->v[1])) < 0 ||
	    kind_arg(ctx, "touch", t->v[2], true, &kind) || count_arg(ctx, "touch", t->v[3], &n))
		return -1;
	snprintf(who, sizeof(who), "%s (%d)", task_find(ctx->sim, pid)->comm, pid);
	kernel_snap(ctx->sim, &before);
	done = task_touch(ctx->sim, pid, kind, n);
	if (done < 0)
		return cmd_error(ctx, "task touch: %s", sim_errmsg(ctx->sim));
	if (cmd_interrupted && (unsigned long)done < n)	/* a failed command is rolled back */
		return cmd_error(ctx, "task touch: interrupted (Ctrl-C) after %ld of %lu pages; %s",
				 done, n, ctx->hist ? "the machine is as it was before the command"
						    : "the pages touched stay");
	thp = sim_vm_event(ctx->sim, THP_FAULT_ALLOC) - before.ev[THP_FAULT_ALLOC];
	fallback = sim_vm_event(ctx->sim, THP_FAULT_FALLBACK) - before.ev[THP_FAULT_FALLBACK];
	if ((unsigned long)done == n)
		sb_printf(out, "%s: touched %ld %s pages\n", who, done, kind_names[kind]);
	else if (!task_find(ctx->sim, pid))
		sb_printf(out, "%s: touched %ld of %lu %s pages, then was OOM-killed and exited\n",
			  who, done, n, kind_names[kind]);
	else if (task_find(ctx->sim, pid)->sigkill)
		sb_printf(out, "%s: touched %ld of %lu %s pages, then was OOM-killed\n", who, done,
			  n, kind_names[kind]);
	else
		sb_printf(out, "%s: touched %ld of %lu %s pages; then an allocation failed\n", who,
			  done, n, kind_names[kind]);
	if (thp || fallback)
		sb_printf(out, "  THP: %lu huge page%s (thp_fault_alloc), %lu fallback%s to order 0 "
			  "(thp_fault_fallback)\n", thp, thp == 1 ? "" : "s", fallback,
			  fallback == 1 ? "" : "s");
	kernel_report(ctx->sim, &before, "no reclaim, compaction or OOM kill was needed", out);
	return 0;
}

/* task access / unmap / free */
static int task_pages_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	bool access = !strcmp(t->v[0], "access");
	const char *sub = t->v[0];
	const struct task *p;
	enum task_mem kind;
	unsigned long n, had;
	char usage[64];
	long done;
	int pid;

	snprintf(usage, sizeof(usage), "%s NAME|PID anon|file N", sub);
	if (want_args(ctx, t, 3, 3, usage) || (pid = user_task_arg(ctx, sub, t->v[1])) < 0 ||
	    kind_arg(ctx, sub, t->v[2], false, &kind) || count_arg(ctx, sub, t->v[3], &n))
		return -1;
	p = task_find(ctx->sim, pid);
	had = kind == TASK_ANON ? p->rss_anon : p->rss_file;
	done = access ? task_access(ctx->sim, pid, kind, n) : task_unmap(ctx->sim, pid, kind, n);
	if (done < 0)
		return cmd_error(ctx, "task %s: %s", sub, sim_errmsg(ctx->sim));
	p = task_find(ctx->sim, pid);
	task_name(p, out);
	if (access)
		sb_printf(out, ": accessed %ld %s pages (referenced: reclaim will see them as "
			  "recently used)", done, kind_names[kind]);
	else if (kind == TASK_ANON)
		sb_printf(out, ": unmapped and freed %ld anon pages", done);
	else
		sb_printf(out, ": unmapped %ld file pages (they stay in the page cache)", done);
	if ((unsigned long)done < n)
		sb_printf(out, "; it had only %lu resident", had);
	sb_putc(out, '\n');
	return 0;
}

static int task_exit_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	char err[CMD_ERR_MAX];
	struct task copy;
	int pid, cur;

	if (want_args(ctx, t, 1, 1, "exit NAME|PID"))
		return -1;
	if (task_lookup_text(ctx->sim, t->v[1], &pid, err, sizeof(err)))
		return cmd_error(ctx, "task exit: %s", err);
	copy = *task_find(ctx->sim, pid);
	if ((copy.flags & PF_KTHREAD) || pid == 1)
		return cmd_error(ctx, "task exit: %s (%d) cannot exit (%s)", copy.comm, pid,
				 pid == 1 ? "init" : "a kernel thread");
	cur = task_current(ctx->sim)->pid;
	if (task_exit(ctx->sim, pid))
		return cmd_error(ctx, "task exit: %s", sim_errmsg(ctx->sim));
	sb_printf(out, "%s (%d) exited: freed %lu anon pages and %lu page-table pages, released "
		  "%lu swap entries; its %lu file pages stay in the page cache\n", copy.comm, pid,
		  copy.rss_anon, copy.nr_ptes, copy.swapents, copy.rss_file);
	if (cur == pid) {
		sb_puts(out, "current is now ");
		task_name(task_current(ctx->sim), out);
		sb_putc(out, '\n');
	}
	return 0;
}

static int task_mlock_sub(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	unsigned long n;
	int pid;

	if (want_args(ctx, t, 2, 2, "mlock NAME|PID N") ||
	    (pid = user_task_arg(ctx, "mlock", t->v[1])) < 0 || count_arg(ctx, "mlock", t->v[2], &n))
		return -1;
	return task_mlock_cmd(ctx, pid, n, out);
}

static int task_kill_sub(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	char err[CMD_ERR_MAX];
	const struct task *p;
	int pid;

	if (want_args(ctx, t, 1, 1, "kill NAME|PID"))
		return -1;
	if (task_lookup_text(ctx->sim, t->v[1], &pid, err, sizeof(err)))
		return cmd_error(ctx, "task kill: %s", err);
	p = task_find(ctx->sim, pid);
	if ((p->flags & PF_KTHREAD) || pid == 1)
		return cmd_error(ctx, "task kill: %s (%d) ignores SIGKILL (%s)", p->comm, pid,
				 pid == 1 ? "init" : "a kernel thread");
	return task_kill_cmd(ctx, pid, out);
}

static int task_adj_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	unsigned long score;
	long adj;
	int pid, old;

	if (want_args(ctx, t, 2, 2, "adj NAME|PID N") ||
	    (pid = user_task_arg(ctx, "adj", t->v[1])) < 0 ||
	    parse_int(ctx, "adj", "N", t->v[2], OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX, &adj))
		return -1;
	old = task_find(ctx->sim, pid)->oom_score_adj;
	score = oom_score(ctx->sim, task_find(ctx->sim, pid));
	if (task_set_oom_score_adj(ctx->sim, pid, (int)adj))
		return cmd_error(ctx, "task adj: %s", sim_errmsg(ctx->sim));
	task_name(task_find(ctx->sim, pid), out);
	sb_printf(out, ": oom_score_adj %d -> %ld, oom_score %lu -> %lu\n", old, adj, score,
		  oom_score(ctx->sim, task_find(ctx->sim, pid)));
	return 0;
}

/* The alloc_flags a real-time task's blocking requests gain, in the
 * running kernel's names (v4.5 ALLOC_HARDER, 6.1 ALLOC_MIN_RESERVE): the
 * flags of a GFP_KERNEL request of the current task with and without rt,
 * as gfp_to_alloc_flags() works them out. "" when they do not differ. */
static void rt_flags(struct sim *sim, char *buf, size_t len)
{
	const struct task *cur = task_current(sim);
	bool was = cur->rt;
	char off[256], on[256], *tok, *save;

	buf[0] = '\0';
	if (task_set_rt(sim, cur->pid, false))
		return;		/* a kernel thread: never real-time here */
	sim_kernel(sim)->ops->alloc_flags_text(sim, GFP_KERNEL, 0, false, off, sizeof(off));
	task_set_rt(sim, cur->pid, true);
	sim_kernel(sim)->ops->alloc_flags_text(sim, GFP_KERNEL, 0, false, on, sizeof(on));
	task_set_rt(sim, cur->pid, was);
	for (tok = strtok_r(on, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		const char *p = strstr(off, tok);
		size_t n = strlen(tok);

		if (p && (p == off || p[-1] == '|') && (p[n] == '|' || !p[n]))
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? "|" : "", tok);
	}
}

/* task rt TASK [on|off]: sched_setscheduler(SCHED_FIFO), or back to
 * SCHED_NORMAL; a real-time task's requests get ALLOC_HARDER (v4.5),
 * ALLOC_MIN_RESERVE (6.1) */
static int task_rt_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	bool rt = true;
	int pid;

	if (want_args(ctx, t, 1, 2, "rt NAME|PID [on|off]") ||
	    (pid = user_task_arg(ctx, "rt", t->v[1])) < 0)
		return -1;
	if (t->n == 3 && strcmp(t->v[2], "on") && strcmp(t->v[2], "off"))
		return cmd_error(ctx, "task rt: '%s' is not on or off", t->v[2]);
	if (t->n == 3)
		rt = !strcmp(t->v[2], "on");
	if (task_set_rt(ctx->sim, pid, rt))
		return cmd_error(ctx, "task rt: %s", sim_errmsg(ctx->sim));
	task_name(task_find(ctx->sim, pid), out);
	if (rt) {
		char flags[128];

		rt_flags(ctx->sim, flags, sizeof(flags));
		sb_printf(out, ": real-time (SCHED_FIFO): its requests get %s in "
			  "gfp_to_alloc_flags()\n", flags[0] ? flags : "no other flags");
	} else {
		sb_puts(out, ": SCHED_NORMAL again\n");
	}
	return 0;
}

static int task_current_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	char err[CMD_ERR_MAX];
	int pid;

	if (want_args(ctx, t, 0, 1, "current [NAME|PID]"))
		return -1;
	if (t->n == 2) {
		if (task_lookup_text(ctx->sim, t->v[1], &pid, err, sizeof(err)))
			return cmd_error(ctx, "task current: %s", err);
		if (task_set_current(ctx->sim, pid))
			return cmd_error(ctx, "task current: %s", sim_errmsg(ctx->sim));
	}
	sb_puts(out, "current: ");
	task_name(task_current(ctx->sim), out);
	sb_printf(out, " on cpu %d (node %d)\n", sim_cpu(ctx->sim),
		  sim_cpu_to_node(ctx->sim, sim_cpu(ctx->sim)));
	return 0;
}

static const char *task_state(const struct task *t)
{
	if (t->flags & PF_KTHREAD)
		return "kthread";
	if (t->exit_step)	/* 6.1's exit over time: unmapping, then its batch freed */
		return t->oom_skip ? "freeing" : "exiting";
	if (t->memdie)
		return "memdie";
	if (t->sigkill)
		return "killed";
	if (t->flags & PF_EXITING)
		return "exiting";
	return t->rt ? "R rt" : "R";
}

/* Like the OOM killer's task dump (dump_tasks), plus ppid, state and oom_score. */
static int task_list_cmd(struct cmd_ctx *ctx, const struct tokens *t, struct strbuf *out)
{
	const struct task *cur = task_current(ctx->sim), *p;

	if (want_args(ctx, t, 0, 0, "list"))
		return -1;
	sb_puts(out, " [  pid ]  ppid total_vm rss_anon rss_file nr_ptes swapents oom_score_adj "
		"oom_score state   name\n");
	for (int i = 0; (p = task_at(ctx->sim, i)); i++)
		sb_printf(out, "%c[%5d ] %5d %8lu %8lu %8lu %7lu %8lu %13d %9lu %-7s %s\n",
			  p == cur ? '*' : ' ', p->pid, p->ppid, p->total_vm, p->rss_anon,
			  p->rss_file, p->nr_ptes, p->swapents, p->oom_score_adj,
			  oom_score(ctx->sim, p), task_state(p), p->comm);
	sb_printf(out, "* = current; pages; oom_score as /proc/PID/oom_score (of %lu pages of "
		  "RAM + swap)\n", oom_totalpages(ctx->sim));
	return 0;
}

int cmd_task(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *sub = arg_word(args, "subcommand");
	const struct cmd_arg *rest = arg_get(args, "args");
	struct task_line *l = malloc(sizeof(*l));
	char line[CMD_LINE_MAX + 32];
	int rc;

	if (!l)
		return cmd_error(ctx, "task: out of memory");
	if (!sub)
		sub = "list";
	snprintf(line, sizeof(line), "%s %s", sub, rest ? rest->s : "");
	if (tokenize(line, &l->t, false, ctx->err, sizeof(ctx->err))) {
		free(l);
		return -1;
	}
	if (!strcmp(sub, "spawn"))
		rc = task_spawn_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "touch"))
		rc = task_touch_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "access") || !strcmp(sub, "unmap") || !strcmp(sub, "free"))
		rc = task_pages_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "exit"))
		rc = task_exit_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "adj"))
		rc = task_adj_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "current"))
		rc = task_current_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "rt"))
		rc = task_rt_cmd(ctx, &l->t, out);
	else if (!strcmp(sub, "mlock"))
		rc = task_mlock_sub(ctx, &l->t, out);
	else if (!strcmp(sub, "kill"))
		rc = task_kill_sub(ctx, &l->t, out);
	else
		rc = task_list_cmd(ctx, &l->t, out);
	free(l);
	return rc;
}
