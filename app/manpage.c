/* app/manpage.c - buddyscope(1), written from what the program itself knows:
 * the option list of `buddyscope --help`, every row of the command table
 * (usage and long help, as `help COMMAND` prints them), the screen's keys
 * (tui_help.c), the quiz topics and the machine presets. `buddyscope --man`
 * prints it; the committed buddyscope.1 is its output, and a test fails
 * when the two differ, so the page cannot drift from `help`.
 */
#include "manpage.h"

#include <string.h>
#include "buddyscope/machine.h"
#include "commands.h"
#include "quiz.h"
#include "tui.h"

/* Text for roff: a leading '.' or '\'' gets \&, every '\' becomes \e, and
 * '-' becomes \- (so options copy and paste as ASCII hyphens). */
static void roff(struct strbuf *out, const char *s, size_t n)
{
	bool bol = true;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (bol && (c == '.' || c == '\''))
			sb_puts(out, "\\&");
		if (c == '\\')
			sb_puts(out, "\\e");
		else if (c == '-')
			sb_puts(out, "\\-");
		else
			sb_putc(out, c);
		bol = c == '\n';
	}
}

static void roff_str(struct strbuf *out, const char *s)
{
	roff(out, s, strlen(s));
}

/* The option lines of the usage text: "  -b, --batch          text", the
 * text starting at column 23 as --help lays it out. */
#define OPTION_TEXT_COL	23

static void options(struct strbuf *out, const char *usage)
{
	for (const char *l = usage; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		if (n > OPTION_TEXT_COL && l[0] == ' ' && l[1] == ' ' &&
		    (l[2] == '-' || (l[2] == ' ' && l[6] == '-'))) {
			const char *opt = l + 2, *end = l + OPTION_TEXT_COL;

			while (*opt == ' ')
				opt++;
			while (end > opt && end[-1] == ' ')
				end--;
			sb_puts(out, ".TP\n.B ");
			roff(out, opt, (size_t)(end - opt));
			sb_putc(out, '\n');
			roff(out, l + OPTION_TEXT_COL, n - OPTION_TEXT_COL);
			sb_putc(out, '\n');
		} else if (n > OPTION_TEXT_COL && strspn(l, " ") == OPTION_TEXT_COL && out->len &&
			   out->buf[out->len - 1] == '\n') {
			/* the option's text goes on (wrapped for 80 columns) */
			out->len--;
			sb_putc(out, ' ');
			roff(out, l + OPTION_TEXT_COL, n - OPTION_TEXT_COL);
			sb_putc(out, '\n');
		}
		l += n + (nl ? 1 : 0);
	}
}

static void commands(struct strbuf *out)
{
	for (int id = 0; id < NR_CMDS; id++) {
		struct strbuf u = STRBUF_INIT;

		cmd_usage((enum cmd_id)id, &u);
		sb_puts(out, ".TP\n.B ");
		roff(out, u.buf ? u.buf : "", u.len);
		sb_putc(out, '\n');
		roff_str(out, cmd_table[id].summary);
		sb_puts(out, ".\n.RS\n.nf\n");
		roff_str(out, cmd_table[id].help);
		sb_puts(out, "\n.fi\n.RE\n");
		sb_release(&u);
	}
}

static void keys(struct strbuf *out)
{
	struct strbuf k = STRBUF_INIT;
	const char *s;

	tui_keys_text(&k);
	s = sb_str(&k);
	sb_puts(out, ".PD 0\n");
	while (*s) {
		const char *nl = strchr(s, '\n'), *tab = strchr(s, '\t');

		if (tab && tab < nl && tab > s) {	/* "WHERE:" starts a group */
			sb_puts(out, ".PP\n.I ");
			roff(out, s, (size_t)(tab - s));
			sb_putc(out, '\n');
			s = tab;
		}
		tab = strchr(s + 1, '\t');
		sb_puts(out, ".TP 12\n.B ");
		roff(out, s + 1, (size_t)(tab - s - 1));
		sb_putc(out, '\n');
		roff(out, tab + 1, (size_t)(nl - tab - 1));
		sb_putc(out, '\n');
		s = nl + 1;
	}
	sb_puts(out, ".PD\n");
	sb_release(&k);
}

static const char machine_file_text[] =
	"A machine file describes nodes, zones and cpus, one statement a line;\n"
	"# starts a comment. Numbers are decimal or 0x hex; zone values may be sizes\n"
	"with K, M, G or T (bytes, whole 4 KiB pages).\n"
	".RS\n.nf\n"
	"name    mybox\n"
	"summary 6 GiB, one node, 4 cpus\n"
	"node 0 cpus 4\n"
	"zone 0 DMA     start 1    spanned 4095     present 3998    managed 3977\n"
	"zone 0 DMA32   start 16M  spanned 1044480  present 782336  managed 770000\n"
	"zone 0 Normal  start 4G   spanned 3G       present 3G      managed 760356\n"
	"distance 0 1 20\n"
	"sysctl vm.min_free_kbytes 67584\n"
	".fi\n.RE\n"
	".TP\n.B name NAME\n1..31 characters of A\\-Z a\\-z 0\\-9 . _ \\-\n"
	".TP\n.B summary TEXT\nthe rest of the line, shown by machine list\n"
	".TP\n.B node NID cpus N\nnode 0..7 with N cpus, nodes in order, before their zones\n"
	".TP\n.B zone NID ZONE FIELD VALUE ...\n"
	"ZONE is DMA, DMA32, Normal or Movable; fields start, spanned (required),\n"
	"present (default spanned), managed (default present)\n"
	".TP\n.B distance A B D\nnode distance both ways, 11..254\n"
	".TP\n.B sysctl vm.min_free_kbytes N | vm.watermark_scale_factor N\n"
	"values the machine boots with\n";

