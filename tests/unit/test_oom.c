/* tests/unit/test_oom.c - the OOM killer (mm/oom_kill.c v4.5, reaper v4.6):
 * badness and oom_score against hand computations, victim selection, the
 * sacrificed child, the TIF_MEMDIE abort, panic_on_oom,
 * oom_kill_allocating_task, the reaper and the exit, and the kernel log
 * line for line. Machine: one Normal zone of 16384 pages, no swap, so
 * totalpages = 16384 and totalpages / 1000 = 16. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "simtest.h"

#define ZONE_PAGES	16384UL

static struct sim *boot_oom(void)
{
	return boot_one_zone(ZONE_NORMAL, 1UL << 20, ZONE_PAGES, 2);
}

/* The same machine under v4.6, which has the oom_reaper. */
static struct sim *boot_oom_46(void)
{
	return boot_one_zone_kernel(ZONE_NORMAL, 1UL << 20, ZONE_PAGES, 2, KERNEL_4_6);
}

/* A task with @n anonymous pages. Return: its pid, or -1. */
static int hog(struct sim *sim, const char *comm, int adj, int ppid, unsigned long n)
{
	int pid = task_spawn(sim, comm, adj, -1, ppid);

	if (pid < 0 || task_touch(sim, pid, TASK_ANON, n) != (long)n)
		return -1;
	return pid;
}

/* out_of_memory() for a GFP_KERNEL request of @order by current. */
static bool run_oom(struct sim *sim, int order)
{
	struct alloc_request req;
	struct oom_control oc;

	if (alloc_request_init(sim, &req, GFP_KERNEL, order < 0 ? 0 : (unsigned int)order))
		return false;
	oc.ac = order < 0 ? NULL : &req.ac;
	oc.gfp_mask = GFP_KERNEL;
	oc.order = order;
	return out_of_memory(sim, &oc);
}

/* ---- the kernel log since a cursor, timestamps cut off ---- */

#define LOG_MAX	256
struct log {
	int	n;
	char	line[LOG_MAX][DMESG_LINE_LEN];
};

static void log_since(const struct sim *sim, uint64_t seq, struct log *lg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	lg->n = 0;
	if (sim_dmesg_seq(sim) == seq)
		return;
	sim_dmesg_show(sim, &sb, (unsigned long)(sim_dmesg_seq(sim) - seq));
	for (s = sb_str(&sb); *s && lg->n < LOG_MAX;) {
		const char *nl = strchr(s, '\n'), *body = strstr(s, "] ");

		body = body && body < nl ? body + 2 : s;
		snprintf(lg->line[lg->n++], DMESG_LINE_LEN, "%.*s", (int)(nl - body), body);
		s = nl + 1;
	}
	sb_release(&sb);
}

static int log_find(const struct log *lg, const char *prefix)
{
	for (int i = 0; i < lg->n; i++)
		if (!strncmp(lg->line[i], prefix, strlen(prefix)))
			return i;
	return -1;
}

static void log_print(const struct log *lg)
{
	for (int i = 0; i < lg->n; i++)
		printf("  | %s\n", lg->line[i]);
}

/* ---- state checks ---- */

/* Pages on the buddy lists and the pcp lists. */
static unsigned long free_total(const struct sim *sim)
{
	unsigned long n = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = sim_zone(sim, 0, zid);

		n += zone_page_state(z, NR_FREE_PAGES);
		for (int cpu = 0; cpu < z->nr_cpus; cpu++)
			n += (unsigned long)z->pageset[cpu].count;
	}
	return n;
}

static unsigned long zsum(const struct sim *sim, enum zone_stat_item item)
{
	unsigned long n = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		n += zone_page_state(sim_zone(sim, 0, zid), item);
	return n;
}

