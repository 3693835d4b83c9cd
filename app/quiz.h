/* app/quiz.h - exercises generated from a seed, solved by the engine.
 *
 * A problem is a machine (a preset), a few setup commands, and a question
 * about what the allocator does next. The generator draws the parameters
 * from its own PRNG (the quiz seed and the problem's number), runs the setup
 * commands through the command table on a fresh machine, and then asks the
 * engine itself for the answer: it runs the request, reads the zone, calls
 * the kernel's formula. Nothing is stored: the same seed makes the same
 * problem and the same solution, byte for byte, and a student can type the
 * setup commands into buddyscope to see the state for themselves.
 *
 * Front ends: `buddyscope quiz [--seed N] [--topic T] [--count K] [-c]`
 * (quiz_main), the `quiz` and `answer` commands (a session on the screen or
 * the REPL, scored), and Lua's bs.quiz{...} through the same command row.
 */
#ifndef BUDDYSCOPE_APP_QUIZ_H
#define BUDDYSCOPE_APP_QUIZ_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/strbuf.h"
#include "commands.h"

/* id, one-line description. Add a topic: a row here and quiz_gen_<id>(). */
#define QUIZ_TOPICS(X)								\
	X(buddyinfo,	"buddyinfo after a sequence of allocations and frees")	\
	X(merge,	"which block a free merges into (__free_one_page)")	\
	X(watermark,	"does a request pass __zone_watermark_ok in each zone")	\
	X(zone,		"which zone serves a request (get_page_from_freelist)")	\
	X(pcp,		"the per-cpu list after order-0 allocations and frees")	\
	X(steal,	"fallback: which block is stolen, does the pageblock change owner") \
	X(compaction,	"is compaction suitable (fragmentation index)")		\
	X(extfrag,	"a zone's fragmentation or unusable free space index")	\
	X(oom,		"which task the OOM killer picks, and its badness")	\
	X(stages,	"which slow-path stages a request passes")		\
	X(allocflags,	"gfp_to_alloc_flags of a GFP mask")			\
	X(gfp,		"gfp_zone and the migratetype of a GFP mask")		\
	X(watermarks,	"min/low/high from min_free_kbytes and watermark_scale_factor") \
	X(lowmem,	"lowmem_reserve from lowmem_reserve_ratio")		\
	X(pcpsize,	"pcp batch and high of a zone (zone_batchsize)")

enum quiz_topic {
#define X(id, desc) QUIZ_##id,
	QUIZ_TOPICS(X)
#undef X
	NR_QUIZ_TOPICS
};

struct quiz_problem {
	int		topic;		/* enum quiz_topic */
	uint64_t	seed;		/* the quiz seed */
	unsigned int	number;		/* 1-based, within the seed */
	char		machine[16];	/* preset the setup starts from */
	char		kernel[32];	/* "Linux v4.5.0": the kernel the question is
					 * about (the machine's after the setup) */
	struct strbuf	setup;		/* commands, one a line */
	struct strbuf	question;
	struct strbuf	answer;		/* the short answer a student's is compared with */
	struct strbuf	why;		/* the worked solution: rule, function, numbers */
	/* what the question is about, for front ends and tests */
	char		req_gfp[96];	/* the request's GFP mask, "" if none */
	unsigned int	req_order;	/* its order, or the order asked about */
	int		req_zid;	/* the zone asked about (node 0), -1 if none */
	unsigned long	req_pfn;	/* the pfn freed (merge), else 0 */
	struct cmd_ctx	ctx;		/* the machine after the setup (and the
					 * engine's run of the answer) */
};

/* "buddyinfo" ... for a topic; NULL out of range. */
const char *quiz_topic_name(int topic);
const char *quiz_topic_desc(int topic);
/* The topic called @name, or -1. */
int quiz_topic_lookup(const char *name);

/**
 * quiz_make - generate and solve problem @number (1-based) of quiz @seed.
 * @topic: a topic, or -1 to let the seed choose.
 * Return: 0 and *p (release with quiz_problem_release), or -1 with @err.
 */
int quiz_make(uint64_t seed, unsigned int number, int topic, struct quiz_problem *p,
	      char *err, size_t errlen);
void quiz_problem_release(struct quiz_problem *p);

/* The problem as text: with @solution, the answer and the worked solution
 * instead of the blank. */
void quiz_format(const struct quiz_problem *p, bool solution, struct strbuf *out);

/* Does @given say the same as the answer (case, blanks and , ; : = aside)? */
bool quiz_check_answer(const struct quiz_problem *p, const char *given);

/**
 * quiz_replay - boot @p's machine and run its setup again, through the
 * command table: the state the question is about, before its request.
 * Return: 0 and *out (the caller owns it), or -1 with @err.
 */
int quiz_replay(const struct quiz_problem *p, struct sim **out, char *err, size_t errlen);

/* `buddyscope quiz ...`: argv[0] is "quiz". Return: the exit status. */
int quiz_main(int argc, char **argv);

/* The `quiz` session of a command context (quiz_session.c). */
struct quiz_session;
void quiz_session_release(struct cmd_ctx *ctx);

/* What a front end shows of the session in @ctx (the screen's Quiz pane). */
struct quiz_view {
	const struct quiz_problem *p;	/* the problem on show; valid until the
					 * next quiz or answer command */
	unsigned int	number, count;	/* question number of count, 1-based */
	unsigned int	right;		/* answered right so far */
	bool		answered;	/* the question on show has its answer */
	bool		last_right;	/* ... and it was right */
	const char	*given;		/* the answer given to it ("" before) */
};
/* Return: false when no quiz is running. */
bool quiz_session_view(const struct cmd_ctx *ctx, struct quiz_view *v);

/* ---- for the topic generators (quiz_topics*.c) ---- */
struct quiz_gen {
	struct quiz_problem *p;
	uint64_t	rng;		/* splitmix64 state */
	char		err[1024];
	char		last[CMD_LINE_MAX];	/* quiz_last_cmd() */
};

/* Boot the problem's machine from @preset. Return: 0 or -1 with g->err. */
int quiz_boot(struct quiz_gen *g, const char *preset);
/* Uniform in [0, bound); bound > 0. */
uint64_t quiz_rand(struct quiz_gen *g, uint64_t bound);
/* One of @n strings. */
const char *quiz_pick(struct quiz_gen *g, const char *const *v, size_t n);
/* Run a setup command on the problem's machine and record it.
 * Return: 0, or -1 with g->err set (the generator gives up). */
__attribute__((format(printf, 2, 3)))
int quiz_cmd(struct quiz_gen *g, const char *fmt, ...);

#define X(id, desc) int quiz_gen_##id(struct quiz_gen *g);
QUIZ_TOPICS(X)
#undef X

#endif
