/* core/machine_int.h - what core/machine.c and core/machine_parse.c share. */
#ifndef BUDDYSCOPE_MACHINE_INT_H
#define BUDDYSCOPE_MACHINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include "buddyscope/machine.h"

#define MAX_DMA_PFN	4096UL		/* 16 MiB: arch/x86/include/asm/dma.h */
#define MAX_DMA32_PFN	1048576UL	/* 4 GiB */
#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20
#define MAX_DISTANCE	254		/* 255 means unreachable in a SLIT */
#define MAX_MIN_FREE_KBYTES 2147483647UL /* INT_MAX: the sysctl is an int */
#define MAX_WSF		1000UL		/* vm.watermark_scale_factor limit, v4.6 */
#define GIB		262144UL	/* pages in a GiB */

extern const char *const machine_zone_names[MAX_NR_ZONES];

/* Store a formatted message in @err (if any). Return: @code. */
__attribute__((format(printf, 4, 5)))
int machine_seterr(char *err, size_t errlen, int code, const char *fmt, ...);
/* Default node distances: 10 local, 20 remote. */
void machine_default_distances(struct machine_desc *m);
/* machine_validate() that also says which node/zone failed (-1: none). */
int machine_check(const struct machine_desc *m, char *msg, size_t len, int *wnid, int *wzid);

/* machine_parse.c: the parsers, naming the machine @name when the text doesn't */
int machine_parse_named(const char *text, struct machine_desc *out, char *err, size_t errlen,
			const char *default_name);
int machine_parse_zoneinfo_named(const char *text, struct machine_desc *out, char *err,
				 size_t errlen, const char *name);
/* A character allowed in a machine name. */
bool machine_name_char(char c);

#endif