/* The tasks' counters agree with the zones', the victims with oom_victims. */
static int accounting_holds(const struct sim *sim)
{
	unsigned long anon = 0, file = 0, ptes = 0, swap = 0, victims = 0;

	for (int i = 0; i < MAX_TASKS; i++) {
		const struct task *t = &sim->tasks[i];

		if (!t->pid)
			continue;
		anon += t->rss_anon;
		file += t->rss_file;
		ptes += t->nr_ptes;
		swap += t->swapents;
		victims += t->memdie;
	}
	if (anon != zsum(sim, NR_ANON_PAGES) || file != zsum(sim, NR_FILE_MAPPED) ||
	    ptes != zsum(sim, NR_PAGETABLE) || swap != sim->swap_in_use ||
	    victims != sim->oom_victims) {
		printf("accounting: anon %lu/%lu file %lu/%lu ptes %lu/%lu swap %lu/%lu "
		       "victims %lu/%lu\n", anon, zsum(sim, NR_ANON_PAGES), file,
		       zsum(sim, NR_FILE_MAPPED), ptes, zsum(sim, NR_PAGETABLE), swap,
		       sim->swap_in_use, victims, sim->oom_victims);
		return 0;
	}
	return 1;
}

/* The last out_of_memory narration since @cursor, "" if none. */
static void last_narration(const struct sim *sim, uint64_t cursor, char *out, size_t len)
{
	struct trace_event ev;

	out[0] = '\0';
	while (trace_read(sim, &cursor, &ev, 1, NULL) == 1)
		if (ev.id == TRACE_bs_alloc_stage && ev.stage == -1 &&
		    !strncmp(ev.msg, "out_of_memory: ", 15))
			snprintf(out, len, "%s", ev.msg);
}

static int nr_killed(const struct sim *sim)
{
	int n = 0;

	for (int i = 0; i < MAX_TASKS; i++)
		n += sim->tasks[i].pid && sim->tasks[i].sigkill;
	return n;
}

/* ---- badness ---- */

TEST(oom_badness_and_oom_score_match_hand_computation)
{
	struct sim *sim = boot_oom();
	const struct task *t;
	int pid;

	REQUIRE(sim);
	CHECK_EQ_UL(oom_totalpages(sim), ZONE_PAGES);
	pid = hog(sim, "hog", 0, 0, 2000);
	REQUIRE(pid > 0);
	t = task_find(sim, pid);
	/* 2000 pages need 4 page-table pages (one per 512) */
	CHECK_EQ_UL(t->nr_ptes, 4);
	CHECK_EQ_UL(oom_badness(sim, t, ZONE_PAGES), 2004);
	CHECK_EQ_UL(oom_score(sim, t), 122);		/* 2004 * 1000 / 16384 */
	/* 100 page-cache pages: rss 2100, a 5th page table at 2048 */
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 100), 100);
	CHECK_EQ_UL(oom_badness(sim, t, ZONE_PAGES), 2105);
	CHECK_EQ_UL(oom_score(sim, t), 128);
	/* adj 500: + 500 * (16384 / 1000) = + 500 * 16 */
	REQUIRE(task_set_oom_score_adj(sim, pid, 500) == 0);
	CHECK_EQ_UL(oom_badness(sim, t, ZONE_PAGES), 10105);
	CHECK_EQ_UL(oom_score(sim, t), 616);
	/* adj -500 takes it below zero: an eligible task still scores 1 */
	REQUIRE(task_set_oom_score_adj(sim, pid, -500) == 0);
	CHECK_EQ_UL(oom_badness(sim, t, ZONE_PAGES), 1);
	CHECK_EQ_UL(oom_score(sim, t), 0);
	REQUIRE(task_set_oom_score_adj(sim, pid, -1000) == 0);
	CHECK_EQ_UL(oom_badness(sim, t, ZONE_PAGES), 0);
	/* swap counts in totalpages: 16384 + 8000, so adj 500 adds 500 * 24 */
	REQUIRE(task_set_oom_score_adj(sim, pid, 500) == 0);
	REQUIRE(swap_set_size(sim, 8000) == 0);
	CHECK_EQ_UL(oom_totalpages(sim), 24384);
	CHECK_EQ_UL(oom_badness(sim, t, 24384), 14105);
	CHECK_EQ_UL(oom_score(sim, t), 578);		/* 14105 * 1000 / 24384 */
	/* a task that touched nothing has an mm and scores 1; init, kthreads 0 */
	CHECK_EQ_UL(oom_badness(sim, task_find(sim, 1000), 24384), 1);
	CHECK_EQ_L(task_touch(sim, 1, TASK_ANON, 100), 100);
	CHECK_EQ_UL(oom_badness(sim, task_find(sim, 1), 24384), 0);
	CHECK_EQ_UL(oom_badness(sim, task_find_comm(sim, "kswapd0"), 24384), 0);
	CHECK_EQ_UL(oom_badness(sim, task_find_comm(sim, "kthreadd"), 24384), 0);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- a whole kill, line by line ---- */

