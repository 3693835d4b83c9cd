/* app/record.h - `--record FILE.cast`: an asciicast v2 recording of the
 * session (record.c). One recording a process. */
#ifndef BUDDYSCOPE_APP_RECORD_H
#define BUDDYSCOPE_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>

struct cmd_ctx;

/* Remember the file to record into (main.c); NULL: no recording. */
void record_setup(const char *path);
bool record_wanted(void);
bool record_active(void);
/* Open the file and write the header: @wallclock for the screen (real
 * time, a timestamp), else a synthetic clock (batch). Return: 0, or -1
 * with @err. */
int record_start(int width, int height, bool wallclock, const char *title, char *err,
		 size_t errlen);
void record_stop(void);
/* An output event; @to_crlf turns \n into \r\n (a transcript). */
void record_output(const char *s, size_t n, bool to_crlf);
__attribute__((format(printf, 1, 2)))
void record_marker(const char *fmt, ...);
/* Batch: before a command runs (so its stages are seen), and after it
 * with its output and error line. */
void record_before(const struct cmd_ctx *ctx);
void record_command(const struct cmd_ctx *ctx, const char *line, const char *out, size_t n,
		    const char *err);
/* main.c: start a batch recording (synthetic time) or a screen recording
 * (the terminal's size, real time). Return: 0, or -1 after saying why on
 * stderr. */
int record_start_batch(const char *head, size_t n);
int record_start_screen(void);
/* tui_crt.c: a frame of the screen, painted whole. */
struct tui_canvas;
void record_frame(const struct tui_canvas *c);
/* A marker for every slow-path stage run since the last call. */
void record_stages(const struct cmd_ctx *ctx);

#endif
