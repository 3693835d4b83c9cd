/* app/export.h - pictures and tables of the machine for people outside it. */
#ifndef BUDDYSCOPE_APP_EXPORT_H
#define BUDDYSCOPE_APP_EXPORT_H

#include "buddyscope/strbuf.h"
#include "tui.h"

struct sim;
struct cmd_ctx;

/* SVG pictures (export_svg.c), in @theme's colours on a white page, each
 * with a title and a legend. */
void export_svg_pagemap(const struct sim *sim, enum tui_theme theme, struct strbuf *out);
void export_svg_zones(const struct sim *sim, enum tui_theme theme, struct strbuf *out);
void export_svg_history(const struct sim *sim, enum tui_theme theme, struct strbuf *out);

/* Write @text to @path under export's write policy (export.c).
 * Return: 0, or -1 with ctx->err set. */
int export_write_file(struct cmd_ctx *ctx, const char *path, const struct strbuf *text);

#endif
