/* core/proc_parse_misc.c - the smaller files of a real machine's snapshot:
 * /proc/vmstat (mm/vmstat.c vmstat_show), /proc/meminfo (fs/proc/meminfo.c
 * and drivers/base/node.c node_read_meminfo, in kB), the vm sysctls (`sysctl
 * vm`, "name value" lines, or one file of /proc/sys/vm), /proc/iomem, the
 * release (uname -r) and THP's enabled/defrag files.
 */
#include "buddyscope/realmachine.h"
#include "buddyscope/sim.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/vmstat.h"
#include "realmachine_int.h"
#include "strutil.h"

bool real_stat_name_ok(const char *s, int n)
{
	if (n <= 0)
		return false;
	for (int i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '(' ||
		      c == ')'))
			return false;
	}
	return true;
}

/* ---- /proc/vmstat ---- */

int real_parse_vmstat(struct real_machine *rm, int nid, const char *text, char *err,
		      size_t errlen)
{
	long *c = nid >= 0 && nid < MAX_NUMNODES ? rm->nodes[nid].c : rm->c;
	struct parser ps;
	struct words w;
	int lines = 0, ret;

	tp_init(&ps, text, err, errlen);
	while (tp_next_words(&ps, false, &w)) {
		long v;

		if (!w.n)
			continue;
		if (w.n != 2 || !real_stat_name_ok(w.s[0], w.len[0]))
			return tp_err(&ps, "not a vmstat line; accepted: NAME VALUE, as /proc/vmstat "
				      "prints");
		ret = real_value_word(&ps, &w, 1, &v);
		if (ret)
			return ret;
		lines++;
		if (real_set_counter(rm, c, w.s[0], w.len[0], v, false) || nid >= 0)
			continue;
		for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
			const char *name = vm_event_name((enum vm_event_item)i);

			if (name && tp_word_is(&w, 0, name)) {
				rm->vm_events[i] = (unsigned long)v;
				rm->have_events = true;
				break;
			}
		}
	}
	if (!lines) {
		ps.line = ps.line ? ps.line : 1;
		return tp_err(&ps, "no counters; accepted: the text of /proc/vmstat");
	}
	if (nid < 0)
		rm->have |= RF_VMSTAT;
	return 0;
}

/* ---- /proc/meminfo ---- */

static const struct {
	const char	*name;
	int		counter;
} meminfo_keys[] = {
	{ "Active(anon):", RC_ACTIVE_ANON }, { "Inactive(anon):", RC_INACTIVE_ANON },
	{ "Active(file):", RC_ACTIVE_FILE }, { "Inactive(file):", RC_INACTIVE_FILE },
	{ "Unevictable:", RC_UNEVICTABLE }, { "Mlocked:", RC_MLOCK },
	{ "AnonPages:", RC_ANON }, { "FilePages:", RC_FILE }, { "Shmem:", RC_SHMEM },
	{ "Mapped:", RC_MAPPED }, { "Dirty:", RC_DIRTY }, { "Writeback:", RC_WRITEBACK },
	{ "SReclaimable:", RC_SLAB_R }, { "SUnreclaim:", RC_SLAB_U },
	{ "PageTables:", RC_PAGETABLE }, { "KernelStack:", RC_KSTACK },
	{ "Buffers:", RC_BUFFERS }, { "AnonHugePages:", RC_ANON_THP }, { "MemFree:", RC_FREE },
};

