/* core/kmsg_int.h - what kmsg_parse.c (the log's lines, boot messages, a
 * report's first line) and kmsg_report.c (the lines inside a report) share. */
#ifndef BUDDYSCOPE_KMSG_INT_H
#define BUDDYSCOPE_KMSG_INT_H

#include <stdbool.h>

#include "buddyscope/kmsg.h"
#include "textparse.h"

/* The parser's state while it reads one log. */
struct kp {
	struct parser	ps;
	struct kmsg_log	*log;
	struct kmsg_report *r;		/* the report being read, or NULL */
	struct kmsg_zone *last_zone;	/* for its lowmem_reserve[] line */
	enum { IN_NONE, IN_ZONE_RANGES, IN_NODE_RANGES } boot_block;
	int		col_rss, col_pt, col_pmd, col_swap, col_adj, col_vm, col_uid, col_tgid;
	int		ncols;
};

/* zid of @s[0..n), -1 unknown, -2 HighMem, MAX_NR_ZONES Device */
int kmsg_zone_id(const char *s, int n);
/* The first @what in [s, end), or NULL. */
const char *kmsg_find(const char *s, const char *end, const char *what);
/* A decimal number at *p; advances past it. */
bool kmsg_num(const char **p, const char *end, long *out);
/* A node list as %*pbl prints it ("0-1,3") as bits; 0 for "(null)" or a
 * node beyond MAX_NUMNODES. */
unsigned int kmsg_node_list(const char *p, const char *end);
/* The release word at @s ("6.1.0-56-amd64") into @dst (65 bytes). */
void kmsg_set_release(char *dst, const char *s, const char *end);

/* kmsg_report.c: one line inside the report being read (k->r). */
int kmsg_report_line(struct kp *k, const char *s, const char *end);
/* kmsg_victim.c: "victim: PID (COMM) score N" and the table's badness. */
void kmsg_explain_victim(const struct kmsg_report *r, struct strbuf *out);
/* kmsg_report.c: a report's reserves lined up with its zones. */
void kmsg_align_reserves(struct kmsg_report *r);

#endif
