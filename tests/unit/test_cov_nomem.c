/* tests/unit/test_cov_nomem.c - host out of memory (STYLE.md 5: core
 * returns -ENOMEM, fuzzers and tests see it). The unit-test binary links
 * with --wrap for malloc, calloc, realloc and strndup (Makefile); these
 * wrappers fail the Nth call when a test asks. Each test fails every
 * allocation of one entry point in turn: the call returns -ENOMEM (or its
 * documented failure), leaves what it was given as it was, and leaks
 * nothing (the ASan build's LeakSanitizer checks at exit). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kmsg.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/replay.h"
#include "buddyscope/snapshot.h"
#include "simtest.h"
#include "realtest.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strndup(const char *s, size_t n);

static long fail_at = -1;	/* the call that fails; -1: none */
static long nr_calls;

static bool fail_now(void)
{
	return fail_at >= 0 && nr_calls++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

/* Fail allocation @k (0-based) from now on; -1 stops failing. */
static void fail_alloc(long k)
{
	nr_calls = 0;
	fail_at = k;
}

/* Did the last run reach allocation fail_at? (no: it needed fewer) */
static bool failed_one(void)
{
	return fail_at >= 0 && nr_calls > fail_at;
}

TEST(cov_nomem_sim_create_and_clone)
{
	struct sim_config cfg;
	struct sim *sim, *copy;
	char err[256];
	int ret, points = 0;

	memset(&cfg, 0, sizeof(cfg));
	REQUIRE(machine_preset("tiny", &cfg.machine) == 0);
	cfg.seed = 1;
	for (long k = 0; k < 500; k++) {
		sim = NULL;
		err[0] = '\0';
		fail_alloc(k);
		ret = sim_create(&cfg, &sim, err, sizeof(err));
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			sim_destroy(sim);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
		CHECK(sim == NULL);
		if (!strstr(err, "out of host memory booting 'tiny'"))
			printf("  allocation %ld: %s\n", k, err);
		CHECK(strstr(err, "out of host memory booting 'tiny'") != NULL);
	}
	CHECK(points > 10);
	/* sim_clone: the original stays whole */
	REQUIRE(sim_create(&cfg, &sim, err, sizeof(err)) == 0);
	CHECK(alloc_pages(sim, GFP_KERNEL, 3) != PFN_NONE);
	points = 0;
	for (long k = 0; k < 500; k++) {
		copy = NULL;
		fail_alloc(k);
		ret = sim_clone(sim, &copy);
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			CHECK(invariants_hold(copy));
			sim_destroy(copy);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
		CHECK(copy == NULL);
	}
	CHECK(points > 5);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A checkpoint that cannot be taken says -ENOMEM; the checkpoints held
 * stay usable (going back to one restores it). */
TEST(cov_nomem_snapshot_take)
{
	struct sim *sim = boot_preset("tiny");
	uint64_t a, b;
	int ret, points = 0;

	REQUIRE(sim);
	REQUIRE(snapshot_take(sim, &a) == 0);
	for (long k = 0; k < 200; k++) {
		CHECK(alloc_pages(sim, GFP_KERNEL, 1) != PFN_NONE);
		fail_alloc(k);
		ret = snapshot_take(sim, &b);
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
		snapshot_clear(sim);		/* a broken open delta: start over */
		REQUIRE(snapshot_take(sim, &a) == 0);
	}
	CHECK(points >= 1);
	CHECK_EQ_L(snapshot_goto(sim, a), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A page chunk that cannot be saved after a checkpoint breaks the open
 * delta: taking or going to a checkpoint says -ENOMEM until the history is
 * cleared; an insert (keeping the future) without memory says -ENOMEM too,
 * and the checkpoints stay reachable. */
TEST(cov45_nomem_snapshot_broken_and_insert)
{
	struct sim *sim = boot_preset("tiny");
	uint64_t a, b, c;
	int ret, points = 0;

	REQUIRE(sim);
	REQUIRE(snapshot_take(sim, &a) == 0);
	fail_alloc(0);
	CHECK(alloc_pages(sim, GFP_KERNEL, 3) != PFN_NONE);	/* its chunk is not saved */
	fail_alloc(-1);
	CHECK(alloc_pages(sim, GFP_KERNEL, 9) != PFN_NONE);	/* nor any after it */
	CHECK_EQ_L(snapshot_take(sim, &b), -ENOMEM);
	CHECK_EQ_L(snapshot_goto(sim, a), -ENOMEM);
	snapshot_clear(sim);
	REQUIRE(snapshot_take(sim, &a) == 0);
	CHECK(alloc_pages(sim, GFP_KERNEL, 3) != PFN_NONE);
	REQUIRE(snapshot_take(sim, &b) == 0);
	REQUIRE(snapshot_goto(sim, a) == 0);
	CHECK(alloc_pages(sim, GFP_KERNEL, 2) != PFN_NONE);
	for (long k = 0; k < 50; k++) {
		fail_alloc(k);
		ret = snapshot_insert(sim, &c);
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
	}
	CHECK(points >= 2);
	CHECK_EQ_L(snapshot_goto(sim, b), 0);
	CHECK_EQ_L(snapshot_goto(sim, a), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* replay_prepare without memory for its decoded events: -ENOMEM, and the
 * replay keeps what it had (nothing prepared: a run does nothing). */
TEST(cov45_nomem_replay_prepare)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long count[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];
	struct replay_event ev;
	struct replay *r = NULL;
	unsigned long free0;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 1, &r) == 0);
	memset(&ev, 0, sizeof(ev));
	ev.kind = RK_ZONE_LOCKED;
	ev.pfn = 0x1c40;
	free0 = sim_nr_free_pages(sim);
	fail_alloc(0);
	CHECK_EQ_L(replay_prepare(sim, r, &ev, 1), -ENOMEM);
	fail_alloc(-1);
	memset(count, 0, sizeof(count));
	replay_run(sim, r, 0, 1, count);
	CHECK_EQ_UL(count[RK_ZONE_LOCKED][RO_APPLIED], 0);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK_EQ_L(replay_prepare(sim, r, &ev, 1), 0);
	replay_run(sim, r, 0, 1, count);
	CHECK_EQ_UL(count[RK_ZONE_LOCKED][RO_APPLIED], 1);
	replay_destroy(r);
	sim_destroy(sim);
}

/* Booting a real machine's snapshot without host memory at each point in
 * turn (the layout's own allocations included): -ENOMEM and no sim. */
TEST(cov45_nomem_boot_real_machine)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct sim_config cfg;
	struct sim *sim;
	char err[512] = "";
	int ret, points = 0;

	REQUIRE(rm);
	realmachine_init(rm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = KERNEL_4_6;
	cfg.real = rm;
	if (read_dir(DATA "boot", rm, err, sizeof(err)) ||
	    realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err))) {
		printf("  %s\n", err);
		free(rm);
		CHECK(!"import failed");
		return;
	}
	for (long k = 0; k < 500; k++) {
		sim = NULL;
		fail_alloc(k);
		ret = sim_create(&cfg, &sim, err, sizeof(err));
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			CHECK(invariants_hold(sim));
			sim_destroy(sim);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
		CHECK(sim == NULL);
	}
	CHECK(points > 10);
	free(rm);
}

/* kmsg_parse, replay_create: -ENOMEM and nothing kept. */
TEST(cov_nomem_kmsg_and_replay)
{
	static const char text[] =
		"[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
		"[ 1.1] Node 0 DMA32 free:4000kB min:1000kB low:1200kB high:1400kB\n"
		"[ 1.2] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
		"oom_score_adj name\n";
	struct kmsg_log *log = malloc(sizeof(*log));
	struct sim *sim = boot_preset("tiny");
	struct replay *r;
	char err[256];
	int ret, points = 0;

	REQUIRE(log && sim);
	for (long k = 0; k < 50; k++) {
		fail_alloc(k);
		ret = kmsg_parse(text, log, err, sizeof(err));
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			CHECK_EQ_L(log->nr_kept, 1);
			kmsg_release(log);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
		CHECK_EQ_L(log->nr_kept, 0);
	}
	CHECK(points >= 2);
	points = 0;
	for (long k = 0; k < 50; k++) {
		r = NULL;
		fail_alloc(k);
		ret = replay_create(sim, REPLAY_SIMULATE, 100, &r);
		if (!failed_one()) {
			fail_alloc(-1);
			CHECK_EQ_L(ret, 0);
			replay_destroy(r);
			break;
		}
		fail_alloc(-1);
		points++;
		CHECK_EQ_L(ret, -ENOMEM);
	}
	CHECK(points >= 3);
	free(log);
	sim_destroy(sim);
}

/* strbuf: an append that cannot get memory is dropped and sets ->failed;
 * what was there stays, NUL-terminated, and later appends are dropped too.
 * A length that would overflow size_t fails the same way. */
TEST(cov_nomem_strbuf)
{
	struct strbuf sb = STRBUF_INIT;
	char big[200];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sb_puts(&sb, "kept");
	fail_alloc(0);
	sb_printf(&sb, "%s", big);		/* needs a larger buffer: refused */
	fail_alloc(-1);
	CHECK(sb.failed);
	CHECK_STR(sb_str(&sb), "kept");
	sb_puts(&sb, "more");			/* dropped: the buffer already failed */
	sb_printf(&sb, "%d", 42);
	CHECK_STR(sb_str(&sb), "kept");
	sb_release(&sb);
	CHECK(!sb.failed);
	/* the first allocation failing: nothing at all, "" to read */
	fail_alloc(0);
	sb_puts(&sb, "x");
	fail_alloc(-1);
	CHECK(sb.failed);
	CHECK_STR(sb_str(&sb), "");
	sb_release(&sb);
	sb_add(&sb, "abc", 3);
	sb_add(&sb, "abc", SIZE_MAX - 1);	/* would overflow the length */
	CHECK(sb.failed);
	CHECK_STR(sb_str(&sb), "abc");
	sb_release(&sb);
}

/* Dropping a middle checkpoint merges two deltas into a new one: without
 * memory for it, -ENOMEM and every checkpoint stays reachable. */
TEST(cov_nomem_snapshot_drop)
{
	struct sim *sim = boot_preset("tiny");
	struct snapshot_stats st;
	uint64_t id[3];

	REQUIRE(sim);
	for (int i = 0; i < 3; i++) {
		CHECK(alloc_pages(sim, GFP_KERNEL, 2) != PFN_NONE);
		REQUIRE(snapshot_take(sim, &id[i]) == 0);
	}
	fail_alloc(0);
	CHECK_EQ_L(snapshot_drop(sim, id[1]), -ENOMEM);
	fail_alloc(-1);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.nr_points, 3);
	CHECK_EQ_L(snapshot_goto(sim, id[0]), 0);
	CHECK_EQ_L(snapshot_goto(sim, id[2]), 0);
	CHECK_EQ_L(snapshot_drop(sim, id[1]), 0);
	CHECK_EQ_L(snapshot_goto(sim, id[0]), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