TEST(oom_kills_the_highest_badness_and_logs_it_as_v45)
{
	struct sim *sim = boot_oom();
	char row[DMESG_LINE_LEN], msg[TRACE_MSG_LEN];
	int small, big, mid, i;
	uint64_t seq, cursor;
	unsigned long before;
	struct log lg;

	REQUIRE(sim);
	small = hog(sim, "small", 0, 0, 1000);
	big = hog(sim, "big", 0, 0, 3000);
	mid = hog(sim, "mid", 0, 0, 2000);
	REQUIRE(small > 0 && big > 0 && mid > 0);
	before = free_total(sim);
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, big)->sigkill);
	CHECK(task_find(sim, big)->memdie);
	CHECK_EQ_L(nr_killed(sim), 1);
	CHECK_EQ_UL(sim->oom_victims, 1);
	CHECK_EQ_L(sim->nr_reap, 0);		/* v4.5 has no oom_reaper */
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	last_narration(sim, cursor, msg, sizeof(msg));
	/* 3000 + 6 page tables = 3006; 3006 * 1000 / 16384 = 183 */
	CHECK_STR(msg, "out_of_memory: killed big (1002), badness 183 of 1000, freeing 3006 pages");

	log_since(sim, seq, &lg);
	REQUIRE(lg.n > 8);
	CHECK_STR(lg.line[0], "bash invoked oom-killer: gfp_mask=0x24000c0, order=0, "
		  "oom_score_adj=0");
	CHECK_STR(lg.line[1], "Mem-Info:");
	i = log_find(&lg, "[ pid ]");
	REQUIRE(i > 0);
	CHECK_STR(lg.line[i], "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents "
		  "oom_score_adj name");
	CHECK_STR(lg.line[i + 1], "[ 1000]     0  1000        0        0       0       0        0"
		  "             0 bash");
	CHECK_STR(lg.line[i + 2], "[ 1001]     0  1001     1000     1000       2       0        0"
		  "             0 small");
	snprintf(row, sizeof(row), "[%5d] %5d %5d %8lu %8lu %7ld %7ld %8lu         %5hd %s",
		 big, 0, big, 3000UL, 3000UL, 6L, 0L, 0UL, (short)0, "big");
	CHECK_STR(lg.line[i + 3], row);
	CHECK_EQ_L(lg.n, i + 7);		/* bash, small, big, mid, then two kill lines */
	CHECK_STR(lg.line[i + 5], "Out of memory: Kill process 1002 (big) score 183 or "
		  "sacrifice child");
	CHECK_STR(lg.line[i + 6], "Killed process 1002 (big) total-vm:12000kB, anon-rss:12000kB, "
		  "file-rss:0kB, shmem-rss:0kB");
	if (test_failures_now)
		log_print(&lg);

	/* v4.5: no reaper; TIF_MEMDIE holds until the victim exits, which it
	 * does when it returns to user space (the scheduler, next jiffy) */
	CHECK(run_oom(sim, 0));			/* a second OOM waits for it */
	CHECK_EQ_L(nr_killed(sim), 1);
	seq = sim_dmesg_seq(sim);
	sim_tick(sim, 2);
	log_since(sim, seq, &lg);
	CHECK(log_find(&lg, "oom_reaper") < 0);
	CHECK_EQ_UL(sim->oom_victims, 0);
	CHECK(task_find(sim, big) == NULL);
	CHECK(!oom_has_killed_tasks(sim));
	CHECK_EQ_UL(free_total(sim), before + 3006);
	CHECK(task_find(sim, small) && task_find(sim, mid));
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- who is chosen ---- */

