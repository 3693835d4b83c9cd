/* tests/fuzz/fuzz_alloc.c - random sequences of allocator operations.
 *
 * Input: bytes read as a program of operations on the "tiny" preset (8192
 * pages, 2 cpus): whole allocations, requests started and stepped stage by
 * stage (two may be in flight, as `start` leaves one while other commands
 * run), frees of blocks it holds and of arbitrary pfns, drains, tasks that
 * spawn, touch, access, unmap and exit, slab, ticks, cpu switches, sysctls
 * and swap. After every operation sim_check() must find nothing; a call that
 * fails says why in one line and leaves the free pages and buddyinfo as
 * they were; every block it was given frees cleanly at the end.
 *
 * The program: at most 256 operations, each an opcode byte (taken mod 20)
 * and its argument bytes; a program that runs out reads zeros.
 *   0-3  alloc   GFP ORDER           alloc_request_init + alloc_step to the end
 *   4    start   S GFP ORDER         a request in slot S&1 (S&2: any order < 32)
 *   5-6  step    S                   (S>>1)%16+1 stages of slot S&1
 *   7-9  free    I MODE              a held block; MODE%4: 0-1 order -1,
 *                                    2 its order, 3 a wrong order (-EINVAL)
 *   10   free    HI LO ORDER         free_pages(HI<<8|LO, ORDER-1) of any pfn
 *   11   drain   K CPU ZONE          drain_local_pages / drain_all_pages
 *   12-13 task   WHAT B C N          spawn, touch, access, unmap, adj, current,
 *                                    exit (WHAT%7); B picks the task or name
 *   14   slab    B                   kernel_slab_alloc(B%64+1, B&0x80)
 *   15   tick    J                   sim_tick(2J+1)
 *   16   cpu     C                   sim_set_cpu(C%(cpus+2))
 *   17   sysctl  B                   B&1: swap_set_size, else a sysctl write
 *   18   free_all_pages
 *   19   (nothing: sim_check only)
 * GFP is an index into gfp_table[], or 0xe0|T followed by three bytes of
 * raw bits (T: bits 24-25). tests/fuzz/corpus/alloc/ holds programs that
 * mean something: exhaust a zone, fragment it and compact, OOM-kill, ...
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"

#define ALLOC_INPUT_MAX	2048
#define MAX_OPS		256
#define MAX_HELD	512
#define MAX_PIDS	16
#define STEP_CAP	100000	/* stages one request may take; the kernel's loops are bounded */

struct prog {
	const uint8_t	*p;
	size_t		n;
};

/* The next byte of the program; 0 once it runs out. */
static unsigned int next(struct prog *pr)
{
	if (!pr->n)
		return 0;
	pr->n--;
	return *pr->p++;
}

struct held {
	unsigned long	pfn;
	unsigned int	order;
};

struct state {
	struct sim	*sim;
	struct held	held[MAX_HELD];
	int		nr_held;
	struct alloc_request slot[2];
	bool		busy[2];
	int		pids[MAX_PIDS];
	int		nr_pids;
	struct fuzz_snap snap;
	const char	*op;		/* the operation running, for messages */
};

static const gfp_t gfp_table[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_NOIO, GFP_NOFS, GFP_USER, GFP_HIGHUSER,
	GFP_HIGHUSER_MOVABLE, GFP_TRANSHUGE, GFP_DMA, GFP_DMA32 | GFP_KERNEL,
	GFP_KERNEL | GFP_F_NORETRY, GFP_KERNEL | GFP_F_REPEAT, GFP_KERNEL | GFP_F_NOFAIL,
	GFP_ATOMIC | GFP_F_NOWARN, GFP_KERNEL | GFP_F_MEMALLOC, GFP_TEMPORARY,
	GFP_KERNEL | GFP_F_THISNODE, GFP_ATOMIC | GFP_F_NOMEMALLOC, GFP_KERNEL | GFP_F_COMP,
};
#define NR_GFP	(sizeof(gfp_table) / sizeof(gfp_table[0]))

