/* tests/unit/test_cov_trace_names.c - event names both ways (an id past
 * the table has none; "SYS:NAME" must name the event's own system), and
 * the oom_score_adj_update a `task adj` writes, formatted with the pid and
 * comm of the task whose value changed. */
#include <string.h>

#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "simtest.h"

TEST(cov_trace_event_names_both_ways)
{
	int id = trace_event_parse("mm_page_alloc");

	REQUIRE(id >= 0);
	CHECK_STR(trace_event_name((enum trace_id)id), "mm_page_alloc");
	CHECK_EQ_L(trace_event_parse("kmem:mm_page_alloc"), id);
	CHECK_EQ_L(trace_event_parse("vmscan:mm_page_alloc"), -1);	/* another system */
	CHECK_EQ_L(trace_event_parse("kme:mm_page_alloc"), -1);
	CHECK_EQ_L(trace_event_parse("no_such_event"), -1);
	CHECK(trace_event_name(NR_TRACE_EVENTS) == NULL);
	CHECK(trace_event_name((enum trace_id)-1) == NULL);
}

TEST(cov_trace_oom_score_adj_update_of_another_task)
{
	struct sim *sim = boot_preset("tiny");
	struct trace_event ev[16];
	uint64_t from, lost;
	char buf[512], want[96];
	size_t got;
	bool found = false;
	int hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	REQUIRE(hog > 0);
	from = trace_next_seq(sim);
	REQUIRE(task_set_oom_score_adj(sim, hog, 500) == 0);
	snprintf(want, sizeof(want), "oom_score_adj_update: pid=%d comm=hog oom_score_adj=500", hog);
	while ((got = trace_read(sim, &from, ev, 16, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_oom_score_adj_update) {
				trace_format(&ev[i], buf, sizeof(buf));
				found |= strstr(buf, want) != NULL;
			}
	CHECK(found);
	sim_destroy(sim);
}
