/* tests/unit/test_check.c - sim_check() finds each kind of corruption.
 *
 * The soak, the fuzz targets and every `check` trust sim_check() to say
 * when an invariant broke; a test that the checker stays quiet on a good
 * machine proves nothing about that. Here each invariant is broken on its
 * own on a fresh tiny machine (through the same writers the engine uses)
 * and the report must name it.
 */
#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

static struct zone *dma32(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_DMA32];
}

/* The first block on @z's order-@o free list of type @mt. */
static uint32_t first_free(struct sim *sim, int o, int mt)
{
	return lnk(&sim->map, dma32(sim)->free_area[o].free_list[mt])->next;
}

/* sim_check finds something, and its report holds @what. */
static bool reports(struct sim *sim, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int n = sim_check(sim, &sb);
	bool found = n > 0 && strstr(sb_str(&sb), what) != NULL;

	if (!found)
		printf("  sim_check found %d, wanted '%s' in:\n%s", n, what, sb_str(&sb));
	sb_release(&sb);
	return found;
}

/* A tiny machine after one order-0 page went out and came back. */
static struct sim *boot(void)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	unsigned long pfn;

	if (!sim)
		return NULL;
	if (alloc_request_init(sim, &req, GFP_KERNEL, 0) ||
	    (pfn = alloc_run(sim, &req)) == PFN_NONE || free_pages(sim, pfn, 0)) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

TEST(check_quiet_on_a_good_machine)
{
	struct sim *sim = boot();

	REQUIRE(sim);
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	sim_destroy(sim);
}