static gfp_t pick_gfp(struct prog *pr)
{
	unsigned int b = next(pr);

	if (b >= 0xe0)		/* raw bits, bad zone modifiers and all */
		return (next(pr) | next(pr) << 8 | next(pr) << 16 | (b & 3u) << 24) & GFP_BITS_MASK;
	return gfp_table[b % NR_GFP];
}

/* A call failed with @rc: it must say why in one line and change nothing. */
static void failed(struct state *s, long rc)
{
	char diff[256];

	if (rc >= 0)
		return;
	fuzz_check_msg(s->op, sim_errmsg(s->sim), s->op);
	if (!fuzz_snap_same(&s->snap, s->sim, diff, sizeof(diff)))
		fuzz_fail("%s failed (%ld: %s) but changed the sim: %s", s->op, rc,
			  sim_errmsg(s->sim), diff);
}

static void hold(struct state *s, const struct alloc_request *req)
{
	struct block_info bi;

	if (req->pfn == PFN_NONE)
		return;
	if (sim_block_of(s->sim, req->pfn, &bi) || bi.state != BLOCK_ALLOCATED ||
	    bi.head != req->pfn || bi.order != req->order) {
		fuzz_fail("%s: got pfn %#lx of order %u, but that is not an allocated block",
			  s->op, req->pfn, req->order);
		return;
	}
	if (s->nr_held < MAX_HELD) {
		s->held[s->nr_held].pfn = req->pfn;
		s->held[s->nr_held++].order = req->order;
	} else if (free_pages(s->sim, req->pfn, -1)) {
		fuzz_fail("%s: freeing pfn %#lx: %s", s->op, req->pfn, sim_errmsg(s->sim));
	}
}

static void unhold(struct state *s, int i)
{
	s->held[i] = s->held[--s->nr_held];
}

/* alloc_request_init must refuse exactly what its contract says. */
static int init_request(struct state *s, struct alloc_request *req, gfp_t gfp, unsigned int order,
			bool any_order)
{
	bool bad = (!any_order && order >= MAX_ORDER) || gfp_zone(gfp) < 0 ||
		   gfpflags_to_migratetype(gfp) < 0;
	int rc = any_order ? alloc_request_init_any_order(s->sim, req, gfp, order)
			   : alloc_request_init(s->sim, req, gfp, order);

	if (rc && rc != -EINVAL)
		fuzz_fail("%s(%#x, %u): returned %d", s->op, gfp, order, rc);
	else if (!rc != !bad)
		fuzz_fail("%s(%#x, %u): returned %d, the contract says %s", s->op, gfp, order, rc,
			  bad ? "-EINVAL" : "0");
	failed(s, rc);
	return rc;
}

/* Step @req up to @n stages. Return: true once it is done. */
static bool step(struct state *s, struct alloc_request *req, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		if (!alloc_step(s->sim, req))
			return true;
		if (req->stage < 0 || (unsigned int)req->stage >= sim_nr_stages(s->sim)) {
			fuzz_fail("%s: request at stage %d", s->op, (int)req->stage);
			return true;
		}
	}
	return false;
}

static void op_alloc(struct state *s, struct prog *pr)
{
	static struct alloc_request req;
	gfp_t gfp = pick_gfp(pr);
	unsigned int order = next(pr) % (MAX_ORDER + 1);

	s->op = "alloc_request_init";
	if (init_request(s, &req, gfp, order, false))
		return;
	s->op = "alloc_step";
	if (!step(s, &req, STEP_CAP))
		fuzz_fail("alloc(%#x, %u) still running after %d stages", gfp, order, STEP_CAP);
	else
		hold(s, &req);
}

