/* tests/unit/testmain.c - the runner behind testhelp.h.
 * Usage: unit-tests [substring]  runs the tests whose name contains it. */
#include <stdlib.h>
#include <string.h>
#include "testhelp.h"

#define MAX_TESTS 1024

struct test_entry {
	const char *name;
	const char *file;
	test_fn fn;
};
static struct test_entry tests[MAX_TESTS];
static int nr_tests;
int test_failures_now;
static const char *current;

void test_register(const char *name, const char *file, test_fn fn)
{
	if (nr_tests < MAX_TESTS) {
		tests[nr_tests].name = name;
		tests[nr_tests].file = file;
		tests[nr_tests].fn = fn;
		nr_tests++;
	}
}

void test_fail(const char *file, int line, const char *expr)
{
	test_failures_now++;
	if (test_failures_now <= 10)
		printf("FAIL %s: %s:%d: %s\n", current, file, line, expr);
}

static int cmp_tests(const void *a, const void *b)
{
	const struct test_entry *ta = a, *tb = b;
	int c = strcmp(ta->file, tb->file);

	/* registration order inside a file is constructor order: keep it stable by name */
	return c ? c : strcmp(ta->name, tb->name);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	qsort(tests, nr_tests, sizeof(tests[0]), cmp_tests);
	for (int i = 0; i < nr_tests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		current = tests[i].name;
		test_failures_now = 0;
		tests[i].fn();
		if (test_failures_now) {
			failed++;
			printf("not ok %s (%d failures)\n", tests[i].name, test_failures_now);
		} else {
			passed++;
			printf("ok %s\n", tests[i].name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
