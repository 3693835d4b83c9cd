/* app/quiz_session.c - the `quiz` and `answer` commands.
 *
 *   quiz [topic=T] [seed=N] [count=K]   a scored session: each problem's
 *                                       machine replaces the running one
 *                                       (set up, before the question's
 *                                       request), so the screen shows its
 *                                       state; `answer TEXT` checks, prints
 *                                       the solution and leaves the machine
 *                                       as the engine's run left it
 *   quiz next                           after an answer: the next question,
 *                                       or the score and your machine back
 *   quiz show | quiz stop               repeat the question | end early
 *   quiz pose|solve [topic=T] [seed=N] [n=I]
 *                                       print one problem, without or with
 *                                       its solution (for lessons: bs.quiz)
 *
 * The user's own machine stays in the history (app/history.h) and comes
 * back when the session ends, as it was: the session goes back to a mark.
 */
#include "quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "history.h"

#define QUIZ_SESSION_MAX	50	/* questions a session may have */

struct quiz_session {
	uint64_t	mark;		/* the user's machine, in the history */
	const struct sim *home;		/* ... and the machine itself */
	struct quiz_problem cur;	/* the problem being asked */
	uint64_t	seed;
	int		topic;		/* -1: the seed chooses */
	unsigned int	count;		/* problems in the session */
	unsigned int	right;		/* answered right so far */
	bool		answered;	/* the current question has its answer */
	bool		last_right;	/* ... and it was right */
	char		given[128];	/* the answer given to it */
	struct {
		uint8_t	topic;		/* enum quiz_topic */
		bool	right;
	} result[QUIZ_SESSION_MAX];	/* per question answered, for the score */
};

/* The user's machine and stepper, as they were when the quiz began; the
 * quiz's machines leave the history (forward cannot step into them, and
 * they take no room from the user's own entries). */
static int back_to_mark(struct cmd_ctx *ctx)
{
	if (history_goto(ctx, ctx->quiz->mark))
		return -1;
	history_forget_ahead(ctx);
	return 0;
}

static void restore_user(struct cmd_ctx *ctx, struct strbuf *out)
{
	char msg[CMD_ERR_MAX];

	if (!back_to_mark(ctx))
		return;
	snprintf(msg, sizeof(msg), "%s", ctx->err);
	sb_printf(out, "your machine could not come back: %s\n", msg);
}

/* Show @sim (a problem's machine): it replaces the one of the question
 * before, so the history holds the user's entries and one quiz machine. */
static int show_machine(struct cmd_ctx *ctx, struct sim *sim)
{
	if (ctx->sim != ctx->quiz->home && back_to_mark(ctx)) {
		sim_destroy(sim);
		return -1;
	}
	cmd_ctx_switch_sim(ctx, sim);
	return 0;
}

static void session_end(struct cmd_ctx *ctx, struct strbuf *out)
{
	struct quiz_session *qs = ctx->quiz;
	unsigned int asked = qs->cur.number - (qs->answered ? 0 : 1);

	sb_printf(out, "score: %u of %u right%s; your machine is back\n", qs->right, asked,
		  asked < qs->count ? " (stopped early)" : "");
	for (unsigned int i = 0; i < asked && i < QUIZ_SESSION_MAX; i++)
		sb_printf(out, "  %2u %-12s %s\n", i + 1, quiz_topic_name(qs->result[i].topic),
			  qs->result[i].right ? "right" : "wrong");
	restore_user(ctx, out);
	quiz_problem_release(&qs->cur);
	free(qs);
	ctx->quiz = NULL;
}

void quiz_session_release(struct cmd_ctx *ctx)
{
	struct quiz_session *qs = ctx->quiz;

	if (!qs)
		return;
	quiz_problem_release(&qs->cur);
	free(qs);
	ctx->quiz = NULL;
}

/* Make problem @number and put its machine, as set up, in the context. */
static int pose_next(struct cmd_ctx *ctx, unsigned int number, struct strbuf *out)
{
	struct quiz_session *qs = ctx->quiz;
	struct sim *sim;
	char err[512];

	quiz_problem_release(&qs->cur);
	if (quiz_make(qs->seed, number, qs->topic, &qs->cur, err, sizeof(err)))
		return cmd_error(ctx, "%s", err);
	if (quiz_replay(&qs->cur, &sim, err, sizeof(err)))
		return cmd_error(ctx, "quiz: %s", err);
	if (show_machine(ctx, sim))		/* the history keeps the user's */
		return -1;
	qs->answered = false;
	qs->last_right = false;
	qs->given[0] = '\0';
	sb_printf(out, "-- question %u of %u; the machine now is the problem's, after the setup."
		  " Reply with: answer TEXT\n", number, qs->count);
	quiz_format(&qs->cur, false, out);
	return 0;
}

static int one_problem(struct cmd_ctx *ctx, const struct cmd_args *args, bool solution,
		       struct strbuf *out)
{
	const struct cmd_arg *t = arg_get(args, "topic"), *s = arg_get(args, "seed"),
			     *n = arg_get(args, "n");
	struct quiz_problem p;
	int topic = t && t->present ? quiz_topic_lookup(t->s) : -1;
	char err[512];

