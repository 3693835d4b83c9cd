/* tests/unit/test_cov45_realmachine_lay.c - an imported zone with
 * unevictable (mlocked) pages: the layout puts exactly that many pages on
 * the zone's unevictable list, swap-backed, and counts nr_mlock of them as
 * the file says. */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/realmachine.h"
#include "realtest.h"
#include "simtest.h"

/* @text with the first @old after @after replaced by @new (caller frees). */
static char *replace_after(const char *text, const char *after, const char *old, const char *new)
{
	const char *a = strstr(text, after), *o = a ? strstr(a, old) : NULL;
	size_t n = strlen(text) - (o ? strlen(old) : 0) + (o ? strlen(new) : 0);
	char *out = malloc(n + 1);

	if (!out || !o) {
		free(out);
		return NULL;
	}
	memcpy(out, text, (size_t)(o - text));
	strcpy(out + (o - text), new);
	strcat(out, o + strlen(old));
	return out;
}

TEST(cov45_real_unevictable_pages_laid_out)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char *zi = test_slurp(DATA "boot/zoneinfo"), *z1 = NULL, *z2 = NULL;
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[512] = "";
	struct zone *z;
	unsigned long unevictable = 0, swapbacked = 0;

	REQUIRE(rm && zi);
	z1 = replace_after(zi, "zone    DMA32", "nr_zone_unevictable 0", "nr_zone_unevictable 3000");
	z2 = z1 ? replace_after(z1, "zone    DMA32", "nr_mlock     0", "nr_mlock     1000") : NULL;
	REQUIRE(z2);
	realmachine_init(rm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = KERNEL_4_6;
	cfg.real = rm;
	/* the changed zoneinfo, then the snapshot's other files */
	{
		if (real_parse_zoneinfo(rm, z2, err, sizeof(err)) == 0) {
			static const char *const files[] = { "buddyinfo", "pagetypeinfo", "meminfo",
							      "sysctl_vm", "iomem", "kernel" };
			static const parse_fn fns[] = { real_parse_buddyinfo, real_parse_pagetypeinfo,
							real_parse_meminfo, real_parse_sysctl,
							real_parse_iomem, real_parse_release };

			for (size_t i = 0; i < 6 && !err[0]; i++) {
				char path[256], *t;

				snprintf(path, sizeof(path), DATA "boot/%s", files[i]);
				t = test_slurp(path);
				if (t && fns[i](rm, t, err, sizeof(err)))
					printf("%s: %s\n", files[i], err);
				free(t);
			}
			if (!realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err)))
				sim_create(&cfg, &sim, err, sizeof(err));
		}
	}
	if (!sim)
		printf("import: %s\n", err);
	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	for (uint32_t id = lnk(&sim->map, z->lru[LRU_UNEVICTABLE])->next;
	     id != z->lru[LRU_UNEVICTABLE]; id = lnk(&sim->map, id)->next) {
		unevictable++;
		swapbacked += (sim->map.pages[id].flags & PG_swapbacked) != 0;
	}
	CHECK_EQ_UL(unevictable, 3000);
	CHECK_EQ_UL(swapbacked, 3000);
	CHECK_EQ_L(zone_page_state(z, NR_LRU_BASE + LRU_UNEVICTABLE), 3000);
	CHECK_EQ_L(zone_page_state(z, NR_MLOCK), 1000);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
	free(zi);
	free(z1);
	free(z2);
	free(rm);
}
