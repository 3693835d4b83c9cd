/* tests/narration/check.c - narration-check NAME < TRANSCRIPT: check every
 * numeric comparison a transcript narrates ("free 3583 > low 102 +
 * lowmem_reserve 0") against the numbers printed beside it
 * (tests/unit/narration.h). Prints "ok NAME # N comparisons" or "not ok
 * NAME" with each line whose comparison does not hold; exits 1 then.
 */
#include <stdio.h>
#include <string.h>

#include "narration.h"

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "stdin";
	char line[8192];
	int checked = 0, bad = 0;
	unsigned long nr = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char why[512];
		int k;

		nr++;
		line[strcspn(line, "\n")] = '\0';
		if (narration_check_text(line, &k, why, sizeof(why))) {
			if (!bad)
				printf("not ok %s\n", name);
			printf("#   line %lu: %s\n", nr, why);
			bad++;
		}
		checked += k;
	}
	if (!bad)
		printf("ok %s # %d comparisons checked\n", name, checked);
	return bad ? 1 : 0;
}
