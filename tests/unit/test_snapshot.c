/* tests/unit/test_snapshot.c - checkpoints: going back and forth restores
 * the state byte for byte, deltas hold only the chunks that changed, and
 * dropping a checkpoint merges its deltas without losing the others. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/snapshot.h"
#include "buddyscope/task.h"
#include "simtest.h"

/* ---- canonical views of the state ---- */

static void put(struct strbuf *sb, const void *p, size_t n)
{
	sb_add(sb, (const char *)p, n);
}


/* Every byte of engine state, written out independently of what sim.c
 * registers: struct sim but its error message, the big arrays, the nodes,
 * the pagesets and the list heads. Two dumps of one sim are equal iff its
 * state is. */
static void dump(const struct sim *sim, struct strbuf *out)
{
	sb_reset(out);
	put(out, sim, offsetof(struct sim, errmsg));
	put(out, sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	put(out, sim->map.pageblock_flags, (sim->map.max_pfn >> pageblock_order) + 1);
	put(out, sim->map.heads, sim->map.nr_heads * sizeof(struct list_link));
	put(out, sim->trace.ev, TRACE_RING_SIZE * sizeof(struct trace_event));
	put(out, sim->dmesg.lines, (size_t)DMESG_LINES * DMESG_LINE_LEN);
	put(out, sim->tbuf.ev, TRACE_BUFFER_SIZE * sizeof(struct trace_event));
	put(out, sim->sampling.samples, SAMPLES_LEN * sizeof(struct sample));
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		put(out, sim->node_data[nid], sizeof(struct pglist_data));
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			put(out, sim->node_data[nid]->node_zones[zid].pageset,
			       (size_t)sim->nr_cpus * sizeof(struct per_cpu_pages));
	}
}

/* The same for two different sims (a clone): host pointers replaced by what
 * they point at, field by field. */
static void canon(const struct sim *sim, struct strbuf *out)
{
	struct sim *s = malloc(sizeof(*s));
	struct pglist_data *pg = malloc(sizeof(*pg));

	memcpy(s, sim, sizeof(*s));
	memset(&s->map.pages, 0, sizeof(s->map.pages));
	s->map.heads = NULL;
	memset(&s->map.pageblock_flags, 0, sizeof(s->map.pageblock_flags));
	s->map.pages_rgn = s->map.pageblock_rgn = NULL;
	s->map.pages_saved = NULL;
	s->trace.scratch = NULL;
	memset(s->node_data, 0, sizeof(s->node_data));
	memset(s->zone_by_id, 0, sizeof(s->zone_by_id));
	s->trace.ev = NULL;
	s->trace.rgn = NULL;
	s->dmesg.lines = NULL;
	s->dmesg.rgn = NULL;
	s->tbuf.ev = NULL;
	s->tbuf.rgn = NULL;
	s->sampling.samples = NULL;
	s->sampling.rgn = NULL;
	s->snap = NULL;
	memset(s->errmsg, 0, sizeof(s->errmsg));
	sb_reset(out);
	put(out, s, sizeof(*s));
	put(out, sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	put(out, sim->map.pageblock_flags, (sim->map.max_pfn >> pageblock_order) + 1);
	put(out, sim->map.heads, sim->map.nr_heads * sizeof(struct list_link));
	put(out, sim->trace.ev, TRACE_RING_SIZE * sizeof(struct trace_event));
	put(out, sim->dmesg.lines, (size_t)DMESG_LINES * DMESG_LINE_LEN);
	put(out, sim->tbuf.ev, TRACE_BUFFER_SIZE * sizeof(struct trace_event));
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		memcpy(pg, sim->node_data[nid], sizeof(*pg));
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pg->node_zones[zid];

			put(out, z->pageset, (size_t)sim->nr_cpus * sizeof(struct per_cpu_pages));
			z->zone_pgdat = NULL;
			z->pageset = NULL;
			z->map = NULL;
		}
		for (int l = 0; l < MAX_ZONELISTS; l++)
			for (struct zoneref *zr = pg->node_zonelists[l]._zonerefs; zr->zone; zr++)
				zr->zone = (struct zone *)(uintptr_t)(zr->zone->id + 1);
		put(out, pg, sizeof(*pg));
	}
	free(pg);
	free(s);
}