	if (t && t->present && topic < 0)
		return cmd_error(ctx, "quiz: no topic '%s' (quiz with no arguments lists them)", t->s);
	if (quiz_make(s && s->present ? s->u : 1, n && n->present ? (unsigned int)n->u : 1, topic,
		      &p, err, sizeof(err)))
		return cmd_error(ctx, "%s", err);
	quiz_format(&p, solution, out);
	quiz_problem_release(&p);
	return 0;
}

int cmd_quiz(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *action = arg_word(args, "action");
	const struct cmd_arg *t = arg_get(args, "topic"), *s = arg_get(args, "seed"),
			     *c = arg_get(args, "count");
	struct quiz_session *qs;

	if ((c && c->present && (c->u < 1 || c->u > QUIZ_SESSION_MAX)) ||
	    (arg_get(args, "n") && arg_get(args, "n")->present &&
	     (arg_get(args, "n")->u < 1 || arg_get(args, "n")->u > 1000)))
		return cmd_error(ctx, "quiz: count must be 1..50 and n 1..1000");
	if (action && (!strcmp(action, "pose") || !strcmp(action, "solve")))
		return one_problem(ctx, args, !strcmp(action, "solve"), out);
	if (action && !strcmp(action, "topics")) {
		for (int i = 0; i < NR_QUIZ_TOPICS; i++)
			sb_printf(out, "  %-12s %s\n", quiz_topic_name(i), quiz_topic_desc(i));
		return 0;
	}
	if (action && !strcmp(action, "show")) {
		if (!ctx->quiz)
			return cmd_error(ctx, "quiz show: no quiz running; start one with quiz");
		quiz_format(&ctx->quiz->cur, false, out);
		return 0;
	}
	if (action && !strcmp(action, "next")) {
		if (!ctx->quiz)
			return cmd_error(ctx, "quiz next: no quiz running; start one with quiz");
		if (!ctx->quiz->answered)
			return cmd_error(ctx, "quiz next: answer question %u first (answer TEXT), or quiz"
					 " stop", ctx->quiz->cur.number);
		if (ctx->quiz->cur.number >= ctx->quiz->count) {
			session_end(ctx, out);
			return 0;
		}
		return pose_next(ctx, ctx->quiz->cur.number + 1, out);
	}
	if (action && !strcmp(action, "stop")) {
		if (!ctx->quiz)
			return cmd_error(ctx, "quiz stop: no quiz running");
		session_end(ctx, out);
		return 0;
	}
	if (ctx->quiz)
		return cmd_error(ctx, "quiz: a quiz is running (question %u); answer it, or quiz stop",
				 ctx->quiz->cur.number);
	if (t && t->present && quiz_topic_lookup(t->s) < 0)
		return cmd_error(ctx, "quiz: no topic '%s'; quiz topics lists them", t->s);
	qs = calloc(1, sizeof(*qs));
	if (!qs)
		return cmd_error(ctx, "quiz: out of memory");
	qs->seed = s && s->present ? s->u : 1;
	qs->topic = t && t->present ? quiz_topic_lookup(t->s) : -1;
	qs->count = c && c->present ? (unsigned int)c->u : 5;
	ctx->quiz = qs;
	qs->home = ctx->sim;
	if (history_mark(ctx, &qs->mark) || pose_next(ctx, 1, out)) {
		char msg[CMD_ERR_MAX];

		memcpy(msg, ctx->err, sizeof(msg));
		quiz_problem_release(&qs->cur);
		free(qs);
		ctx->quiz = NULL;
		return cmd_error(ctx, "%s", msg);	/* a failed command: the history undoes it */
	}
	return 0;
}

int cmd_answer(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	struct quiz_session *qs = ctx->quiz;
	const struct cmd_arg *text = arg_get(args, "text");
	bool right;

	if (!qs)
		return cmd_error(ctx, "answer: no quiz running; start one with quiz");
	if (qs->answered)
		return cmd_error(ctx, "answer: question %u is answered; quiz next goes on",
				 qs->cur.number);
	right = quiz_check_answer(&qs->cur, text->s);
	/* the state the engine reached running the question's request */
	if (show_machine(ctx, cmd_ctx_detach_sim(&qs->cur.ctx)))
		return -1;
	qs->right += right;
	qs->last_right = right;
	snprintf(qs->given, sizeof(qs->given), "%s", text->s);
	if (qs->cur.number >= 1 && qs->cur.number <= QUIZ_SESSION_MAX) {
		qs->result[qs->cur.number - 1].topic = (uint8_t)qs->cur.topic;
		qs->result[qs->cur.number - 1].right = right;
	}
	sb_printf(out, "%s: the answer is %s\n", right ? "right" : "wrong", sb_str(&qs->cur.answer));
	sb_puts(out, "why:\n");
	sb_puts(out, sb_str(&qs->cur.why));
	qs->answered = true;
	sb_printf(out, "(the machine now shows the state after the engine's run; quiz next %s)\n",
		  qs->cur.number >= qs->count ? "gives your score and your machine back"
					     : "asks the next question");
	return 0;
}

bool quiz_session_view(const struct cmd_ctx *ctx, struct quiz_view *v)
{
	const struct quiz_session *qs = ctx->quiz;

	if (!qs)
		return false;
	v->p = &qs->cur;
	v->number = qs->cur.number;
	v->count = qs->count;
	v->right = qs->right;
	v->answered = qs->answered;
	v->last_right = qs->last_right;
	v->given = qs->given;
	return true;
}