TEST(oom_never_chooses_adj_min_even_if_biggest)
{
	struct sim *sim = boot_oom();
	int big, small;
	uint64_t seq;
	struct log lg;

	REQUIRE(sim);
	big = hog(sim, "big", OOM_SCORE_ADJ_MIN, 0, 4000);
	small = hog(sim, "small", 0, 0, 500);
	REQUIRE(big > 0 && small > 0);
	seq = sim_dmesg_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(!task_find(sim, big)->sigkill);
	CHECK(task_find(sim, small)->sigkill);
	/* the dump still lists it, with its -1000 */
	log_since(sim, seq, &lg);
	CHECK(log_find(&lg, "[ 1001]     0  1001     4000     4000       8       0        0"
			    "         -1000 big") > 0);
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, small) == NULL);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_adj_1000_makes_a_small_task_the_victim)
{
	struct sim *sim = boot_oom();
	char msg[TRACE_MSG_LEN];
	int big, tiny;
	uint64_t cursor;

	REQUIRE(sim);
	big = hog(sim, "big", 0, 0, 4000);
	tiny = hog(sim, "tiny", OOM_SCORE_ADJ_MAX, 0, 10);
	REQUIRE(big > 0 && tiny > 0);
	/* 10 + 1 + 1000 * 16 = 16011 against 4000 + 8 */
	CHECK_EQ_UL(oom_badness(sim, task_find(sim, tiny), ZONE_PAGES), 16011);
	cursor = trace_next_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, tiny)->sigkill);
	CHECK(!task_find(sim, big)->sigkill);
	last_narration(sim, cursor, msg, sizeof(msg));
	/* 16011 * 1000 / 16384 = 977 */
	CHECK_STR(msg, "out_of_memory: killed tiny (1002), badness 977 of 1000, freeing 11 pages");
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_never_chooses_init_or_kernel_threads)
{
	struct sim *sim = boot_oom();
	int user;
	uint64_t seq;
	struct log lg;

	REQUIRE(sim);
	REQUIRE(task_touch(sim, 1, TASK_ANON, 4000) == 4000);	/* init is the biggest */
	user = hog(sim, "user", 0, 0, 100);
	REQUIRE(user > 0);
	seq = sim_dmesg_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, user)->sigkill);
	CHECK_EQ_L(nr_killed(sim), 1);
	/* the dump leaves out init and the kernel threads */
	log_since(sim, seq, &lg);
	CHECK(log_find(&lg, "[    1]") < 0);
	CHECK(log_find(&lg, "[    2]") < 0);
	CHECK(log_find(&lg, "[   40]") < 0);
	CHECK(log_find(&lg, "[ 1000]") > 0);
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, 1) != NULL);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_sacrifices_the_biggest_killable_child)
{
	struct sim *sim = boot_oom();
	char msg[TRACE_MSG_LEN];
	int parent, c1, c2, c3, i;
	uint64_t seq, cursor;
	struct log lg;

	REQUIRE(sim);
	parent = hog(sim, "parent", 0, 0, 3000);
	REQUIRE(parent > 0);
	c1 = hog(sim, "child1", 0, parent, 300);
	c2 = hog(sim, "child2", 0, parent, 600);
	c3 = hog(sim, "child3", OOM_SCORE_ADJ_MIN, parent, 900);	/* unkillable: 0 */
	REQUIRE(c1 > 0 && c2 > 0 && c3 > 0);
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(!task_find(sim, parent)->sigkill);
	CHECK(task_find(sim, c2)->sigkill && task_find(sim, c2)->memdie);
	CHECK_EQ_L(nr_killed(sim), 1);
	log_since(sim, seq, &lg);
	i = log_find(&lg, "Out of memory: ");
	REQUIRE(i > 0 && i + 1 < lg.n);
	/* parent: 3000 + 6 = 3006 -> 183 */
	CHECK_STR(lg.line[i], "Out of memory: Kill process 1001 (parent) score 183 or "
		  "sacrifice child");
	CHECK_STR(lg.line[i + 1], "Killed process 1003 (child2) total-vm:2400kB, "
		  "anon-rss:2400kB, file-rss:0kB, shmem-rss:0kB");
	last_narration(sim, cursor, msg, sizeof(msg));
	CHECK_STR(msg, "out_of_memory: parent (1001) scored 183 of 1000; killed its child "
		  "child2 (1003) instead, freeing 602 pages");
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, c2) == NULL && task_find(sim, parent) != NULL);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- when nothing is killed ---- */