int real_parse_meminfo(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	long *mi = rm->mi, huge_total = -1, huge_kb = 2048, cached = -1, swapcached = 0;
	struct parser ps;
	struct words w;
	int lines = 0, node = -1;

	tp_init(&ps, text, err, errlen);
	while (tp_next_words(&ps, false, &w)) {
		int k = 0, nid = -1;
		unsigned long v;

		if (!w.n)
			continue;
		if (tp_word_is(&w, 0, "Node")) {	/* "Node 0 MemTotal:  981452 kB" */
			if (real_node_word(&ps, &w, 1, &nid))
				return -EINVAL;
			k = 2;
		}
		if (w.n < k + 2 || w.len[k] < 2 || w.s[k][w.len[k] - 1] != ':' ||
		    (w.n == k + 3 && !tp_word_is(&w, k + 2, "kB")) || w.n > k + 3)
			return tp_err(&ps, "not a meminfo line; accepted: Name: N kB, as /proc/meminfo "
				      "prints");
		if (!tp_dec(w.s[k + 1], w.len[k + 1], (unsigned long)LONG_MAX, &v))
			return tp_err(&ps, "'%.*s' %s", WORD(&w, k + 1),
				      tp_dec_why(w.s[k + 1], w.len[k + 1]));
		if (node < 0 && nid >= 0) {
			node = nid;
			mi = rm->nodes[nid].mi;
		} else if (nid != node) {
			return tp_err(&ps, "meminfo of node %d and node %d in one file; give one per "
				      "file", node, nid);
		}
		lines++;
		for (size_t i = 0; i < sizeof(meminfo_keys) / sizeof(meminfo_keys[0]); i++)
			if (tp_word_is(&w, k, meminfo_keys[i].name))
				mi[meminfo_keys[i].counter] = (long)(v / 4);
		if (tp_word_is(&w, k, "HugePages_Total:"))
			huge_total = (long)v;
		else if (tp_word_is(&w, k, "Hugepagesize:"))
			huge_kb = (long)v;
		else if (tp_word_is(&w, k, "Cached:"))
			cached = (long)(v / 4);
		else if (tp_word_is(&w, k, "SwapCached:"))
			swapcached = (long)(v / 4);
		else if (tp_word_is(&w, k, "SwapTotal:") && nid < 0)
			rm->swap_total = v / 4;
		else if (tp_word_is(&w, k, "MemTotal:") && nid < 0) {
			rm->memtotal_kb = v;
			rm->memtotal_line = ps.line;
		}
	}
	if (!lines) {
		ps.line = ps.line ? ps.line : 1;
		return tp_err(&ps, "no lines; accepted: the text of /proc/meminfo");
	}
	/* nr_file_pages = Cached + Buffers + SwapCached (meminfo_proc_show) */
	if (mi[RC_FILE] < 0 && cached >= 0)
		mi[RC_FILE] = cached + (mi[RC_BUFFERS] > 0 ? mi[RC_BUFFERS] : 0) + swapcached;
	if (huge_total >= 0)
		mi[RC_HUGETLB] = huge_total * (huge_kb / 4);
	if (huge_total > 0)
		rm->hugepage_kb = (unsigned long)huge_kb;
	if (node < 0)
		rm->have |= RF_MEMINFO;
	return 0;
}

/* ---- vm sysctls ---- */

