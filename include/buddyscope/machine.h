/* include/buddyscope/machine.h - what a machine is made of, before boot.
 * A machine_desc is plain data: nodes, zones with their pfn ranges and
 * spanned/present/managed pages, CPUs and node distances. sim_create() boots
 * the engine from one. Descriptions come from a named preset, a machine file
 * (format documented in docs/machine-format.md and in machine.c), or a real
 * /proc/zoneinfo.
 */
#ifndef BUDDYSCOPE_MACHINE_H
#define BUDDYSCOPE_MACHINE_H

#include <stddef.h>
#include "buddyscope/mmzone.h"

struct zone_desc {
	unsigned long	start_pfn;	/* zone_start_pfn */
	unsigned long	spanned;	/* 0: the zone does not exist on this node */
	unsigned long	present;	/* <= spanned; the rest is a hole at the end */
	unsigned long	managed;	/* <= present; the rest is reserved at the start */
};

struct node_desc {
	struct zone_desc zones[MAX_NR_ZONES];
	int		nr_cpus;	/* CPUs on this node */
};

struct machine_desc {
	char		name[32];	/* preset name or file base name */
	char		summary[96];	/* one line shown by `machine list` */
	int		nr_nodes;	/* 1..MAX_NUMNODES */
	struct node_desc nodes[MAX_NUMNODES];
	unsigned char	distance[MAX_NUMNODES][MAX_NUMNODES];	/* 10 local, 20 remote */
	/* optional sysctl values the source fixed (0 = the kernel's default) */
	unsigned long	min_free_kbytes;
	unsigned long	watermark_scale_factor;
	/* migratetypes /proc/pagetypeinfo has columns for (bit mt); 0: all.
	 * A real machine built without CONFIG_CMA has no CMA column. */
	unsigned int	migratetypes_shown;
	/* a real machine's zones lie where its kernel put them (arm64's DMA
	 * reaches 1 or 4 GiB, its Normal may start below 4 GiB): the x86-64
	 * pfn limits of the zones are not checked, only their order */
	bool		real_zone_bounds;
	/* the boot parameter cma=SIZE as pages (machine file "cma SIZE",
	 * --cma, `machine SPEC cma=SIZE`); 0: no CMA area (the default) */
	unsigned long	cma_pages;
};

/**
 * machine_preset - fill @out with the built-in preset @name.
 * Return: 0, or -ENOENT if there is no such preset.
 */
int machine_preset(const char *name, struct machine_desc *out);

/* The i-th preset's name, or NULL past the end (for listing and completion). */
const char *machine_preset_name(size_t i);

/* The preset `make run` and `reset` use when nothing else is given. */
#define MACHINE_DEFAULT_PRESET	"classroom"

/**
 * machine_parse - build a description from the text of a machine file.
 * Without a "name" line the machine is named "custom". It ends with
 * machine_validate(), whose errors name the line of the zone or node at
 * fault. @out is written only on success (the same for the other parsers).
 * Return: 0, or -EINVAL with "line N: what was wrong; what is accepted" in @err.
 */
int machine_parse(const char *text, struct machine_desc *out, char *err, size_t errlen);

/**
 * machine_parse_zoneinfo - build a description from the text of a real
 * /proc/zoneinfo (v4.x or v6.x layout): nodes, zones, start_pfn, spanned,
 * present, managed. Zones with no present pages are kept empty; Device zones
 * are skipped; HighMem is refused. The machine has the largest "cpu: N" seen,
 * plus one, cpus, shared out evenly between the nodes (zoneinfo does not say
 * which node a cpu is on). Distances are the default 10/20.
 * Return: 0, or -EINVAL with "line N: ..." in @err.
 */
int machine_parse_zoneinfo(const char *text, struct machine_desc *out, char *err, size_t errlen);

/**
 * machine_validate - check a description for what booting needs: pfn ranges
 * inside 0..MAX_PFN_LIMIT, zones of a node in zone order and not overlapping,
 * x86-64 zone limits (DMA below pfn 4096, DMA32 below pfn 1048576), present <=
 * spanned, managed <= present, at least one managed page, 1..NR_CPUS CPUs,
 * present pages on every node, distances 10 to itself, 11..254 and symmetric
 * between nodes, sysctl values in range (0 = default).
 * Return: 0, or -EINVAL with the reason in @err.
 */
int machine_validate(const struct machine_desc *m, char *err, size_t errlen);

/**
 * machine_format - write @m as a machine file (the format machine_parse reads),
 * NUL-terminated, into @buf of @size bytes; like snprintf, the text is cut
 * short when it does not fit. Empty zones are left out.
 * Return: the length of the whole text, without the NUL.
 */
size_t machine_format(const struct machine_desc *m, char *buf, size_t size);

/**
 * machine_cma_area - where boot puts @m's CMA area (cma=SIZE) under a kernel
 * that aligns it to 2^@align_order pages: the size rounded up to that; with
 * @bottom_up_4g (5.11+) and memory ending at least that far above 4 GiB, at
 * the lowest aligned pfn from 4 GiB up whose zone's managed pages hold it;
 * else at the highest aligned pfns below the end of memory that one zone's
 * managed pages hold (memblock's top-down search).
 * Return: 0 with *nid, *zid, *start and *pages; -ENOSPC if no zone holds it;
 * -ENOENT if @m has no CMA area.
 */
int machine_cma_area(const struct machine_desc *m, unsigned int align_order, bool bottom_up_4g,
		     int *nid, int *zid, unsigned long *start, unsigned long *pages);

/**
 * machine_parse_cma - parse the size of a CMA area as --cma and `machine
 * SPEC cma=SIZE` take it: "64M" (K/M/G/T, whole pages) or a number of pages.
 * Return: 0 with *pages (> 0), or -EINVAL with the reason in @err.
 */
int machine_parse_cma(const char *s, unsigned long *pages, char *err, size_t errlen);

/* machine_load refuses files larger than this */
#define MACHINE_FILE_MAX	(16UL << 20)

/**
 * machine_load - read @spec: "PRESET", "file:PATH" or "zoneinfo:PATH".
 * Reads the file itself (the only file I/O in core/, through stdio), at most
 * MACHINE_FILE_MAX bytes. A file without a "name" line is named after its base
 * name without extension. Errors in a file read "PATH: line N: ...".
 * @out is written only on success.
 * Return: 0, -ENOENT (no such preset, or the file cannot be opened or read:
 * "cannot open 'PATH': <strerror>"), -EINVAL (bad contents, too large),
 * -ENOMEM; @err says which.
 */
int machine_load(const char *spec, struct machine_desc *out, char *err, size_t errlen);

#endif