TEST(oom_memdie_victim_aborts_selection_but_not_sysrq)
{
	struct sim *sim = boot_oom();
	char msg[TRACE_MSG_LEN];
	int big, waiting;
	uint64_t seq, cursor;
	struct task *w;

	REQUIRE(sim);
	big = hog(sim, "big", 0, 0, 3000);
	waiting = hog(sim, "waiting", 0, 0, 10);
	REQUIRE(big > 0 && waiting > 0);
	w = task_lookup(sim, waiting);
	w->memdie = true;		/* an earlier victim that has not exited */
	sim->oom_victims++;
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	CHECK(run_oom(sim, 0));		/* progress: wait for it */
	CHECK_EQ_L(nr_killed(sim), 0);
	CHECK_EQ_UL(sim_dmesg_seq(sim), seq);	/* the abort prints nothing */
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	last_narration(sim, cursor, msg, sizeof(msg));
	CHECK_STR(msg, "out_of_memory: waiting (1002) is already an OOM victim; waiting for it "
		  "to exit, nobody else is killed");
	/* sysrq-f (order -1) does not wait */
	CHECK(run_oom(sim, -1));
	CHECK(task_find(sim, big)->sigkill);
	CHECK_EQ_UL(sim->oom_victims, 2);
	w->memdie = false;
	sim->oom_victims--;
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, big) == NULL);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_panic_on_oom_logs_the_panic_and_kills_nobody)
{
	static const struct { const char *val, *line; } cases[] = {
		{ "1", "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom "
		       "is enabled" },
		{ "2", "Kernel panic - not syncing: Out of memory: compulsory panic_on_oom "
		       "is enabled" },
	};
	for (unsigned int k = 0; k < 2; k++) {
		struct sim *sim = boot_oom();
		uint64_t seq;
		struct log lg;

		REQUIRE(sim);
		REQUIRE(hog(sim, "big", 0, 0, 3000) > 0);
		REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", cases[k].val) == 0);
		seq = sim_dmesg_seq(sim);
		CHECK(!run_oom(sim, 0));
		CHECK_EQ_L(nr_killed(sim), 0);
		CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
		log_since(sim, seq, &lg);
		REQUIRE(lg.n > 2);
		CHECK_STR(lg.line[0], "bash invoked oom-killer: gfp_mask=0x24000c0, order=0, "
			  "oom_score_adj=0");
		CHECK_STR(lg.line[lg.n - 1], cases[k].line);
		CHECK(log_find(&lg, "Out of memory: Kill") < 0);
		/* sysrq never panics: it kills */
		CHECK(run_oom(sim, -1));
		CHECK_EQ_L(nr_killed(sim), 1);
		sim_tick(sim, 2);
		oom_exit_killed_tasks(sim);
		CHECK(accounting_holds(sim));
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
	}
}