static bool same(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

/* ---- a workload driven by the sim's own PRNG (so it is state too) ---- */

static void workload(struct sim *sim, int ops)
{
	for (int i = 0; i < ops; i++) {
		uint64_t r = sim_random_below(sim, 100);
		const struct task *t = task_at(sim, 1 + (int)sim_random_below(sim, 3));
		unsigned long pfn;

		if (r < 30 && t) {
			task_touch(sim, t->pid, (enum task_mem)sim_random_below(sim, 3),
				   1 + sim_random_below(sim, 48));
		} else if (r < 55) {
			pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NOWARN,
					  (unsigned int)sim_random_below(sim, 5));
			(void)pfn;
		} else if (r < 75) {
			/* free some allocated block: scan from a random pfn */
			unsigned long start = sim_random_below(sim, sim->map.max_pfn);

			for (pfn = start; pfn < sim->map.max_pfn; pfn++) {
				const struct page *p = &sim->map.pages[pfn];

				if ((p->flags & PG_head) && !(p->flags & (PG_lru | PG_slab)) &&
				    p->private == 0 && !free_pages(sim, pfn, -1))
					break;
			}
		} else if (r < 90) {
			sim_tick(sim, 1 + sim_random_below(sim, 30));
		} else if (r < 95 && t) {
			task_unmap(sim, t->pid, TASK_ANON, 1 + sim_random_below(sim, 32));
		} else if (t) {
			task_access(sim, t->pid, TASK_FILE, 16);
		}
	}
}

static struct sim *boot_busy(const char *preset)
{
	struct sim *sim = boot_preset(preset);

	if (!sim)
		return NULL;
	swap_set_size(sim, 1024);
	task_spawn(sim, "db", 0, -1, 0);
	task_spawn(sim, "web", 300, -1, 0);
	task_spawn(sim, "cache", -200, -1, 0);
	return sim;
}

/* ---- tests ---- */

TEST(snapshot_goto_restores_what_a_clone_saw)
{
	struct sim *sim = boot_busy("tiny"), *copy = NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint64_t c0;

	REQUIRE(sim);
	workload(sim, 150);
	REQUIRE(sim_clone(sim, &copy) == 0);
	REQUIRE(snapshot_take(sim, &c0) == 0);
	workload(sim, 300);
	canon(sim, &a);
	canon(copy, &b);
	CHECK(!same(&a, &b));		/* the workload did change things */
	CHECK(snapshot_changed(sim));
	CHECK_EQ_L(snapshot_goto(sim, c0), 0);
	canon(sim, &a);
	CHECK(same(&a, &b));
	CHECK(!snapshot_changed(sim));
	CHECK(invariants_hold(sim));
	/* and the same operations again give the same state again */
	workload(sim, 300);
	workload(copy, 300);
	canon(sim, &a);
	canon(copy, &b);
	CHECK(same(&a, &b));
	sb_release(&a);
	sb_release(&b);
	sim_destroy(copy);
	sim_destroy(sim);
}

TEST(snapshot_deltas_hold_only_changed_chunks)
{
	struct sim *sim = boot_busy("classroom");
	struct snapshot_stats st;
	struct strbuf sb = STRBUF_INIT;
	uint64_t c0, c1;
	size_t n;

	REQUIRE(sim);
	REQUIRE(snapshot_take(sim, &c0) == 0);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.open_chunks, 0);
	CHECK(st.tracked_size > sim->map.max_pfn * sizeof(struct page));
	/* reading changes nothing */
	procfs_show_buddyinfo(sim, &sb);
	procfs_show_zoneinfo(sim, &sb);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.open_chunks, 0);
	CHECK(!snapshot_changed(sim));
	/* one order-3 allocation: its page, its buddies' pages, a trace slot */
	REQUIRE(alloc_pages(sim, GFP_KERNEL, 3) != PFN_NONE);
	snapshot_stats(sim, &st);
	n = st.open_chunks;
	CHECK(n >= 2 && n <= 6);
	CHECK(snapshot_changed(sim));
	REQUIRE(snapshot_take(sim, &c1) == 0);
	CHECK_EQ_UL(snapshot_transition_chunks(sim, 0), n);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.open_chunks, 0);
	CHECK_EQ_UL(st.chunks, n);
	/* memory: the chunks, two copies of the small state, the tables */
	CHECK(st.bytes >= n * SNAP_CHUNK_SIZE / 2 + 2 * st.small_size);
	CHECK(st.bytes < n * SNAP_CHUNK_SIZE + 2 * st.small_size + (1u << 20));
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(snapshot_back_forward_drop_and_merge)
{
	struct sim *sim = boot_busy("tiny");
	struct strbuf d[4], now = STRBUF_INIT;
	uint64_t c[4];

	REQUIRE(sim);
	for (int i = 0; i < 4; i++) {
		sb_init(&d[i]);
		if (i)
			workload(sim, 120);
		REQUIRE(snapshot_take(sim, &c[i]) == 0);
		dump(sim, &d[i]);
	}
	CHECK(!same(&d[0], &d[3]));
	/* back, forward, and back again by more than one */
	int order[] = { 1, 3, 0, 2, 2, 3, 0 };
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		CHECK_EQ_L(snapshot_goto(sim, c[order[k]]), 0);
		dump(sim, &now);
		CHECK(same(&now, &d[order[k]]));
	}
	/* at c0: drop c2 (ahead: redo images merge, the newer wins) */
	CHECK_EQ_L(snapshot_drop(sim, c[0]), -EBUSY);
	CHECK_EQ_L(snapshot_drop(sim, c[2]), 0);
	CHECK_EQ_L(snapshot_goto(sim, c[2]), -ENOENT);
	CHECK_EQ_L(snapshot_goto(sim, c[3]), 0);
	dump(sim, &now);
	CHECK(same(&now, &d[3]));
	/* at c3: drop c1 (behind: undo images merge, the older wins) */
	CHECK_EQ_L(snapshot_drop(sim, c[1]), 0);
	CHECK_EQ_L(snapshot_goto(sim, c[0]), 0);
	dump(sim, &now);
	CHECK(same(&now, &d[0]));
	CHECK_EQ_L(snapshot_goto(sim, c[3]), 0);
	/* drop the oldest: it is gone, the rest stays */
	CHECK_EQ_L(snapshot_drop(sim, c[0]), 0);
	CHECK_EQ_L(snapshot_goto(sim, c[0]), -ENOENT);
	dump(sim, &now);
	CHECK(same(&now, &d[3]));
	CHECK(invariants_hold(sim));
	for (int i = 0; i < 4; i++)
		sb_release(&d[i]);
	sb_release(&now);
	sim_destroy(sim);
}