static int sysctl_store(struct real_machine *rm, const char *name, size_t nlen, const char *val,
			size_t vlen)
{
	struct real_sysctl *s = NULL;

	while (vlen && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t' || val[vlen - 1] == '\r'))
		vlen--;
	while (vlen && (*val == ' ' || *val == '\t')) {
		val++;
		vlen--;
	}
	if (nlen >= sizeof(s->name) || vlen >= sizeof(s->value))
		return 0;	/* nothing the model has is that long */
	for (int i = 0; i < rm->nr_sysctls; i++)
		if (strlen(rm->sysctls[i].name) == nlen && !memcmp(rm->sysctls[i].name, name, nlen))
			s = &rm->sysctls[i];
	if (!s) {
		if (rm->nr_sysctls == REAL_MAX_SYSCTLS)
			return 0;
		s = &rm->sysctls[rm->nr_sysctls++];
	}
	memcpy(s->name, name, nlen);
	s->name[nlen] = '\0';
	memcpy(s->value, val, vlen);
	s->value[vlen] = '\0';
	rm->have |= RF_SYSCTL;
	return 0;
}

/* "vm.NAME" or "NAME" is a vm sysctl the model has */
static bool sysctl_modelled(const char *name, size_t nlen)
{
	const char *known;

	if (nlen > 3 && !memcmp(name, "vm.", 3)) {
		name += 3;
		nlen -= 3;
	}
	for (size_t i = 0; (known = sim_sysctl_name_at(i)) != NULL; i++)
		if (strlen(known + 3) == nlen && !memcmp(known + 3, name, nlen))
			return true;
	return false;
}

/* A vm sysctl the model has: the kernel prints integers, one or (for
 * lowmem_reserve_ratio) one a zone type. Return the first bad word, or NULL. */
static const char *sysctl_bad_word(const char *name, size_t nlen, const char *val, size_t vlen,
				   int *badlen)
{
	const char *end = val + vlen;
	bool modelled = sysctl_modelled(name, nlen);

	while (modelled && val < end) {
		const char *w;

		while (val < end && (*val == ' ' || *val == '\t' || *val == '\r'))
			val++;
		if (val == end)
			break;
		w = val;
		if (*val == '-')
			val++;
		while (val < end && *val >= '0' && *val <= '9')
			val++;
		if (val == w || (val == w + 1 && *w == '-') ||
		    (val < end && *val != ' ' && *val != '\t' && *val != '\r')) {
			while (val < end && *val != ' ' && *val != '\t' && *val != '\r')
				val++;
			*badlen = (int)(val - w);
			return w;
		}
	}
	return NULL;
}

int real_parse_sysctl(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct parser ps;
	struct words w;
	int lines = 0;

	tp_init(&ps, text, err, errlen);
	while (tp_next_words(&ps, true, &w)) {
		const char *name, *val, *bad;
		size_t nlen;
		int badlen;

		if (!w.n || tp_word_starts(&w, 0, "sysctl:"))
			continue;	/* "sysctl: permission denied on key ..." */
		name = w.s[0];
		nlen = (size_t)w.len[0];
		if (tp_word_is(&w, 1, "=")) {		/* vm.name = value */
			/* "vm.stat_refresh = ": write-mostly files read as
			 * nothing; an error only for one the model uses */
			if (w.n < 3 && sysctl_modelled(name, (size_t)w.len[0]))
				return tp_err(&ps, "'%.*s =' without a value", WORD(&w, 0));
			if (w.n < 3)
				continue;
			val = w.s[2];
		} else if (w.n >= 2) {			/* name value */
			val = w.s[1];
		} else {
			return tp_err(&ps, "'%.*s' has no value; accepted: vm.NAME = VALUE (as `sysctl "
				      "vm` prints) or NAME VALUE", WORD(&w, 0));
		}
		lines++;
		if (nlen > 3 && !memcmp(name, "vm.", 3)) {
			name += 3;
			nlen -= 3;
		} else if (memchr(name, '.', nlen)) {
			continue;	/* kernel.*, net.*: `sysctl -a` */
		}
		bad = sysctl_bad_word(name, nlen, val, (size_t)(w.end - val), &badlen);
		if (bad)
			return tp_err(&ps, "vm.%.*s: '%.*s' is not a number; the kernel prints "
				      "integers", (int)nlen, name, badlen, bad);
		sysctl_store(rm, name, nlen, val, (size_t)(w.end - val));
	}
	if (!lines) {
		ps.line = ps.line ? ps.line : 1;
		return tp_err(&ps, "no sysctl lines; accepted: `sysctl vm` output or NAME VALUE lines");
	}
	return 0;
}

int real_parse_sysctl_file(struct real_machine *rm, const char *name, const char *text,
			   char *err, size_t errlen)
{
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);

	if (nl && nl[1] && strspn(nl + 1, " \t\r\n") != strlen(nl + 1))
		return snprintf(err, errlen, "line 2: a sysctl file holds one line"), -EINVAL;
	if (!len)
		return snprintf(err, errlen, "line 1: empty; a sysctl file holds its value"), -EINVAL;
	{
		int badlen;
		const char *bad = sysctl_bad_word(name, strlen(name), text, len, &badlen);

		if (bad)
			return snprintf(err, errlen, "line 1: '%.*s' is not a number; the kernel "
					"prints integers", badlen, bad), -EINVAL;
	}
	return sysctl_store(rm, name, strlen(name), text, len);
}

