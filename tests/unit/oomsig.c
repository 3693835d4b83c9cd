/* tests/unit/oomsig.c - the line kinds of an OOM report (oomsig.h). */
#include "oomsig.h"

#include <stdio.h>
#include <string.h>

/* Replace the first match of [@from, @to) in @s, where @to is the first
 * @end after @from, with @with; @s has room for @cap bytes. */
static void normalise(char *s, size_t cap, const char *key, char end, const char *with)
{
	char *from = strstr(s, key), *to;
	size_t wl = strlen(with);

	if (!from || !(to = strchr(from + strlen(key), end)))
		return;
	to++;
	if ((size_t)(from - s) + wl + strlen(to) + 1 > cap)
		return;
	memmove(from + wl, to, strlen(to) + 1);
	memcpy(from, with, wl);
}

bool report_sig(const char *line, unsigned int flags, char *sig, size_t len)
{
	static const char *const skip[] = { "CPU:", "Hardware name:", "Call Trace:", "<TASK>",
		"</TASK>", "RIP:", "Code:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:", "? ",
		NULL };
	const char *p = line[0] == '[' ? strchr(line, ']') : NULL;
	char buf[1024];
	size_t n = 0;

	p = p ? p + 1 : line;
	while (*p == ' ')
		p++;
	for (int i = 0; skip[i]; i++)
		if (!strncmp(p, skip[i], strlen(skip[i])))
			return false;
	if (p[0] == '[' && p[1] == ' ' && strstr(p, "pid") == NULL)
		return false;	/* a task row */
	if (strchr(p, '+') && strchr(p, '/') && !strchr(p, ':'))
		return false;	/* a stack frame "func+0x44/0x5c" */
	if (!strchr(p, ' ') && !strchr(p, ':'))
		return false;	/* a stack frame of ours */
	/* comm names are words: give the victim's one name */
	snprintf(buf, sizeof(buf), "%s", p);
	normalise(buf, sizeof(buf), "Killed process ", ')', "Killed process 0 (COMM)");
	normalise(buf, sizeof(buf), "task=", ',', "task=COMM,");
	if (flags & OOMSIG_ANY_GFP)
		normalise(buf, sizeof(buf), "gfp_mask=0x", ')', "gfp_mask=0x0(GFP)");
	/* words only: a run of letters, '_', '-', '[', ']', '?' and the ':'
	 * or '=' that ends a key */
	for (p = buf; *p && n + 2 < len; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
		    c == '=' || c == '[' || c == ']' || c == '?' || c == '-')
			sig[n++] = c;
		else if (n && sig[n - 1] != ' ')
			sig[n++] = ' ';
	}
	sig[n] = '\0';
	/* values that are words: yes/no, the free lists' migratetype letters */
	{
		char *q = strstr(sig, "all_unreclaimable?");

		if (q)
			q[strlen("all_unreclaimable?")] = '\0';
		if (!strncmp(sig, "Node ", 5) && strstr(sig, " = kB")) {
			char *colon = strchr(sig, ':');

			if (colon)
				memmove(colon + 1, " = kB", 6);
		}
	}
	return n > 0;
}

const char *oom_report_sigs(const char *log, unsigned int flags, struct strbuf *out)
{
	const char *p = strstr(log, "invoked oom-killer");

	if (!p)
		return NULL;
	while (p > log && p[-1] != '\n')
		p--;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char line[1024], sig[1024];

		snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len :
							     sizeof(line) - 1), p);
		p = e ? e + 1 : p + len;
		if (report_sig(line, flags, sig, sizeof(sig))) {
			const char *k = strstr(sig, "invoked oom-killer");

			/* the comm in front of "invoked" is the allocating task's */
			sb_printf(out, "%s\n", k ? k : sig);
		}
		if (strstr(line, "Killed process"))
			break;
	}
	return p;
}