TEST(snapshot_new_checkpoint_after_back_forgets_the_future)
{
	struct sim *sim = boot_busy("tiny");
	struct strbuf d0 = STRBUF_INIT, now = STRBUF_INIT;
	struct snapshot_stats st;
	uint64_t c0, c1, c2;

	REQUIRE(sim);
	REQUIRE(snapshot_take(sim, &c0) == 0);
	dump(sim, &d0);
	workload(sim, 100);
	REQUIRE(snapshot_take(sim, &c1) == 0);
	REQUIRE(snapshot_goto(sim, c0) == 0);
	/* uncheckpointed writes are dropped by a goto to the current one */
	workload(sim, 50);
	CHECK(snapshot_changed(sim));
	REQUIRE(snapshot_goto(sim, c0) == 0);
	dump(sim, &now);
	CHECK(same(&now, &d0));
	workload(sim, 30);
	REQUIRE(snapshot_take(sim, &c2) == 0);
	CHECK_EQ_L(snapshot_goto(sim, c1), -ENOENT);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.nr_points, 2);
	REQUIRE(snapshot_goto(sim, c0) == 0);
	dump(sim, &now);
	CHECK(same(&now, &d0));
	snapshot_clear(sim);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.nr_points, 0);
	CHECK_EQ_UL(st.chunks, 0);
	CHECK_EQ_L(snapshot_goto(sim, c0), -ENOENT);
	sb_release(&d0);
	sb_release(&now);
	sim_destroy(sim);
}

TEST(snapshot_changed_means_different_bytes)
{
	struct sim *sim = boot_busy("tiny");
	struct strbuf sb = STRBUF_INIT;
	uint64_t c0;

	REQUIRE(sim);
	CHECK(snapshot_changed(sim));		/* no checkpoint yet */
	REQUIRE(snapshot_take(sim, &c0) == 0);
	CHECK(!snapshot_changed(sim));
	/* a setter that writes the value it had: no change */
	sim_sysctl_get(sim, "vm.swappiness", &sb);
	REQUIRE(sim_sysctl_set(sim, "vm.swappiness", sb_str(&sb)) == 0);
	CHECK(!snapshot_changed(sim));
	/* an error message is not state */
	CHECK(free_pages(sim, 0, 0) < 0);
	CHECK(sim_errmsg(sim)[0] != '\0');
	CHECK(!snapshot_changed(sim));
	REQUIRE(sim_sysctl_set(sim, "vm.min_free_kbytes", "2048") == 0);
	CHECK(snapshot_changed(sim));
	REQUIRE(snapshot_goto(sim, c0) == 0);
	CHECK(!snapshot_changed(sim));
	sb_release(&sb);
	sim_destroy(sim);
}