const char *realmachine_sysctl(const struct real_machine *rm, const char *name)
{
	for (int i = 0; i < rm->nr_sysctls; i++)
		if (!strcmp(rm->sysctls[i].name, name))
			return rm->sysctls[i].value;
	return NULL;
}

/* ---- /proc/iomem ---- */

/* "2fe00000-30c01d31 : Kernel code" at depth (leading blanks / 2) */
int real_parse_iomem(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct parser ps;
	struct words w;
	bool nonzero = false;
	int lines = 0;

	tp_init(&ps, text, err, errlen);
	rm->nr_ranges = 0;
	while (tp_next_words(&ps, false, &w)) {
		unsigned long lo, hi;
		const char *dash, *name;
		int depth = (int)(w.s[0] - w.start);
		size_t nlen;
		int kind = -1;

		if (!w.n)
			continue;
		dash = memchr(w.s[0], '-', (size_t)w.len[0]);
		if (w.n < 3 || !tp_word_is(&w, 1, ":") || !dash ||
		    !tp_hex(w.s[0], (int)(dash - w.s[0]), (unsigned long)-1, &lo) ||
		    !tp_hex(dash + 1, w.len[0] - (int)(dash - w.s[0]) - 1, (unsigned long)-1, &hi) ||
		    hi < lo)
			return tp_err(&ps, "not an iomem line; accepted: START-END : NAME (hex "
				      "addresses), as /proc/iomem prints");
		lines++;
		nonzero |= hi != 0;
		name = w.s[2];
		nlen = (size_t)(w.end - name);
		if (depth == 0 && nlen == 10 && !memcmp(name, "System RAM", 10))
			kind = IOMEM_RAM;
		else if (depth == 0 && nlen == 8 && (!memcmp(name, "Reserved", 8) ||
						     !memcmp(name, "reserved", 8)))
			kind = IOMEM_RESERVED;
		else if (depth > 0 && nlen > 7 && !memcmp(name, "Kernel ", 7))
			kind = IOMEM_KERNEL;
		if (kind < 0 || rm->nr_ranges == REAL_MAX_RANGES)
			continue;
		if (lo >> PAGE_SHIFT >= MAX_PFN_LIMIT)
			continue;
		{
			struct real_range *r = &rm->ranges[rm->nr_ranges++];
			unsigned long end = hi >> PAGE_SHIFT;	/* last page touched */

			r->kind = (uint8_t)kind;
			if (kind == IOMEM_RAM) {	/* whole pages only, as memblock keeps them */
				r->start = (lo + PAGE_SIZE - 1) >> PAGE_SHIFT;
				r->end = (hi + 1) >> PAGE_SHIFT;
			} else {			/* every page touched */
				r->start = lo >> PAGE_SHIFT;
				r->end = end + 1;
			}
			if (r->end > MAX_PFN_LIMIT)
				r->end = MAX_PFN_LIMIT;
			if (r->end <= r->start)
				rm->nr_ranges--;
		}
	}
	if (!lines) {
		ps.line = ps.line ? ps.line : 1;
		return tp_err(&ps, "no ranges; accepted: the text of /proc/iomem");
	}
	if (!nonzero)
		return tp_err(&ps, "every address is 0: /proc/iomem was read without root; copy it "
			      "as root");
	rm->have |= RF_IOMEM;
	return 0;
}

/* ---- release, THP ---- */