TEST(oom_no_killable_process_logs_the_panic)
{
	struct sim *sim = boot_oom();
	char msg[TRACE_MSG_LEN];
	uint64_t seq, cursor;
	struct log lg;

	REQUIRE(sim);
	REQUIRE(task_touch(sim, 1000, TASK_ANON, 500) == 500);
	REQUIRE(task_set_oom_score_adj(sim, 1000, OOM_SCORE_ADJ_MIN) == 0);
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	CHECK(!run_oom(sim, 0));
	CHECK_EQ_L(nr_killed(sim), 0);
	log_since(sim, seq, &lg);
	REQUIRE(lg.n > 2);
	CHECK_STR(lg.line[0], "bash invoked oom-killer: gfp_mask=0x24000c0, order=0, "
		  "oom_score_adj=-1000");
	CHECK_STR(lg.line[lg.n - 1], "Kernel panic - not syncing: Out of memory and no killable "
		  "processes...");
	last_narration(sim, cursor, msg, sizeof(msg));
	CHECK_STR(msg, "out_of_memory: no killable process, so the kernel panics here; "
		  "buddyscope logs it and fails the allocation");
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_current_with_sigkill_pending_just_gets_memdie)
{
	struct sim *sim = boot_oom();
	int big, dying;
	uint64_t seq;

	REQUIRE(sim);
	big = hog(sim, "big", 0, 0, 3000);
	dying = hog(sim, "dying", 0, 0, 10);
	REQUIRE(big > 0 && dying > 0);
	REQUIRE(task_set_current(sim, dying) == 0);
	task_lookup(sim, dying)->sigkill = true;
	seq = sim_dmesg_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, dying)->memdie);
	CHECK(!task_find(sim, big)->sigkill);
	CHECK_EQ_UL(sim_dmesg_seq(sim), seq);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(!oom_has_killed_tasks(sim));	/* current exits by itself */
	REQUIRE(task_set_current(sim, 1000) == 0);
	CHECK(oom_has_killed_tasks(sim));
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, dying) == NULL);
	CHECK_EQ_UL(sim->oom_victims, 0);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_kill_allocating_task_kills_current)
{
	struct sim *sim = boot_oom();
	char msg[TRACE_MSG_LEN];
	int big, small;
	uint64_t seq, cursor;
	struct log lg;

	REQUIRE(sim);
	big = hog(sim, "big", 0, 0, 3000);
	small = hog(sim, "small", 0, 0, 200);
	REQUIRE(big > 0 && small > 0);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	REQUIRE(task_set_current(sim, small) == 0);
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, small)->sigkill);
	CHECK(!task_find(sim, big)->sigkill);
	log_since(sim, seq, &lg);
	CHECK_STR(lg.line[0], "small invoked oom-killer: gfp_mask=0x24000c0, order=0, "
		  "oom_score_adj=0");
	CHECK(log_find(&lg, "Out of memory (oom_kill_allocating_task): Kill process 1002 "
			    "(small) score 0 or sacrifice child") > 0);
	CHECK(log_find(&lg, "Killed process 1002 (small) total-vm:800kB, anon-rss:800kB, "
			    "file-rss:0kB, shmem-rss:0kB") > 0);
	last_narration(sim, cursor, msg, sizeof(msg));
	CHECK_STR(msg, "out_of_memory: oom_kill_allocating_task: killed small (1002), badness 0 "
		  "of 1000, freeing 201 pages");
	/* the killed current is left to exit on its own way out */
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, small) != NULL);
	REQUIRE(task_set_current(sim, 1000) == 0);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, small) == NULL);
	/* a -1000 current is not killed: the scan chooses instead */
	REQUIRE(task_set_oom_score_adj(sim, 1000, OOM_SCORE_ADJ_MIN) == 0);
	CHECK(run_oom(sim, 0));
	CHECK(task_find(sim, big)->sigkill);
	CHECK(!task_find(sim, 1000)->sigkill);
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- the reaper and the exit ---- */

