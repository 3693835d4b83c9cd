/* tests/bench/bench_tui.c - `make bench`: how long the screen takes to draw.
 *
 * The 64 GiB preset (server64, 16 M pages) with memory in use, at 200x60:
 *  - a full frame: every pane rendered into the canvas with the page map's
 *    cache invalidated, as after a command that changed the sim;
 *  - a steady frame: nothing changed; the page map is reused and the blit
 *    (tui_crt.c) would send the cells that differ from the last frame,
 *    which must be none.
 * Target: a full frame in at most 2 ms.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../app/commands.h"
#include "../../app/tui.h"

void bench_tui(void);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run(struct cmd_ctx *ctx, const char *line)
{
	struct strbuf out = STRBUF_INIT;

	if (cmd_exec_line(ctx, line, &out))
		fprintf(stderr, "bench_tui: %s: %s\n", line, ctx->err);
	sb_release(&out);
}

void bench_tui(void)
{
	struct tui_canvas a = { 0, 0, NULL }, b = { 0, 0, NULL };
	const int frames = 200;
	struct cmd_ctx ctx;
	double t, full, zoomed, steady;
	unsigned long classified;
	size_t changed;
	int fit;
	struct tui v;

	if (cmd_ctx_init(&ctx, "server64", 1)) {
		fprintf(stderr, "bench_tui: %s\n", ctx.err);
		return;
	}
	/* memory in use, so the page map has more than free order-10 blocks */
	run(&ctx, "alloc GFP_KERNEL 0 x200000");
	run(&ctx, "alloc GFP_HIGHUSER_MOVABLE 3 x50000");
	run(&ctx, "alloc GFP_KERNEL 9 x2000");
	run(&ctx, "task spawn hog");
	run(&ctx, "task touch hog anon 300000");
	run(&ctx, "task touch hog file 200000");

	tui_ascii = false;
	tui_init(&v, 200, 60);
	tui_sync(&v, &ctx);
	tui_render(&v, &ctx, &a);	/* fits the zoom */

	t = now();
	for (int i = 0; i < frames; i++) {
		v.gen++;		/* as if a command changed the sim */
		tui_render(&v, &ctx, &a);
	}
	full = (now() - t) / frames * 1e3;
	classified = v.pm.cells_classified / (unsigned long)(frames + 1);
	fit = v.pm.zoom;

	/* zoomed in to 32 pages a cell (exact walks), in the middle of Normal */
	v.pm.zoom = 5;
	pagemap_jump(&v, &ctx, 0x800000);
	t = now();
	for (int i = 0; i < frames; i++) {
		v.gen++;
		tui_render(&v, &ctx, &a);
	}
	zoomed = (now() - t) / frames * 1e3;

	tui_render(&v, &ctx, &a);
	t = now();
	for (int i = 0; i < frames; i++)
		tui_render(&v, &ctx, i & 1 ? &a : &b);
	steady = (now() - t) / frames * 1e3;
	changed = canvas_diff(&a, &b);

	printf("TUI frame (server64, 200x60): %.3f ms (target <= 2 ms) %s\n", full,
	       full <= 2.0 ? "ok" : "MISSED");
	printf("  page map: 2^%d pages a cell (the whole machine), %lu block lookups a frame\n",
	       fit, classified);
	printf("TUI frame zoomed in (32 pages a cell): %.3f ms (target <= 2 ms) %s\n", zoomed,
	       zoomed <= 2.0 ? "ok" : "MISSED");
	printf("TUI steady frame (nothing changed): %.3f ms, %zu cells changed (target 0) %s\n",
	       steady, changed, changed == 0 ? "ok" : "MISSED");

	canvas_release(&a);
	canvas_release(&b);
	tui_release(&v);
	cmd_ctx_release(&ctx);
}