void realmachine_set_release(struct real_machine *rm, const char *s, size_t n)
{
	unsigned long major = 0, minor = 0;
	size_t i = 0;

	if (n >= sizeof(rm->release))
		n = sizeof(rm->release) - 1;
	memcpy(rm->release, s, n);
	rm->release[n] = '\0';
	while (i < n && s[i] >= '0' && s[i] <= '9' && major < 100)
		major = major * 10 + (unsigned long)(s[i++] - '0');
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9' && minor < 1000)
			minor = minor * 10 + (unsigned long)(s[i++] - '0');
	}
	if (major >= 2 && major < 100) {
		rm->ver_major = (int)major;
		rm->ver_minor = (int)minor;
	}
}

int real_parse_release(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct parser ps;
	struct words w;

	tp_init(&ps, text, err, errlen);
	while (tp_next_words(&ps, false, &w)) {
		int i = 0;

		if (!w.n)
			continue;
		/* /proc/version: "Linux version 6.1.0-56-amd64 (builder) ..." */
		if (w.n > 2 && tp_word_is(&w, 0, "Linux") && tp_word_is(&w, 1, "version"))
			i = 2;
		else if (w.n != 1)
			i = -1;
		if (i < 0 || w.s[i][0] < '2' || w.s[i][0] > '9')
			return tp_err(&ps, "not a kernel release; accepted: one line as `uname -r` "
				      "prints, e.g. 6.1.0-56-amd64, or /proc/version");
		realmachine_set_release(rm, w.s[i], (size_t)w.len[i]);
		if (!rm->ver_major)
			return tp_err(&ps, "'%.*s' has no version number", WORD(&w, i));
		rm->have |= RF_KERNEL;
		return 0;
	}
	ps.line = 1;
	return tp_err(&ps, "empty; accepted: one line as `uname -r` prints");
}

int real_parse_thp(struct real_machine *rm, bool defrag, const char *text, char *err,
		   size_t errlen)
{
	char *out = defrag ? rm->thp_defrag : rm->thp_enabled;
	struct parser ps;
	struct words w;

	tp_init(&ps, text, err, errlen);
	if (tp_next_words(&ps, false, &w))
		for (int i = 0; i < w.n && i < TP_MAX_WORDS; i++)
			if (w.len[i] > 2 && w.s[i][0] == '[' && w.s[i][w.len[i] - 1] == ']' &&
			    w.len[i] - 2 < 16) {
				memcpy(out, w.s[i] + 1, (size_t)w.len[i] - 2);
				out[w.len[i] - 2] = '\0';
				return 0;
			}
	ps.line = 1;
	return tp_err(&ps, "no [choice]; accepted: the text of the THP %s file, e.g. always "
		      "[madvise] never", defrag ? "defrag" : "enabled");
}

int real_parse_uptime_file(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct parser ps;
	struct words w;
	unsigned long sec = 0, frac = 0;
	const char *dot;
	int nd;

	tp_init(&ps, text, err, errlen);
	if (!tp_next_words(&ps, false, &w) || !w.n || w.n > 2)
		return tp_err(&ps, "not an uptime; accepted: SECONDS[.FRACTION] as /proc/uptime "
			      "prints");
	dot = memchr(w.s[0], '.', (size_t)w.len[0]);
	nd = dot ? w.len[0] - (int)(dot - w.s[0]) - 1 : 0;
	if (!tp_dec(w.s[0], dot ? (int)(dot - w.s[0]) : w.len[0], 1UL << 32, &sec) ||
	    (dot && (nd < 1 || nd > 9 || !tp_dec(dot + 1, nd, 999999999, &frac))))
		return tp_err(&ps, "'%.*s' is not an uptime in seconds", WORD(&w, 0));
	for (; dot && nd < 9; nd++)
		frac *= 10;
	rm->uptime_ns = (uint64_t)sec * 1000000000ULL + frac;
	return 0;
}