static void op_start(struct state *s, struct prog *pr)
{
	unsigned int b = next(pr);
	int i = b & 1;
	gfp_t gfp = pick_gfp(pr);
	unsigned int order = next(pr) % ((b & 2) ? 32 : MAX_ORDER + 1);

	if (s->busy[i])
		return;
	s->op = (b & 2) ? "alloc_request_init_any_order" : "alloc_request_init";
	s->busy[i] = !init_request(s, &s->slot[i], gfp, order, b & 2);
}

static void op_step(struct state *s, struct prog *pr)
{
	unsigned int b = next(pr);
	int i = b & 1;

	if (!s->busy[i])
		return;
	s->op = "alloc_step (interleaved)";
	if (step(s, &s->slot[i], 1 + (b >> 1) % 16)) {
		s->busy[i] = false;
		hold(s, &s->slot[i]);
	}
}

static void op_free(struct state *s, struct prog *pr)
{
	unsigned int b = next(pr), mode = next(pr) % 4;
	int i, order, rc;
	struct held h;

	if (!s->nr_held)
		return;
	i = (int)(b % (unsigned int)s->nr_held);
	h = s->held[i];
	order = mode < 2 ? -1 : mode == 2 ? (int)h.order : (int)((h.order + 1) % MAX_ORDER);
	s->op = "free_pages";
	rc = free_pages(s->sim, h.pfn, order);
	if (mode == 3) {
		if (rc != -EINVAL)
			fuzz_fail("free_pages(%#lx, %d) of an order-%u block returned %d", h.pfn,
				  order, h.order, rc);
		failed(s, rc);
	} else if (rc) {
		fuzz_fail("free_pages(%#lx, %d) of a block it holds: %s", h.pfn, order,
			  sim_errmsg(s->sim));
	} else {
		unhold(s, i);
	}
}

/* free_pages of any pfn: a block it holds frees, anything else is refused. */
static void op_free_any(struct state *s, struct prog *pr)
{
	unsigned long pfn = (next(pr) << 8 | next(pr)) % (sim_max_pfn(s->sim) + 64);
	int order = (int)(next(pr) % (MAX_ORDER + 2)) - 1, rc;

	if (s->busy[0] || s->busy[1])
		return;		/* an unfinished request may hold a block it has not returned */
	s->op = "free_pages (any pfn)";
	rc = free_pages(s->sim, pfn, order);
	if (rc && rc != -EINVAL)
		fuzz_fail("free_pages(%#lx, %d) returned %d", pfn, order, rc);
	failed(s, rc);
	for (int i = 0; i < s->nr_held; i++) {
		if (s->held[i].pfn != pfn)
			continue;
		if (!rc)
			unhold(s, i);
		else if (order < 0 || (unsigned int)order == s->held[i].order)
			fuzz_fail("free_pages(%#lx, %d) of a block it holds: %s", pfn, order,
				  sim_errmsg(s->sim));
		return;
	}
	if (!rc)
		fuzz_fail("free_pages(%#lx, %d) freed a block nobody was given", pfn, order);
}

static void op_drain(struct state *s, struct prog *pr)
{
	unsigned int b = next(pr);
	int cpu = (int)(next(pr) % (unsigned int)sim_nr_cpus(s->sim));
	const struct zone *z = sim_zone(s->sim, 0, (int)(next(pr) % MAX_NR_ZONES));

	s->op = "drain";
	switch (b % 4) {
	case 0: drain_local_pages(s->sim, cpu, NULL); break;
	case 1: drain_local_pages(s->sim, cpu, z); break;
	case 2: drain_all_pages(s->sim, NULL); break;
	default: drain_all_pages(s->sim, z); break;
	}
}

static int pick_pid(struct state *s, unsigned int b)
{
	if (!s->nr_pids || b >= 0xf0)
		return (int)(b & 7) * 500 - 1;	/* -1, 499 (none), 999, 1000 (bash), ... */
	return s->pids[b % (unsigned int)s->nr_pids];
}