/* v4.6: the oom_reaper runs in the next jiffy, before the victim exits */
TEST(oom_v46_reaper_runs_before_the_exit)
{
	struct sim *sim = boot_oom_46();
	uint64_t seq, cursor;
	struct log lg;
	int big;

	REQUIRE(sim);
	REQUIRE(hog(sim, "small", 0, 0, 1000) > 0);
	big = hog(sim, "big", 0, 0, 3000);
	REQUIRE(big > 0);
	CHECK(run_oom(sim, 0));
	CHECK_EQ_L(sim->nr_reap, 1);
	seq = sim_dmesg_seq(sim);
	cursor = trace_next_seq(sim);
	oom_reaper_step(sim);		/* what the scheduler runs next jiffy */
	log_since(sim, seq, &lg);
	REQUIRE(lg.n >= 1);
	CHECK_STR(lg.line[0], "oom_reaper: reaped process 1002 (big), now anon-rss:0kB, "
		  "file-rss:0kB, shmem-rss:0kB");
	{
		struct trace_event ev;
		bool seen = false;

		while (trace_read(sim, &cursor, &ev, 1, NULL) == 1)
			if (ev.id == TRACE_oom_score_adj_update && ev.arg[1] == big)
				seen = true;
		CHECK(!seen);	/* v4.6's reaper sets the adj without the trace */
	}
	/* TIF_MEMDIE cleared by the reaper, while the victim has not exited */
	CHECK(task_find(sim, big) && !task_find(sim, big)->memdie);
	CHECK_EQ_UL(sim->oom_victims, 0);
	CHECK_EQ_L(sim->nr_reap, 0);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, big) == NULL);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_reaper_frees_anon_and_swap_but_not_file_or_page_tables)
{
	struct sim *sim = boot_oom_46();
	unsigned long cache, before;
	uint64_t seq;
	struct task *t;
	struct log lg;
	int pid;

	REQUIRE(sim);
	pid = hog(sim, "victim", 0, 0, 600);
	REQUIRE(pid > 0);
	REQUIRE(task_touch(sim, pid, TASK_FILE, 100) == 100);
	REQUIRE(swap_set_size(sim, 1000) == 0);
	t = task_lookup(sim, pid);
	t->swapents = 10;		/* as if reclaim had swapped 10 pages out */
	t->total_vm += 10;
	sim->swap_in_use += 10;
	REQUIRE(t->nr_ptes == 2);
	cache = zsum(sim, NR_FILE_PAGES);
	before = free_total(sim);
	CHECK(run_oom(sim, 0));
	CHECK(t->sigkill);
	seq = sim_dmesg_seq(sim);
	oom_reaper_step(sim);		/* what the scheduler runs next jiffy */
	log_since(sim, seq, &lg);
	REQUIRE(lg.n == 1);
	CHECK_STR(lg.line[0], "oom_reaper: reaped process 1001 (victim), now anon-rss:0kB, "
		  "file-rss:400kB, shmem-rss:0kB");
	CHECK_EQ_UL(t->rss_anon, 0);
	CHECK_EQ_UL(t->rss_file, 100);
	CHECK_EQ_UL(t->swapents, 0);
	CHECK_EQ_UL(t->total_vm, 710);	/* unmapped, but the VMAs stay */
	CHECK_EQ_UL(t->nr_ptes, 2);
	CHECK_EQ_L(t->oom_score_adj, OOM_SCORE_ADJ_MIN);
	CHECK(!t->memdie && t->sigkill);
	CHECK_EQ_UL(sim->oom_victims, 0);
	CHECK_EQ_UL(sim->swap_in_use, 0);
	CHECK_EQ_UL(free_total(sim), before + 600);
	CHECK(accounting_holds(sim));
	/* reaped, it no longer blocks or attracts the OOM killer */
	CHECK_EQ_UL(oom_badness(sim, t, oom_totalpages(sim)), 0);
	oom_exit_killed_tasks(sim);
	CHECK(task_find(sim, pid) == NULL);
	CHECK_EQ_UL(free_total(sim), before + 602);
	CHECK_EQ_UL(zsum(sim, NR_FILE_PAGES), cache);	/* the page cache stays */
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- the reports ---- */

/* The free-list line computed here from the zone, to hold the report to. */
static void expect_free_line(const struct sim *sim, int zid, char *out, size_t len)
{
	static const char letters[] = "UMEHCI";
	const struct zone *z = sim_zone(sim, 0, zid);
	unsigned long total = 0;
	size_t n = (size_t)snprintf(out, len, "Node 0 %s: ", z->name);

	for (int o = 0; o < MAX_ORDER; o++) {
		const struct free_area *a = &z->free_area[o];

		n += (size_t)snprintf(out + n, len - n, "%lu*%lukB ", a->nr_free, 4UL << o);
		if (a->nr_free) {
			n += (size_t)snprintf(out + n, len - n, "(");
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				if (a->nr_free_mt[mt])
					n += (size_t)snprintf(out + n, len - n, "%c", letters[mt]);
			n += (size_t)snprintf(out + n, len - n, ") ");
		}
		total += a->nr_free << o;
	}
	snprintf(out + n, len - n, "= %lukB", total * 4);
}

TEST(oom_warn_alloc_failed_prints_the_failure_and_mem_info)
{
	struct sim *sim = boot_oom();
	char want[DMESG_LINE_LEN];
	const struct zone *z;
	uint64_t seq;
	struct log lg;
	int i;

	REQUIRE(sim);
	REQUIRE(hog(sim, "hog", 0, 0, 1000) > 0);
	z = sim_zone(sim, 0, ZONE_NORMAL);
	seq = sim_dmesg_seq(sim);
	warn_alloc_failed(sim, GFP_KERNEL, 3);
	log_since(sim, seq, &lg);
	REQUIRE(lg.n > 10);
	CHECK_STR(lg.line[0], "bash: page allocation failure: order:3, mode:0x24000c0");
	CHECK_STR(lg.line[1], "Mem-Info:");
	snprintf(want, sizeof(want), "active_anon:%lu inactive_anon:0 isolated_anon:0",
		 zsum(sim, NR_ACTIVE_ANON));
	CHECK_STR(lg.line[2], want);
	CHECK(!strncmp(lg.line[3], " active_file:", 13));
	CHECK(!strncmp(lg.line[7], " free:", 6));
	snprintf(want, sizeof(want), "Node 0 Normal free:%lukB min:%lukB low:%lukB high:%lukB "
		 "active_anon:%lukB inactive_anon:0kB active_file:0kB inactive_file:0kB",
		 zone_page_state(z, NR_FREE_PAGES) * 4, z->watermark[WMARK_MIN] * 4,
		 z->watermark[WMARK_LOW] * 4, z->watermark[WMARK_HIGH] * 4,
		 zone_page_state(z, NR_ACTIVE_ANON) * 4);
	CHECK_STR(lg.line[8], want);
	CHECK_STR(lg.line[9], "lowmem_reserve[]: 0 0 0 0");
	expect_free_line(sim, ZONE_NORMAL, want, sizeof(want));
	CHECK_STR(lg.line[10], want);
	i = log_find(&lg, "Total swap = ");
	CHECK(i > 0 && !strcmp(lg.line[i], "Total swap = 0kB"));
	CHECK_STR(lg.line[lg.n - 3], "16384 pages RAM");
	CHECK_STR(lg.line[lg.n - 1], "0 pages reserved");
	CHECK(log_find(&lg, "[ pid ]") < 0);	/* no task dump here */
	if (test_failures_now)
		log_print(&lg);
	/* __GFP_NOWARN: silence */
	seq = sim_dmesg_seq(sim);
	warn_alloc_failed(sim, GFP_KERNEL | GFP_F_NOWARN, 0);
	CHECK_EQ_UL(sim_dmesg_seq(sim), seq);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_mem_info_covers_every_populated_zone)
{
	struct sim *sim = boot_preset("classroom");
	char want[DMESG_LINE_LEN];
	uint64_t seq;
	struct log lg;

	REQUIRE(sim);
	seq = sim_dmesg_seq(sim);
	warn_alloc_failed(sim, GFP_ATOMIC, 0);
	log_since(sim, seq, &lg);
	for (int zid = ZONE_DMA; zid <= ZONE_NORMAL; zid++) {
		const struct zone *z = sim_zone(sim, 0, zid);

		snprintf(want, sizeof(want), "Node 0 %s free:", z->name);
		CHECK(log_find(&lg, want) > 0);
		expect_free_line(sim, zid, want, sizeof(want));
		CHECK(log_find(&lg, want) > 0);
		snprintf(want, sizeof(want), "lowmem_reserve[]: %ld %ld %ld %ld",
			 z->lowmem_reserve[0], z->lowmem_reserve[1], z->lowmem_reserve[2],
			 z->lowmem_reserve[3]);
		CHECK(log_find(&lg, want) > 0);
	}
	if (test_failures_now)
		log_print(&lg);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(oom_dump_tasks_off_leaves_out_the_task_table)
{
	struct sim *sim = boot_oom();
	uint64_t seq;
	struct log lg;

	REQUIRE(sim);
	REQUIRE(hog(sim, "big", 0, 0, 1000) > 0);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_dump_tasks", "0") == 0);
	seq = sim_dmesg_seq(sim);
	CHECK(run_oom(sim, 0));
	log_since(sim, seq, &lg);
	CHECK(log_find(&lg, "[ pid ]") < 0);
	CHECK(log_find(&lg, "Killed process 1001 (big)") > 0);
	sim_tick(sim, 2);
	oom_exit_killed_tasks(sim);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- through the allocator ---- */

TEST(oom_a_hog_that_outgrows_memory_is_killed_by_its_own_fault)
{
	struct sim *sim = boot_oom();
	long done;
	int pid, other;

	REQUIRE(sim);
	other = hog(sim, "other", 0, 0, 1000);
	pid = task_spawn(sim, "hog", 0, -1, 0);
	REQUIRE(other > 0 && pid > 0);
	done = task_touch(sim, pid, TASK_ANON, ZONE_PAGES);
	CHECK(done > 0 && done < (long)ZONE_PAGES);
	CHECK(task_find(sim, pid) == NULL);		/* killed, and exited */
	CHECK(task_find(sim, other) != NULL);
	CHECK(sim_vm_event(sim, OOM_KILL) >= 1);
	sim_tick(sim, 2);
	CHECK_EQ_UL(sim->oom_victims, 0);
	CHECK(accounting_holds(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
