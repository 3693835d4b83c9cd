/* tests/unit/test_cov45_kmsg.c - the boot lines a kernel log gives the
 * machine's cpu count from: x86's "smpboot: Allowing N CPUs" first, else
 * kernel/smp.c's "Brought up N node(s), M CPUs"; and the prefixes of
 * `dmesg --time-format iso` and `dmesg -x` before a report. */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "simtest.h"

#define REPORT "x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n" \
	"CPU: 0 PID: 9 Comm: x Not tainted 6.1.0 #1\n" \
	"Node 0 DMA32 free:4000kB min:400kB low:500kB high:600kB present:100000kB " \
	"managed:90000kB\nlowmem_reserve[]: 0 0 0 0\n"

static int cpus_of(const char *text)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";
	int n = -1;

	if (!log)
		return -1;
	if (kmsg_parse(text, log, err, sizeof(err)) == 0) {
		n = log->boot.nr_cpus;
		kmsg_release(log);
	} else {
		printf("  %s\n", err);
	}
	free(log);
	return n;
}

TEST(cov45_kmsg_boot_cpu_count)
{
	CHECK_EQ_L(cpus_of("[    0.0] smpboot: Allowing 4 CPUs, 0 hotplug CPUs\n"
			   "[    0.5] smp: Brought up 1 node, 2 CPUs\n" REPORT), 4);
	CHECK_EQ_L(cpus_of("[    0.5] smp: Brought up 1 node, 8 CPUs\n" REPORT), 8);
	CHECK_EQ_L(cpus_of("[    0.5] smp: Brought up 2 nodes, 16 CPUs\n" REPORT), 16);
	CHECK_EQ_L(cpus_of("[    0.0] smpboot: Allowing 0 CPUs, 0 hotplug CPUs\n" REPORT), 0);
	CHECK_EQ_L(cpus_of(REPORT), 0);
}

TEST(cov45_kmsg_iso_and_facility_prefixes)
{
	/* dmesg --time-format iso, then dmesg -x */
	static const char text[] =
		"2026-12-03T07:44:16,123456+00:00 x: page allocation failure: "
		"order:0, mode:0xcc0(GFP_KERNEL)\n"
		"kern  :warn  : CPU: 0 PID: 9 Comm: x Not tainted 6.1.0 #1\n"
		"kern  :warn  : Node 0 DMA32 free:4000kB min:400kB low:500kB "
		"high:600kB present:100000kB managed:90000kB\n"
		"kern  :warn  : lowmem_reserve[]: 0 0 0 0\n";
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";
	int ret;

	REQUIRE(log);
	ret = kmsg_parse(text, log, err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_EQ_L(log->nr_kept, 1);
	if (log->nr_kept == 1) {
		CHECK_EQ_L(log->reports[0]->pid, 9);
		CHECK_STR(log->reports[0]->comm, "x");
	}
	kmsg_release(log);
	free(log);
}
