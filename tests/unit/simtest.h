/* tests/unit/simtest.h - booting machines for unit tests. */
#ifndef SIMTEST_H
#define SIMTEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "testhelp.h"

/* The whole file @path, NUL-terminated (caller frees), or NULL. */
static inline char *test_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf)
			buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* Boot @m under @kernel (kernel.h). */
static inline struct sim *boot_desc_kernel(const struct machine_desc *m, unsigned long seed,
					   enum kernel_version kernel)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = *m;
	cfg.seed = seed;
	cfg.kernel = kernel;
	if (sim_create(&cfg, &sim, err, sizeof(err))) {
		printf("boot failed: %s\n", err);
		return NULL;
	}
	return sim;
}

/* Boot @m under the default kernel, v4.5. */
static inline struct sim *boot_desc(const struct machine_desc *m, unsigned long seed)
{
	return boot_desc_kernel(m, seed, KERNEL_DEFAULT);
}

static inline struct sim *boot_preset_kernel(const char *name, enum kernel_version kernel)
{
	struct machine_desc m;

	if (machine_preset(name, &m)) {
		printf("no preset %s\n", name);
		return NULL;
	}
	return boot_desc_kernel(&m, 1, kernel);
}

static inline struct sim *boot_preset(const char *name)
{
	return boot_preset_kernel(name, KERNEL_DEFAULT);
}

/* One node, one zone of @zid at @start with @pages pages, all managed,
 * under @kernel. */
static inline struct sim *boot_one_zone_kernel(int zid, unsigned long start, unsigned long pages,
					       int cpus, enum kernel_version kernel)
{
	struct machine_desc m;

	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "test");
	m.nr_nodes = 1;
	m.nodes[0].nr_cpus = cpus;
	m.nodes[0].zones[zid] = (struct zone_desc){ start, pages, pages, pages };
	m.distance[0][0] = 10;
	return boot_desc_kernel(&m, 1, kernel);
}

static inline struct sim *boot_one_zone(int zid, unsigned long start, unsigned long pages,
					int cpus)
{
	return boot_one_zone_kernel(zid, start, pages, cpus, KERNEL_DEFAULT);
}

/* Two small nodes, one cpu each: node 0 has DMA32 16..48 MiB; node 1 has
 * DMA32 48..64 MiB and 16 MiB of Normal at 4 GiB. Distance 20. */
static inline struct machine_desc two_nodes_desc(void)
{
	struct machine_desc m;

	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "two");
	m.nr_nodes = 2;
	m.nodes[0].nr_cpus = 1;
	m.nodes[1].nr_cpus = 1;
	m.nodes[0].zones[ZONE_DMA32] = (struct zone_desc){ 4096, 8192, 8192, 8192 };
	m.nodes[1].zones[ZONE_DMA32] = (struct zone_desc){ 12288, 4096, 4096, 4096 };
	m.nodes[1].zones[ZONE_NORMAL] = (struct zone_desc){ 1UL << 20, 4096, 4096, 4096 };
	m.distance[0][0] = m.distance[1][1] = 10;
	m.distance[0][1] = m.distance[1][0] = 20;
	return m;
}

static inline struct sim *boot_two_nodes_kernel(enum kernel_version kernel)
{
	struct machine_desc m = two_nodes_desc();

	return boot_desc_kernel(&m, 1, kernel);
}

/* Run on node @nid's first cpu with that node full of kernel pages
 * (__GFP_THISNODE keeps them home). Return: 0, or -1 if no cpu is there. */
static inline int fill_node_and_run_there(struct sim *sim, int nid)
{
	int cpu = -1;

	for (int c = 0; c < sim_nr_cpus(sim) && cpu < 0; c++)
		if (sim_cpu_to_node(sim, c) == nid)
			cpu = c;
	if (cpu < 0 || sim_set_cpu(sim, cpu))
		return -1;
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_THISNODE | GFP_F_NORETRY | GFP_F_NOWARN, 0)
	       != PFN_NONE)
		;
	return 0;
}

/* The sequence number of the first narration (bs_alloc_stage) event since
 * @from that contains @text, plus one; 0 if there is none. */
static inline uint64_t narrated_at(const struct sim *sim, uint64_t from, const char *text)
{
	struct trace_event ev[64];
	uint64_t lost;
	size_t got;

	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_bs_alloc_stage && strstr(ev[i].msg, text))
				return ev[i].seq + 1;
	return 0;
}

/* Is there a narration event since @from containing @text? */
static inline bool narrated(const struct sim *sim, uint64_t from, const char *text)
{
	return narrated_at(sim, from, text) != 0;
}

/* Run a narrated request to the end; *@from is where its events start. */
static inline unsigned long run_narrated(struct sim *sim, struct alloc_request *req, gfp_t gfp,
					 unsigned int order, uint64_t *from)
{
	*from = trace_next_seq(sim);
	if (alloc_request_init_any_order(sim, req, gfp, order))
		return PFN_NONE;
	req->narrate = true;
	return alloc_run(sim, req);
}

/* Does the kernel log hold @text? Prints the log if not. */
static inline bool dmesg_has(const struct sim *sim, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	bool found;

	sim_dmesg_show(sim, &sb, 0);
	found = strstr(sb_str(&sb), text) != NULL;
	if (!found)
		printf("dmesg lacks '%s':\n%s", text, sb_str(&sb));
	sb_release(&sb);
	return found;
}

/* Check every invariant; print the report on failure. Return: 1 if clean. */
static inline int invariants_hold(const struct sim *sim)
{
	struct strbuf sb = STRBUF_INIT;
	int n = sim_check(sim, &sb);

	if (n)
		printf("%s", sb_str(&sb));
	sb_release(&sb);
	return n == 0;
}

#endif
