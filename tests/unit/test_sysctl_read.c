/* tests/unit/test_sysctl_read.c - reading a sysctl runs its handler:
 * lowmem_reserve_ratio_sysctl_handler() recomputes protection on a read
 * too (sim_sysctl_read). A real 6.1 boot's zoneinfo shows protection
 * computed early in boot (before initrd and initmem were freed); the next
 * snapshot, taken after the capture's `sysctl vm` read, shows it from the
 * final managed pages. The model, booted from the first, must reach the
 * second by the same read, and only by it. */
#include "../../core/internal.h"
#include "realtest.h"

#define BOOT "tests/data/linux61/oom/oom/00_boot"
#define LATER "tests/data/linux61/oom/oom/01_holders_ready"

static void check_read_recomputes(enum kernel_version k)
{
	struct real_machine *rm = calloc(1, sizeof(*rm)), *later = calloc(1, sizeof(*later));
	struct strbuf v = STRBUF_INIT, note = STRBUF_INIT;
	char err[256], want[160];
	struct sim *sim;
	struct zone *dma;
	char *text;
	long shown, final;

	REQUIRE(rm && later);
	sim = boot_dir_as(BOOT, NULL, k, rm);
	REQUIRE(sim);
	dma = &sim->node_data[0]->node_zones[ZONE_DMA];
	/* as the boot zoneinfo showed it, not what today's managed pages give */
	shown = rm->zones[0][ZONE_DMA].protection[ZONE_DMA32];
	final = (long)(sim->node_data[0]->node_zones[ZONE_DMA32].managed_pages /
		       (unsigned long)sim->vm.lowmem_reserve_ratio[ZONE_DMA]);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], shown);
	CHECK(shown != final);	/* else this capture shows nothing */

	/* reading another sysctl, or reading without the handler, changes nothing */
	CHECK_EQ_L(sim_sysctl_read(sim, "vm.min_free_kbytes", &note, &v), 0);
	CHECK_EQ_L(sim_sysctl_get(sim, "vm.lowmem_reserve_ratio", &v), 0);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], shown);
	CHECK_EQ_L((long)note.len, 0);

	sb_release(&v);
	CHECK_EQ_L(sim_sysctl_read(sim, "vm.lowmem_reserve_ratio", &note, &v), 0);
	CHECK_STR(sb_str(&v), k == KERNEL_6_1 ? "256\t256\t32\t0\t0" : "256\t256\t32");
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], final);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_NORMAL], final);
	snprintf(want, sizeof(want), "node 0 DMA protection (DMA..Movable): (0, %ld, %ld, %ld) -> "
		 "(0, %ld, %ld, %ld)\n", shown, shown, shown, final, final, final);
	CHECK_STR(sb_str(&note), want);

	/* what the real kernel showed in its next snapshot */
	realmachine_init(later);
	text = test_slurp(LATER "/zoneinfo");
	REQUIRE(text);
	CHECK_EQ_L(real_parse_zoneinfo(later, text, err, sizeof(err)), 0);
	free(text);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], later->zones[0][ZONE_DMA].protection[ZONE_DMA32]);

	/* a second read finds nothing to change */
	sb_release(&note);
	sb_release(&v);
	CHECK_EQ_L(sim_sysctl_read(sim, "vm.lowmem_reserve_ratio", &note, &v), 0);
	CHECK_EQ_L((long)note.len, 0);
	sb_release(&note);
	sb_release(&v);
	sim_destroy(sim);
	free(rm);
	free(later);
}

TEST(sysctl_read_lowmem_reserve_ratio_recomputes_protection_6_1)
{
	check_read_recomputes(KERNEL_6_1);
}

TEST(sysctl_read_lowmem_reserve_ratio_recomputes_protection_4_6)
{
	check_read_recomputes(KERNEL_4_6);
}
