/* tests/oom61/sigs.c - oom61-sigs OUTPREFIX < LOG: the line kinds of each
 * OOM report in LOG (tests/unit/oomsig.h, with the invoking GFP mask
 * normalised) into OUTPREFIX.1, OUTPREFIX.2, ..., one a line; prints the
 * number of reports. The same rule test_linux61.c applies in C.
 */
#include <stdio.h>
#include <stdlib.h>

#include "oomsig.h"

int main(int argc, char **argv)
{
	struct strbuf log = STRBUF_INIT, sigs = STRBUF_INIT;
	const char *p;
	char buf[65536];
	size_t n;
	int nr = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: oom61-sigs OUTPREFIX < LOG\n");
		return 2;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		sb_add(&log, buf, n);
	for (p = sb_str(&log); (p = oom_report_sigs(p, OOMSIG_ANY_GFP, &sigs)) != NULL; ) {
		char name[4096];
		FILE *f;

		snprintf(name, sizeof(name), "%s.%d", argv[1], ++nr);
		if (!(f = fopen(name, "w")) || fputs(sb_str(&sigs), f) == EOF || fclose(f)) {
			perror(name);
			return 1;
		}
		sb_reset(&sigs);
	}
	printf("%d\n", nr);
	sb_release(&log);
	sb_release(&sigs);
	return 0;
}