static void op_task(struct state *s, struct prog *pr)
{
	static const char *const comms[] = { "hog", "cat", "db", "a", "x-y_z.1", "", "9lives",
					     "has space", "fifteen_chars15", "sixteen_chars_16" };
	unsigned int what = next(pr) % 7, b = next(pr), c = next(pr);
	enum task_mem kind = (enum task_mem)(c % 3);
	unsigned long n = next(pr) % 128;
	int pid = pick_pid(s, b);
	long rc;

	switch (what) {
	case 0:
		s->op = "task_spawn";
		rc = task_spawn(s->sim, comms[b % (sizeof(comms) / sizeof(comms[0]))],
				(int)(c % 21) * 100 - 1000, (int)(n % 4) - 1, 0);
		if (rc > 0 && s->nr_pids < MAX_PIDS)
			s->pids[s->nr_pids++] = (int)rc;
		break;
	case 1:
		s->op = "task_touch";
		rc = task_touch(s->sim, pid, kind, n);
		break;
	case 2:
		s->op = "task_access";
		rc = task_access(s->sim, pid, kind, n);
		break;
	case 3:
		s->op = "task_unmap";
		rc = task_unmap(s->sim, pid, kind, n);
		break;
	case 4:
		s->op = "task_set_oom_score_adj";
		rc = task_set_oom_score_adj(s->sim, pid, (int)(n * 20) - 1200);
		break;
	case 5:
		s->op = "task_set_current";
		rc = task_set_current(s->sim, pid);
		break;
	default:
		s->op = "task_exit";
		rc = task_exit(s->sim, pid);
		break;
	}
	if (rc < 0 && rc != -EINVAL && rc != -ESRCH && rc != -EPERM && rc != -ENOSPC)
		fuzz_fail("%s returned %ld", s->op, rc);
	failed(s, rc);
}

static void op_sysctl(struct state *s, struct prog *pr)
{
	static const char *const set[][2] = {
		{ "vm.min_free_kbytes", "128" }, { "vm.min_free_kbytes", "4096" },
		{ "vm.min_free_kbytes", "0" }, { "vm.min_free_kbytes", "99999999999" },
		{ "vm.watermark_scale_factor", "1" }, { "vm.watermark_scale_factor", "1000" },
		{ "vm.watermark_scale_factor", "1001" }, { "vm.lowmem_reserve_ratio", "1 1 1 1" },
		{ "vm.lowmem_reserve_ratio", "256 256 32 1" }, { "vm.lowmem_reserve_ratio", "256" },
		{ "vm.percpu_pagelist_fraction", "8" }, { "vm.percpu_pagelist_fraction", "0" },
		{ "vm.percpu_pagelist_fraction", "7" }, { "vm.extfrag_threshold", "0" },
		{ "vm.extfrag_threshold", "1000" }, { "vm.swappiness", "100" },
		{ "vm.swappiness", "0" }, { "vm.laptop_mode", "1" }, { "vm.panic_on_oom", "1" },
		{ "vm.oom_kill_allocating_task", "1" }, { "vm.dirty_ratio", "1" },
		{ "vm.nonsense", "1" }, { "vm.swappiness", "-1" }, { "vm.swappiness", "" },
	};
	unsigned int b = next(pr);
	long rc;

	if (b & 1) {
		unsigned long pages = (unsigned long)(b >> 1) * 64;

		s->op = "swap_set_size";
		rc = swap_set_size(s->sim, b >= 0xf0 ? (1UL << 30) + 1 : pages);
	} else {
		b >>= 1;
		s->op = "sim_sysctl_set";
		rc = sim_sysctl_set(s->sim, set[b % (sizeof(set) / sizeof(set[0]))][0],
				    set[b % (sizeof(set) / sizeof(set[0]))][1]);
	}
	failed(s, rc);
}