/* Many checkpoints, random moves and drops: every goto lands on the bytes
 * recorded there, and running on from any of them is deterministic. */
TEST(snapshot_random_walk)
{
	enum { N = 40 };
	struct sim *sim = boot_busy("tiny");
	struct strbuf d[N], now = STRBUF_INIT;
	uint64_t c[N];
	bool alive[N];
	uint64_t rng = 12345;

	REQUIRE(sim);
	for (int i = 0; i < N; i++) {
		sb_init(&d[i]);
		if (i)
			workload(sim, 10 + i % 7);
		REQUIRE(snapshot_take(sim, &c[i]) == 0);
		dump(sim, &d[i]);
		alive[i] = true;
	}
	for (int k = 0; k < 200; k++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		int i = (int)((rng >> 33) % N);

		if (!alive[i])
			continue;
		if ((rng >> 20) % 5 == 0 && i != 0) {
			int err = snapshot_drop(sim, c[i]);

			CHECK(err == 0 || err == -EBUSY);
			if (!err)
				alive[i] = false;
			continue;
		}
		CHECK_EQ_L(snapshot_goto(sim, c[i]), 0);
		dump(sim, &now);
		CHECK(same(&now, &d[i]));
	}
	/* from the oldest, the recorded future happens again */
	CHECK_EQ_L(snapshot_goto(sim, c[0]), 0);
	workload(sim, 10 + 1 % 7);
	dump(sim, &now);
	CHECK(same(&now, &d[1]));
	CHECK(invariants_hold(sim));
	for (int i = 0; i < N; i++)
		sb_release(&d[i]);
	sb_release(&now);
	sim_destroy(sim);
}

TEST(snapshot_reset_and_clone_track_their_own_arrays)
{
	struct sim *sim = boot_busy("tiny"), *copy = NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint64_t c0;

	REQUIRE(sim);
	workload(sim, 50);
	REQUIRE(sim_clone(sim, &copy) == 0);
	REQUIRE(snapshot_take(copy, &c0) == 0);
	dump(copy, &a);
	workload(copy, 80);
	REQUIRE(snapshot_goto(copy, c0) == 0);
	dump(copy, &b);
	CHECK(same(&a, &b));
	CHECK(sim_reset(sim) == 0);
	REQUIRE(snapshot_take(sim, &c0) == 0);
	dump(sim, &a);
	workload(sim, 80);
	REQUIRE(snapshot_goto(sim, c0) == 0);
	dump(sim, &b);
	CHECK(same(&a, &b));
	sb_release(&a);
	sb_release(&b);
	sim_destroy(copy);
	sim_destroy(sim);
}

/* A checkpoint inserted behind others keeps them reachable, both ways. */
TEST(snapshot_insert_keeps_the_future)
{
	struct sim *sim = boot_busy("tiny");
	struct strbuf d[4], now = STRBUF_INIT;
	uint64_t c[4];
	int order[] = { 3, 0, 2, 1, 3, 2, 0, 1 };

	REQUIRE(sim);
	for (int i = 0; i < 4; i++)
		sb_init(&d[i]);
	REQUIRE(snapshot_take(sim, &c[0]) == 0);
	dump(sim, &d[0]);
	workload(sim, 60);
	REQUIRE(snapshot_take(sim, &c[2]) == 0);
	dump(sim, &d[2]);
	workload(sim, 60);
	REQUIRE(snapshot_take(sim, &c[3]) == 0);
	dump(sim, &d[3]);
	/* from c0, somewhere else, inserted between c0 and c2 */
	REQUIRE(snapshot_goto(sim, c[0]) == 0);
	workload(sim, 25);
	REQUIRE(snapshot_insert(sim, &c[1]) == 0);
	dump(sim, &d[1]);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		CHECK_EQ_L(snapshot_goto(sim, c[order[k]]), 0);
		dump(sim, &now);
		CHECK(same(&now, &d[order[k]]));
	}
	/* and it merges like any other */
	CHECK_EQ_L(snapshot_goto(sim, c[3]), 0);
	CHECK_EQ_L(snapshot_drop(sim, c[1]), 0);
	CHECK_EQ_L(snapshot_goto(sim, c[0]), 0);
	dump(sim, &now);
	CHECK(same(&now, &d[0]));
	CHECK_EQ_L(snapshot_goto(sim, c[2]), 0);
	dump(sim, &now);
	CHECK(same(&now, &d[2]));
	for (int i = 0; i < 4; i++)
		sb_release(&d[i]);
	sb_release(&now);
	sim_destroy(sim);
}
