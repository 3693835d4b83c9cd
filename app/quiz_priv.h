/* app/quiz_priv.h - what the quiz topic files share (quiz_topics*.c). */
#ifndef BUDDYSCOPE_APP_QUIZ_PRIV_H
#define BUDDYSCOPE_APP_QUIZ_PRIV_H

#include <stddef.h>
#include "buddyscope/mmzone.h"
#include "quiz.h"

#define QUIZ_ANY_ORDER	(~0u)

/* Zone @zid of node 0 on the problem's machine. */
const struct zone *quiz_zone(struct quiz_gen *g, int zid);
/* "n0 n1 ... n10": nr_free per order. */
void quiz_nr_free_row(struct strbuf *out, const struct zone *z);
/* Heads of the blocks the kernel allocated in @z (not tasks' or slab pages),
 * of @order or QUIZ_ANY_ORDER, in pfn order. Return: how many. */
size_t quiz_kernel_blocks(struct quiz_gen *g, const struct zone *z, unsigned int order,
			  unsigned long *pfns, size_t max);
/* Fill the machine with GFP_NOWAIT blocks of @fill_order until the first
 * failure, then free @nfree of the kernel's blocks of zone @zid at random. */
int quiz_fragment(struct quiz_gen *g, int zid, unsigned int fill_order, unsigned int nfree);
/* Note what the question is about (quiz_problem's req_* fields). */
void quiz_set_request(struct quiz_gen *g, const char *gfp, unsigned int order, int zid);
/* The last setup command recorded. */
const char *quiz_last_cmd(struct quiz_gen *g);
/* Run a command on the problem's machine without recording it (the
 * engine's own run of the question). Return: 0 or -1 with g->err. */
__attribute__((format(printf, 2, 3)))
int quiz_run(struct quiz_gen *g, const char *fmt, ...);
/* Give up on this problem with a reason. Return: -1. */
__attribute__((format(printf, 2, 3)))
int quiz_fail(struct quiz_gen *g, const char *fmt, ...);
/* The watermark check of @z as __zone_watermark_ok does it, in words, into
 * @why; returns its verdict (the caller compares it with the engine's). */
bool quiz_explain_wmark(struct strbuf *why, const struct zone *z, unsigned int order,
			unsigned long mark, int classzone_idx, unsigned int alloc_flags);

#endif
