/* tests/fuzz/fuzz_trace.c - ftrace lines of the kmem events (replay.h).
 *
 * Input: the text of a trace. Every line parses to an event, is skipped, or
 * fails with one line naming it. The events, sorted, replay on the tiny
 * machine both ways, exact and simulate: whatever they say, every engine
 * invariant holds after.
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/machine.h"
#include "buddyscope/replay.h"

#define TRACE_INPUT_MAX	(64 << 10)
#define MAX_EVENTS	4096

static void replay_all(const struct replay_event *ev, size_t n, enum replay_mode mode)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	struct replay *r = NULL;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	if (machine_preset("tiny", &cfg.machine) || sim_create(&cfg, &sim, err, sizeof(err))) {
		fuzz_fail("tiny does not boot");
		return;
	}
	if (replay_create(sim, mode, n, &r) == 0) {
		for (size_t i = 0; i < n; i++) {
			enum replay_outcome o = replay_event(sim, r, &ev[i]);

			if (o >= NR_REPLAY_OUTCOMES)
				fuzz_fail("replay_event: outcome %d", (int)o);
		}
		replay_destroy(r);
	}
	fuzz_check_sim(sim, mode == REPLAY_EXACT ? "an exact replay" : "a simulated replay");
	sim_destroy(sim);
}

int fuzz_trace(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, TRACE_INPUT_MAX);
	struct replay_event *ev = malloc(MAX_EVENTS * sizeof(*ev));
	struct replay_parser rp;
	size_t n = 0;

	if (!text || !ev) {
		free(text);
		free(ev);
		return 0;
	}
	memset(&rp, 0, sizeof(rp));
	for (char *line = text; *line && n < MAX_EVENTS;) {
		size_t len = strcspn(line, "\n");
		char err[256];
		int rc;

		memset(err, 'Z', sizeof(err));
		rc = replay_parse_line(&rp, line, len, &ev[n], err, sizeof(err));
		if (rc == 1) {
			n++;
		} else if (rc == -EINVAL) {
			if (!memchr(err, '\0', sizeof(err)))
				fuzz_fail("replay_parse_line: message not NUL-terminated");
			else
				fuzz_check_msg("replay_parse_line", err, line);
		} else if (rc) {
			fuzz_fail("replay_parse_line: returned %d", rc);
		}
		line += len + (line[len] == '\n');
	}
	if (replay_sort(ev, n) == 0) {
		replay_all(ev, n, REPLAY_EXACT);
		replay_all(ev, n, REPLAY_SIMULATE);
	}
	free(ev);
	free(text);
	return 0;
}

FUZZ_TARGET(fuzz_trace)
