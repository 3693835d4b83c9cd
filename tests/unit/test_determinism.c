/* tests/unit/test_determinism.c - same seed, same operations, same state and
 * the same event stream, byte for byte; another seed, another run. */
#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "simtest.h"

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

/* A mixed workload driven by the sim's own PRNG: tasks, page cache, kernel
 * allocations of every order, frees, ticks. Return: a digest of the final
 * pages, counters, /proc/vmstat and every trace line. */
static uint64_t workload(uint64_t seed)
{
	struct machine_desc m;
	struct sim *sim;
	struct strbuf sb = STRBUF_INIT;
	struct trace_event ev[256];
	uint64_t h = 0xcbf29ce484222325ULL, cur = 0;
	unsigned long held[512];
	int nheld = 0, pids[3];
	char line[512];
	size_t n;

	if (machine_preset("tiny", &m))
		return 0;
	sim = boot_desc(&m, seed);
	if (!sim)
		return 0;
	swap_set_size(sim, 512);
	pids[0] = task_spawn(sim, "db", 0, -1, 0);
	pids[1] = task_spawn(sim, "web", 300, -1, 0);
	pids[2] = task_spawn(sim, "cache", -200, -1, 0);
	for (int i = 0; i < 3000; i++) {
		uint64_t r = sim_random_below(sim, 100);
		int pid = pids[sim_random_below(sim, 3)];

		if (r < 30 && task_find(sim, pid))
			task_touch(sim, pid, (enum task_mem)sim_random_below(sim, 3),
				   1 + sim_random_below(sim, 64));
		else if (r < 60 && nheld < 512) {
			unsigned long pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NOWARN,
							(unsigned int)sim_random_below(sim, 5));

			if (pfn != PFN_NONE)
				held[nheld++] = pfn;
		} else if (r < 85 && nheld) {
			unsigned long k = sim_random_below(sim, (uint64_t)nheld);

			free_pages(sim, held[k], -1);
			held[k] = held[--nheld];
		} else if (r < 95) {
			sim_tick(sim, 1 + sim_random_below(sim, 20));
		} else if (task_find(sim, pid)) {
			task_access(sim, pid, TASK_FILE, 16);
		}
		while ((n = trace_read(sim, &cur, ev, 256, NULL)) > 0)
			for (size_t k = 0; k < n; k++) {
				trace_format(&ev[k], line, sizeof(line));
				h = fnv(h, line, strlen(line));
			}
	}
	h = fnv(h, sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	procfs_show_vmstat(sim, &sb);
	sim_dmesg_show(sim, &sb, 0);
	h = fnv(h, sb_str(&sb), sb.len);
	if (!invariants_hold(sim))
		h = 0;
	sb_release(&sb);
	sim_destroy(sim);
	return h;
}

TEST(determinism_same_seed_same_everything)
{
	uint64_t a = workload(42), b = workload(42), c = workload(43);

	CHECK(a != 0);
	CHECK(a == b);
	CHECK(a != c);
}