static void run_op(struct state *s, struct prog *pr)
{
	unsigned int op = next(pr) % 20, b;
	long rc;

	fuzz_snap_take(&s->snap, s->sim);
	switch (op) {
	case 0: case 1: case 2: case 3:
		op_alloc(s, pr);
		break;
	case 4:
		op_start(s, pr);
		break;
	case 5: case 6:
		op_step(s, pr);
		break;
	case 7: case 8: case 9:
		op_free(s, pr);
		break;
	case 10:
		op_free_any(s, pr);
		break;
	case 11:
		op_drain(s, pr);
		break;
	case 12: case 13:
		op_task(s, pr);
		break;
	case 14:
		b = next(pr);
		s->op = "kernel_slab_alloc";
		rc = kernel_slab_alloc(s->sim, 1 + b % 64, b & 0x80);
		if (rc < 0)
			fuzz_fail("kernel_slab_alloc returned %ld", rc);
		break;
	case 15:
		s->op = "sim_tick";
		sim_tick(s->sim, 1 + 2 * next(pr));
		break;
	case 16:
		s->op = "sim_set_cpu";
		b = next(pr) % (unsigned int)(sim_nr_cpus(s->sim) + 2);
		rc = sim_set_cpu(s->sim, (int)b);
		if (!rc != (b < (unsigned int)sim_nr_cpus(s->sim)))
			fuzz_fail("sim_set_cpu(%u) returned %ld", b, rc);
		failed(s, rc);
		break;
	case 17:
		op_sysctl(s, pr);
		break;
	case 18:
		if (s->busy[0] || s->busy[1])
			break;
		s->op = "free_all_pages";
		free_all_pages(s->sim);
		s->nr_held = 0;
		break;
	default:
		s->op = "sim_nr_free_pages";
		if (sim_nr_free_pages(s->sim) > sim_max_pfn(s->sim))
			fuzz_fail("sim_nr_free_pages %lu > max_pfn %lu", sim_nr_free_pages(s->sim),
				  sim_max_pfn(s->sim));
		break;
	}
	fuzz_check_sim(s->sim, s->op);
}

int fuzz_alloc(const uint8_t *data, size_t size)
{
	static struct state s;
	struct sim_config cfg;
	struct prog pr = { data, size < ALLOC_INPUT_MAX ? size : ALLOC_INPUT_MAX };
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	memset(&s, 0, sizeof(s));
	s.snap.brief = true;	/* a snapshot before every operation: keep it cheap */
	cfg.seed = 1;
	if (machine_preset("tiny", &cfg.machine) || sim_create(&cfg, &s.sim, err, sizeof(err))) {
		fuzz_fail("the tiny preset does not boot");
		return 0;
	}
	for (int i = 0; i < MAX_OPS && pr.n; i++)
		run_op(&s, &pr);

	/* finish what is in flight, then give everything back */
	s.op = "finishing";
	for (int i = 0; i < 2; i++)
		if (s.busy[i]) {
			if (!step(&s, &s.slot[i], STEP_CAP))
				fuzz_fail("a stepped request still running after %d stages", STEP_CAP);
			else
				hold(&s, &s.slot[i]);
		}
	for (int i = 0; i < s.nr_held; i++)
		if (free_pages(s.sim, s.held[i].pfn, -1))
			fuzz_fail("freeing pfn %#lx at the end: %s", s.held[i].pfn,
				  sim_errmsg(s.sim));
	for (int i = 0; i < s.nr_pids; i++) {
		int rc = task_exit(s.sim, s.pids[i]);

		if (rc && rc != -ESRCH)
			fuzz_fail("task_exit(%d) at the end returned %d", s.pids[i], rc);
	}
	drain_all_pages(s.sim, NULL);
	fuzz_check_sim(s.sim, "freeing everything");
	sb_release(&s.snap.text);
	sim_destroy(s.sim);
	return 0;
}

FUZZ_TARGET(fuzz_alloc)