TEST(check_finds_block_and_flag_damage)
{
	struct sim *sim = boot();
	uint32_t id;

	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	REQUIRE(!(id & LIST_HEAD_BIT));
	page_w(&sim->map, id)->flags &= (uint16_t)~PG_buddy;	/* a free block looks allocated */
	page_w(&sim->map, id)->flags |= PG_head;
	CHECK(reports(sim, "is on the list without its flag"));
	CHECK(reports(sim, "free blocks exist"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page_w(&sim->map, id + 1)->flags |= PG_head;		/* a block inside a block */
	CHECK(reports(sim, "overlaps pfn"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page_w(&sim->map, id)->order = MAX_ORDER;		/* an order no block has */
	CHECK(reports(sim, "is misaligned or leaves the zone"));
	sim_destroy(sim);
}

TEST(check_finds_list_damage)
{
	struct sim *sim = boot();
	uint32_t id, next;

	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	next = lnk(&sim->map, id)->next;
	REQUIRE(!(next & LIST_HEAD_BIT));
	lnk_w(&sim->map, next)->prev = next;			/* a bad back link */
	CHECK(reports(sim, "has a bad prev link"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	lnk_w(&sim->map, id)->next = (uint32_t)sim->map.max_pfn + 7;	/* a wild link */
	CHECK(reports(sim, "list corrupt"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	set_pcppage_migratetype(page_w(&sim->map, id), MIGRATE_UNMOVABLE);
	CHECK(reports(sim, "records list type"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page_w(&sim->map, id)->zone_mt = (uint8_t)((page_zone_id(&sim->map.pages[id]) ^ 1) |
						  (MIGRATE_MOVABLE << 5));
	CHECK(reports(sim, "belongs to another zone"));
	CHECK(reports(sim, "has zone id"));
	sim_destroy(sim);
}

TEST(check_finds_counter_damage)
{
	struct sim *sim = boot();
	struct zone *z;

	REQUIRE(sim);
	z = dma32(sim);
	z->free_area[MAX_ORDER - 1].nr_free++;
	CHECK(reports(sim, "nr_free"));
	z->free_area[MAX_ORDER - 1].nr_free--;
	z->pageset[0].count++;
	CHECK(reports(sim, "pcp count"));
	z->pageset[0].count--;
	z->managed_pages++;
	CHECK(reports(sim, "!= managed"));
	CHECK(reports(sim, "reserved pages, expected present - managed"));
	z->managed_pages--;
	z->present_pages--;
	CHECK(reports(sim, "hole pages, expected spanned - present"));
	z->present_pages++;
	z->nr_reserved_highatomic = 1;
	CHECK(reports(sim, "is not whole pageblocks"));
	z->nr_reserved_highatomic = 0;
	CHECK_EQ_L(sim_check(sim, NULL), 0);		/* each was undone */
	sim_destroy(sim);
}

TEST(check_finds_a_pcp_page_that_is_also_free)
{
	/* classroom: its zones' pcp batches are big enough to keep pages */
	struct sim *sim = boot_preset("classroom");
	struct alloc_request req;
	uint32_t id = LIST_HEAD_BIT;
	unsigned long pfn;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	REQUIRE((pfn = alloc_run(sim, &req)) != PFN_NONE);
	REQUIRE(free_pages(sim, pfn, 0) == 0);
	for (int zid = 0; zid < MAX_NR_ZONES && (id & LIST_HEAD_BIT); zid++) {
		struct zone *z = &sim->node_data[0]->node_zones[zid];

		for (int cpu = 0; cpu < z->nr_cpus && (id & LIST_HEAD_BIT); cpu++)
			for (int mt = 0; mt < MIGRATE_PCPTYPES && (id & LIST_HEAD_BIT); mt++)
				id = lnk(&sim->map, z->pageset[cpu].lists[mt])->next;
	}
	REQUIRE(!(id & LIST_HEAD_BIT));
	page_w(&sim->map, id)->flags |= PG_buddy;
	CHECK(reports(sim, "is on a pcp list and something else"));
	sim_destroy(sim);
}

TEST(check_report_stops_at_twenty_lines)
{
	struct sim *sim = boot();
	struct strbuf sb = STRBUF_INIT;
	int lines = 0;
	uint32_t id;

	REQUIRE(sim);
	/* a free order-10 block loses its flag: 1024 pages in no block */
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page_w(&sim->map, id)->flags &= (uint16_t)~PG_buddy;
	CHECK(sim_check(sim, &sb) > 1000);
	CHECK(strstr(sb_str(&sb), "belongs to no block") != NULL);
	CHECK(strstr(sb_str(&sb), "more\n") != NULL);
	for (const char *p = sb_str(&sb); *p; p++)
		lines += *p == '\n';
	CHECK_EQ_L(lines, 21);				/* 20 and "... and N more" */
	sb_release(&sb);
	sim_destroy(sim);
}

/* Damage test_check's other tests leave alone: two free buddies of one
 * order side by side, a pageblock of no migratetype, a page flagged pcp
 * that no pcp list holds, and a pcp block out of alignment. */
TEST(check_finds_unmerged_buddies_and_bad_types)
{
	struct sim *sim = boot();
	uint32_t id;
	struct page *p;

	REQUIRE(sim);
	/* a free order-10 block as two order-9 halves, both free */
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	REQUIRE(!(id & LIST_HEAD_BIT));
	page_w(&sim->map, id)->order = MAX_ORDER - 2;
	p = page_w(&sim->map, id + (1u << (MAX_ORDER - 2)));
	p->flags = PG_buddy;
	p->order = MAX_ORDER - 2;
	set_pcppage_migratetype(p, MIGRATE_MOVABLE);
	CHECK(reports(sim, "were not merged"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	*pageblock_flags_w(&sim->map, dma32(sim)->zone_start_pfn) = MIGRATE_TYPES;
	CHECK(reports(sim, "has type 6"));
	sim_destroy(sim);

	sim = boot();
	REQUIRE(sim);
	/* an allocated order-0 page at an odd pfn flagged pcp, on no list */
	do
		id = (uint32_t)alloc_pages(sim, GFP_KERNEL, 0);
	while (id != (uint32_t)PFN_NONE && !(id & 1));
	REQUIRE(id != (uint32_t)PFN_NONE);
	p = page_w(&sim->map, id);
	p->flags = PG_pcp;
	CHECK(reports(sim, "1 pages flagged pcp, 0 on pcp lists"));
	p->order = 1;	/* an order-1 pcp block at an odd pfn */
	CHECK(reports(sim, "is misaligned"));
	sim_destroy(sim);
}