static const char examples[] =
	".nf\n"
	"buddyscope                                   the screen, on the classroom machine\n"
	"buddyscope \\-\\-machine tiny \\-c 'alloc GFP_KERNEL 3; show buddyinfo'\n"
	"buddyscope \\-\\-batch \\-\\-seed 7 < session.txt\n"
	"buddyscope lessons/04\\-watermarks\\-atomic.lua   a lesson on the screen\n"
	"buddyscope quiz \\-\\-seed 12 \\-\\-count 5          five problems; add \\-c for solutions\n"
	"buddyscope \\-\\-record demo.cast                  record the session for asciinema\n"
	"man ./buddyscope.1                           this page, from a clone\n"
	".fi\n";

void manpage_write(struct strbuf *out, const char *usage_text, const char *version)
{
	sb_printf(out, ".\\\" buddyscope.1 - generated by `buddyscope --man` from the command\n"
		  ".\\\" table; edit app/commands.def or app/manpage.c, not this file.\n"
		  ".TH BUDDYSCOPE 1 \"\" \"buddyscope %s\" \"User Commands\"\n", version);
	sb_puts(out, ".SH NAME\nbuddyscope \\- watch the Linux kernel's page allocator think\n");
	sb_puts(out, ".SH SYNOPSIS\n.B buddyscope\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR]\n.br\n"
		     ".B buddyscope quiz\n[\\-\\-seed \\fIN\\fR] [\\-\\-topic \\fIT\\fR] [\\-\\-count"
		     " \\fIK\\fR] [\\-c]\n");
	sb_puts(out, ".SH DESCRIPTION\n"
		     "buddyscope is a deterministic model of the Linux page allocator of the v4.5\n"
		     "era: nodes, zones, the buddy free lists, watermarks and the whole allocation\n"
		     "slow path (kswapd, compaction, direct reclaim, the OOM killer). Where the\n"
		     "kernel computes a number by formula, buddyscope computes the same number;\n"
		     "where the kernel prints something (/proc/buddyinfo, zoneinfo, ftrace\n"
		     "events, the OOM report), buddyscope prints it in the kernel's layout.\n"
		     "It runs Linux v4.5.0 by default and v4.6 with \\-\\-kernel 4.6 (kernel list\n"
		     "says what differs); time moves by what the kernel's work costs (show costs),\n"
		     "with kswapd and kcompactd on CPUs of their own.\n"
		     "With a terminal it opens its screen; otherwise it reads commands from\n"
		     "standard input. The same seed and the same commands give the same output,\n"
		     "byte for byte.\n");
	sb_puts(out, ".SH OPTIONS\n");
	options(out, usage_text);
	sb_puts(out, ".SH COMMANDS\nThe same commands run in the REPL, in batch mode, on the"
		     " screen's command\nline and from Lua (bs.NAME{...}).\n");
	commands(out);
	sb_puts(out, ".SH KEYS\n");
	keys(out);
	sb_puts(out, ".SH QUIZ\n.B buddyscope quiz\nprints problems made from a seed, each with a"
		     " machine, setup commands and a\nquestion; with \\-c, the answer and the worked"
		     " solution, which the engine\ncomputes. Topics:\n");
	for (int t = 0; t < NR_QUIZ_TOPICS; t++) {
		sb_printf(out, ".TP 12\n.B %s\n", quiz_topic_name(t));
		roff_str(out, quiz_topic_desc(t));
		sb_putc(out, '\n');
	}
	sb_puts(out, ".SH MACHINES\nPresets:");
	for (size_t i = 0; machine_preset_name(i); i++)
		sb_printf(out, "%s %s", i ? "," : "", machine_preset_name(i));
	sb_puts(out, ".\n.SS Machine files\n");
	sb_puts(out, machine_file_text);
	sb_puts(out, ".SH EXAMPLES\n");
	sb_puts(out, examples);
	sb_puts(out, ".SH EXIT STATUS\n0 if every command succeeded, 1 if one failed (batch,"
		     " \\-c, FILE), 2 for bad\ncommand\\-line options.\n");
	sb_puts(out, ".SH SEE ALSO\nREADME.md and lessons/README.md in the source tree;"
		     " Documentation/vm in the\nLinux sources.\n");
}
