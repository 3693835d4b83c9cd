/* tests/fuzz/driver.c - run the fuzz targets without libFuzzer, so that gcc
 * CI runs them (`make test` runs build/fuzz-driver and build/san/fuzz-driver).
 *
 * For each target: replay every file of tests/fuzz/corpus/TARGET/ (in name
 * order), then N mutations of each file made with a PRNG of our own seeded
 * from the target, the file name and the mutation number: bit flips, byte
 * inserts and deletes, numbers swapped for edge values, words spliced in from
 * a dictionary (command names, GFP names, sysctl names, words of the target),
 * pieces of other corpus files. Same corpus, same inputs, every run; no clock.
 * A crash is caught by ASan/UBSan in the san build (the input is named on
 * stderr first); a broken invariant (fuzz_fail) prints "not ok TARGET" with
 * the input. The last line is "N passed, N failed", one test per target.
 *
 *   build/fuzz-driver [-C CORPUS] [-n N] [-f FILE] [-k K] [-o DIR] [-v] [TARGET...]
 *   build/fuzz-driver -r PATH TARGET        replay one input file (a libFuzzer crash)
 *
 *   -C CORPUS  corpus directory (default: tests/fuzz/corpus, found from the
 *              current directory or from the binary's)
 *   -n N       mutations per corpus file (default: each target's own)
 *   -f FILE    only the corpus file named FILE
 *   -k K       only input K of each file: 0 the file itself, 1..N a mutation
 *   -o DIR     save every failing input as DIR/TARGET-FILE-K
 *   -v         name each input before running it
 *
 * libFuzzer (clang; libclang-rt-14-dev has it): build the objects with
 * coverage (the fuzz-driver target builds them all), then link one binary per
 * target without driver.c; each fuzz_*.c then defines LLVMFuzzerTestOneInput
 * itself (FUZZ_TARGET in fuzz.h):
 *
 *   B=build/libfuzzer SAN=fuzzer-no-link,address,undefined
 *   make BUILD=$B CC=clang WERROR= CFLAGS="-O1 -g -fsanitize=$SAN" LDFLAGS=-fsanitize=$SAN \
 *     $B/fuzz-driver
 *   for t in cmdline gfp machine lua alloc; do
 *     clang -O1 -g -fsanitize=fuzzer,address,undefined -std=c11 -D_DEFAULT_SOURCE \
 *       -Iinclude -Iapp $(pkg-config --cflags ncursesw readline lua5.4) tests/fuzz/fuzz_$t.c \
 *       $(find $B/app -name '*.o' ! -name main.o) $B/libbuddyscope.a \
 *       $(pkg-config --libs ncursesw readline lua5.4) -lm -o $B/fuzz_$t
 *   done
 *   $B/fuzz_gfp -max_len=1024 tests/fuzz/corpus/gfp
 *   $B/fuzz_lua -max_len=2048 -timeout=10 tests/fuzz/corpus/lua
 *
 * (fuzz_gfp, fuzz_machine and fuzz_alloc need only libbuddyscope.a.)
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buddyscope/gfp.h"
#include "buddyscope/sim.h"
#include "commands.h"

#define INPUT_MAX	(64 << 10)	/* corpus files and mutations stay below this */
#define MAX_FILES	256
#define MAX_SHOWN	5		/* failures printed per target */

/* ---- targets ---- */

static const char *const words_cmdline[] = {
	"buddyinfo", "pagetypeinfo", "zoneinfo", "vmstat", "zone", "page", "gfp", "all", "list",
	"spawn", "touch", "access", "unmap", "free", "exit", "adj", "current", "anon", "file",
	"dirty", "on", "off", "show", "clear", "reclaimable", "unmovable", "x1", "x8", "x9",
	"x1000000", "task=", "cpu=", "order=", "DMA", "DMA32", "Normal", "Movable", "0:DMA32",
	"node 0 Normal", "tiny", "bash", "hog", "\"", "'", "#", " ", "|", "=", "0x", "-1",
	"__alloc_pages_slowpath", "get_page_from_freelist", "NOPAGE", "GOT_PG",
};
static const char *const words_gfp[] = {
	"|", "+", " ", "0x", "none", "__GFP_", "GFP_", "0xffffffff", "0x4000000", "4294967296",
	"18446744073709551616", "__", "||", "| ",
};
static const char *const words_machine[] = {
	"name ", "summary ", "node 0 cpus 2", "node 1 cpus 2", "zone 0 ", "zone 1 ", "DMA ",
	"DMA32 ", "Normal ", "Movable ", "start ", "spanned ", "present ", "managed ", "distance ",
	"sysctl ", "vm.min_free_kbytes ", "vm.watermark_scale_factor ", "4K ", "16M ", "4G ",
	"1T ", "0x", "Node 0, zone ", "Node 1, zone ", "      DMA", "   Normal", "  Device",
	"  HighMem", "  pages free     3956\n", "        spanned  ", "        present  ",
	"        managed  ", "  start_pfn:  ", "    cpu: ", "  pagesets\n", "\n", "#",
	"4294967295", "2147483648", "18446744073709551615",
};
static const char *const words_lua[] = {
	"bs.", "bs.cmd(", "bs.alloc{", "bs.free{", "bs.free(", "bs.start{", "bs.step()",
	"bs.zone(", "bs.zones()", "bs.page(", "bs.block(", "bs.node(0)", "bs.machine(\"tiny\")",
	"bs.on(", "bs.events(", "bs.sysctl(", "bs.tasks()", "bs.gfp(", "bs.vmstat()",
	"bs.free_list(", "bs.watermark_ok(", "bs.inspect(", "gfp=", "order=", "count=",
	"local ", "function", "end", "return ", "if ", "then ", "else ", "for i = 1, 3 do ",
	"(", ")", "{", "}", "[", "]", ",", "=", "..", "#", "nil", "true", "false", "\"", "'",
	"print(", "pcall(", "error(", "tostring(", "setmetatable({}, {__gc = function() end})",
	"coroutine.wrap(", "coroutine.yield(", "string.rep(\"x\", 99)", "load(", "math.random(",
	"string.rep(\"\", ", "table.move(", "table.insert(", "table.remove(", "__len = ",
	"lesson{title = \"t\", machine = \"tiny\", seed = 1}\n", "say(", "pause()",
	"predict{", "expect(", "\n--next\n", "--lesson\n", "0x1c00", "2^63", "-1", "1e308",
};
static const char *const words_pattern[] = {
	"%a", "%d", "%s", "%w", "%x", "%p", "%A", "%S", "%%", "%.", "[", "]", "[^", "^", "$", "(",
	")", "()", "*", "+", "-", "?", ".", "%b()", "%f[%w]", "%1", "%2", "%0", "\n", "a", "x",
};
static const char *const words_alloc[] = { "\x00", "\xff", "\xe0", "\x80", "\x7f", "\x13" };
static const char *const words_proc[] = {
	"=== zoneinfo\n", "=== buddyinfo\n", "=== pagetypeinfo\n", "=== vmstat\n",
	"=== meminfo\n", "=== sysctl\n", "=== iomem\n", "=== kernel\n", "Node 0, zone ",
	"Node 1, zone ", "DMA32", "Normal", "Movable", "Device", "HighMem", "  pages free ",
	"        min ", "        spanned ", "        present ", "        managed ",
	"  start_pfn: ", "    cpu: ", "count: ", "high: ", "batch: ", "protection: (0, 1, 2)",
	"  per-node stats\n", "nr_inactive_anon ", "nr_slab_reclaimable ", ">100000",
	", type    Unmovable ", "Number of blocks type     Unmovable      Movable\n",
	"Page block order: 9\n", " kB\n", "HugePages_Total: ", "vm.lowmem_reserve_ratio = ",
	"00100000-3ffd9fff : System RAM\n", "  2fe00000-30c01d31 : Kernel code\n",
	"18446744073709551615", "4294967295", "0x",
};
static const char *const words_trace[] = {
	"mm_page_alloc: ", "mm_page_free: ", "mm_page_free_batched: ",
	"mm_page_alloc_zone_locked: ", "mm_page_pcpu_drain: ", "mm_page_alloc_extfrag: ",
	"pfn=0x1c00 ", "pfn=7168 ", "pfn=0x1fff ", "order=0 ", "order=9 ", "order=10 ",
	"migratetype=1 ", "percpu_refill=1", "page=(null) ", "gfp_flags=GFP_KERNEL",
	"gfp_flags=GFP_TRANSHUGE_LIGHT|__GFP_THISNODE", "gfp_flags=0x140dca",
	" [000] ..... ", " [001] d..3. ", "  4.312059: ", "bash-1 ", "CPU:0 [LOST 5 EVENTS]",
	"change_ownership=1 ", "alloc_order=0 fallback_order=9 alloc_migratetype=0 "
	"fallback_migratetype=1 ", "\n",
};

static const char *const words_kmsg[] = {
	": page allocation failure: order:", " invoked oom-killer: gfp_mask=", ", order=",
	", oom_score_adj=", "mode:0xcc0(GFP_KERNEL)", "CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1\n",
	"Mem-Info:\n", "Node 0 DMA32 free:", "Node 0 DMA free:", "kB min:", "kB low:", "kB high:",
	"kB present:", "kB managed:", "reserved_highatomic:", "free_cma:", "lowmem_reserve[]: 0 943 943\n",
	"Node 0 DMA32: ", "*4kB (UME) ", "*4096kB (M) ", "= 4476kB\n", "[  pid  ]   uid  tgid total_vm "
	"     rss pgtables_bytes swapents oom_score_adj name\n", "[    127]     0   127    24823 "
	"   24699   233472        0          -500 memhog\n", "Out of memory: Killed process 129 (memhog)",
	"Kill process 5 (a) score 9 or sacrifice child", "Total swap = 0kB\n", "[    8.945616] ",
	"Zone ranges:\n", "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n", "\n",
};

struct target {
	const char	*name;
	int		(*fn)(const uint8_t *data, size_t size);
	unsigned int	mutations;	/* per corpus file, by default */
	size_t		max_len;	/* mutations stay this short */
	const char *const *words;	/* the target's own dictionary */
	size_t		nr_words;
	bool		common_words;	/* also command, GFP and sysctl names */
};

#define WORDS(w) w, sizeof(w) / sizeof(w[0])
static const struct target targets[] = {
	{ "gfp", fuzz_gfp, 600, 256, WORDS(words_gfp), true },
	{ "machine", fuzz_machine, 300, 4096, WORDS(words_machine), false },
	{ "cmdline", fuzz_cmdline, 150, 2048, WORDS(words_cmdline), true },
	{ "lua", fuzz_lua, 60, 2048, WORDS(words_lua), true },
	{ "alloc", fuzz_alloc, 150, 1024, WORDS(words_alloc), false },
	{ "pattern", fuzz_pattern, 80, 512, WORDS(words_pattern), false },
	{ "proc", fuzz_proc, 40, 16384, WORDS(words_proc), false },
	{ "trace", fuzz_trace, 60, 8192, WORDS(words_trace), true },
	{ "kmsg", fuzz_kmsg, 40, 16384, WORDS(words_kmsg), false },
};
#define NR_TARGETS (sizeof(targets) / sizeof(targets[0]))

/* ---- the PRNG: splitmix64, seeded per input ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* ---- the dictionary ---- */

static const char **dict;
static size_t nr_dict;

static void dict_add(const char *w)
{
	static size_t cap;

	if (nr_dict == cap) {
		cap = cap ? 2 * cap : 256;
		dict = realloc(dict, cap * sizeof(*dict));
		if (!dict) {
			fputs("fuzz-driver: out of memory\n", stderr);
			exit(2);
		}
	}
	dict[nr_dict++] = w;
}

static void dict_build(const struct target *t)
{
	const char *w;

	nr_dict = 0;
	for (size_t i = 0; i < t->nr_words; i++)
		dict_add(t->words[i]);
	if (!t->common_words)
		return;
	for (size_t i = 0; (w = cmd_name_at(i)); i++)
		dict_add(w);
	for (size_t i = 0; (w = gfp_name_at(i)); i++)
		dict_add(w);
	for (size_t i = 0; (w = sim_sysctl_name_at(i)); i++)
		dict_add(w);
}

/* ---- mutations ---- */

struct input {
	uint8_t		*data;
	size_t		len;
};

struct corpus {
	char		*names[MAX_FILES];	/* owned */
	struct input	files[MAX_FILES];	/* owned */
	int		n;
};

static void insert(struct input *in, size_t max, size_t at, const void *p, size_t n)
{
	if (in->len + n > max)
		n = max - in->len;
	memmove(in->data + at + n, in->data + at, in->len - at);
	memcpy(in->data + at, p, n);
	in->len += n;
}

static void erase(struct input *in, size_t at, size_t n)
{
	if (n > in->len - at)
		n = in->len - at;
	memmove(in->data + at, in->data + at + n, in->len - at - n);
	in->len -= n;
}

static bool is_word(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c == '.';
}

/* Replace the number (or word) around @at with @w. */
static void replace_around(struct input *in, size_t max, size_t at, bool digits, const char *w)
{
	size_t a = at, b = at;

	while (a > 0 && (digits ? in->data[a - 1] >= '0' && in->data[a - 1] <= '9'
				: is_word(in->data[a - 1])))
		a--;
	while (b < in->len && (digits ? in->data[b] >= '0' && in->data[b] <= '9'
				       : is_word(in->data[b])))
		b++;
	erase(in, a, b - a);
	insert(in, max, a, w, strlen(w));
}

static void mutate(struct input *in, size_t max, const struct corpus *c)
{
	static const char *const numbers[] = {
		"0", "1", "2", "3", "7", "8", "10", "11", "16", "31", "32", "63", "64", "255", "256",
		"1000", "1001", "4095", "4096", "8191", "8192", "65535", "1000000", "1000001",
		"2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
		"18446744073709551615", "18446744073709551616", "0x0", "0xffffffff", "-1",
	};
	static const char bytes[] = " \t\n|+#\"'=x0123456789{}(),.-:";
	int rounds = 1 + (int)below(4);

	while (rounds--) {
		size_t at = below(in->len + 1);
		uint8_t b;

		switch (below(8)) {
		case 0:			/* flip a bit */
			if (in->len)
				in->data[below(in->len)] ^= (uint8_t)(1u << below(8));
			break;
		case 1:			/* insert a byte */
			b = below(4) ? (uint8_t)bytes[below(sizeof(bytes) - 1)] : (uint8_t)rng();
			insert(in, max, at, &b, 1);
			break;
		case 2:			/* delete a few bytes */
			if (at < in->len)
				erase(in, at, 1 + below(below(4) ? 2 : 16));
			break;
		case 3:			/* an edge value for a number */
			replace_around(in, max, at, true,
				       numbers[below(sizeof(numbers) / sizeof(numbers[0]))]);
			break;
		case 4:			/* splice a dictionary word in */
			if (nr_dict) {
				const char *w = dict[below(nr_dict)];

				insert(in, max, at, w, strlen(w));
			}
			break;
		case 5:			/* swap a word for a dictionary word */
			if (nr_dict && at < in->len)
				replace_around(in, max, at, false, dict[below(nr_dict)]);
			break;
		case 6:			/* a piece of another corpus file */
			if (c->n) {
				const struct input *o = &c->files[below((size_t)c->n)];
				size_t from = below(o->len), n = 1 + below(o->len - from);

				if (o->len)
					insert(in, max, at, o->data + from, n);
			}
			break;
		default:		/* repeat a piece of itself */
			if (in->len) {
				size_t from = below(in->len), n = 1 + below(in->len - from);
				uint8_t piece[256];

				if (n > sizeof(piece))
					n = sizeof(piece);
				memcpy(piece, in->data + from, n);
				insert(in, max, at, piece, n);
			}
			break;
		}
	}
}

/* ---- failures and crashes ---- */

static const char *cur_target = "", *cur_file = "";
static unsigned int cur_k;
static const struct input *cur_input;
static int nr_failures;		/* fuzz_fail calls in this target */
static const char *save_dir;

/* Write @in as a C string, cut at @max bytes, to @fd (async-signal-safe). */
static void write_escaped(int fd, const struct input *in, size_t max)
{
	static char buf[4 * 1024 + 16];
	size_t n = 0;

	for (size_t i = 0; i < in->len && i < max && n + 8 < sizeof(buf); i++) {
		static const char hex[] = "0123456789abcdef";
		uint8_t c = in->data[i];

		if (c == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else if (c == '\\' || c == '"') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c >= ' ' && c < 0x7f) {
			buf[n++] = (char)c;
		} else {
			buf[n++] = '\\';
			buf[n++] = 'x';
			buf[n++] = hex[c >> 4];
			buf[n++] = hex[c & 15];
		}
	}
	buf[n++] = '"';
	if (in->len > max) {
		memcpy(buf + n, " ...", 4);
		n += 4;
	}
	buf[n++] = '\n';
	if (write(fd, "#   input \"", 11) < 0 || write(fd, buf, n) < 0)
		return;
}

static void save_input(void)
{
	char path[1024];
	int fd;

	if (!save_dir || !cur_input)
		return;
	snprintf(path, sizeof(path), "%s/%s-%s-%u", save_dir, cur_target, cur_file, cur_k);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, cur_input->data, cur_input->len) < 0)
			perror(path);
		close(fd);
	}
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	if (nr_failures++ >= MAX_SHOWN)
		return;
	printf("# %s: %s input %u: ", cur_target, cur_file, cur_k);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (cur_input)
		write_escaped(STDOUT_FILENO, cur_input, 600);
	save_input();
}

/* Name the input that crashed, on stderr, before the sanitizer's report
 * ends the process (or after a signal in a plain build). */
static void on_death(void)
{
	static const char head[] = "fuzz-driver: crashed on ";
	const char *parts[] = { head, cur_target, " ", cur_file, " input " };
	char num[16];
	size_t n = sizeof(num);
	unsigned int k = cur_k;

	fflush(stdout);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (write(STDERR_FILENO, parts[i], strlen(parts[i])) < 0)
			return;
	num[--n] = '\n';
	do {
		num[--n] = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	if (write(STDERR_FILENO, num + n, sizeof(num) - n) < 0)
		return;
	if (cur_input)
		write_escaped(STDERR_FILENO, cur_input, 600);
	save_input();
}

static void on_signal(int sig)
{
	on_death();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ASan calls this before it exits; absent in a plain build. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

/* gcc links UBSan as a runtime of its own that does not call ASan's death
 * callback: make it abort (and show the stack), so SIGABRT names the input. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:abort_on_error=1";
}

static void catch_crashes(void)
{
	signal(SIGABRT, on_signal);
	if (__sanitizer_set_death_callback) {
		__sanitizer_set_death_callback(on_death);
		return;		/* ASan reports the deadly signals itself */
	}
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);
}

/* ---- the corpus ---- */

static bool read_file(const char *path, struct input *in)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	in->data = malloc(INPUT_MAX);
	if (!in->data) {
		fclose(f);
		return false;
	}
	n = fread(in->data, 1, INPUT_MAX, f);
	fclose(f);
	in->len = n;
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read CORPUS/TARGET/ in name order. Return: the number of files, or -1. */
static int load_corpus(const char *dir, const char *target, const char *only, struct corpus *c)
{
	char path[4096];
	struct dirent *de;
	DIR *d;

	c->n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, target);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d)) && c->n < MAX_FILES) {
		if (de->d_name[0] == '.' || (only && strcmp(de->d_name, only)))
			continue;
		c->names[c->n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(c->names, (size_t)c->n, sizeof(c->names[0]), by_name);
	for (int i = 0; i < c->n; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", dir, target, c->names[i]);
		if (!c->names[i] || !read_file(path, &c->files[i])) {
			fprintf(stderr, "fuzz-driver: cannot read %s\n", path);
			return -1;
		}
	}
	return c->n;
}

static void free_corpus(struct corpus *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->names[i]);
		free(c->files[i].data);
		c->names[i] = NULL;
		c->files[i].data = NULL;
	}
	c->n = 0;
}

/* tests/fuzz/corpus from the current directory, or above the binary. */
static const char *find_corpus(const char *argv0)
{
	static char path[4096];
	struct stat st;
	const char *slash = strrchr(argv0, '/');

	if (!stat("tests/fuzz/corpus", &st))
		return "tests/fuzz/corpus";
	for (int up = 1; slash && up <= 3; up++) {
		int n = snprintf(path, sizeof(path), "%.*s", (int)(slash - argv0), argv0);

		for (int i = 0; i < up && n < (int)sizeof(path); i++)
			n += snprintf(path + n, sizeof(path) - (size_t)n, "/..");
		snprintf(path + n, sizeof(path) - (size_t)n, "/tests/fuzz/corpus");
		if (!stat(path, &st))
			return path;
	}
	return NULL;
}

/* ---- running ---- */

struct options {
	const char	*corpus;
	long		mutations;	/* -1: each target's default */
	const char	*only_file;
	long		only_k;		/* -1: all */
	bool		verbose;
};

static void run_input(const struct target *t, const struct input *in, const struct options *o)
{
	cur_input = in;
	if (o->verbose) {
		printf("# %s %s input %u (%zu bytes)\n", t->name, cur_file, cur_k, in->len);
		fflush(stdout);
	}
	t->fn(in->data, in->len);
	cur_input = NULL;
}

/* Run one target over its corpus. Return: true if it passed. */
static bool run_target(const struct target *t, const struct options *o)
{
	static struct corpus c;
	struct input m = { NULL, 0 };
	unsigned long inputs = 0;
	unsigned int n = o->mutations >= 0 ? (unsigned int)o->mutations : t->mutations;
	int files = load_corpus(o->corpus, t->name, o->only_file, &c);

	cur_target = t->name;
	nr_failures = 0;
	if (files <= 0) {
		printf("not ok %s\n# no corpus files in %s/%s\n", t->name, o->corpus, t->name);
		free_corpus(&c);
		return false;
	}
	dict_build(t);
	m.data = malloc(INPUT_MAX);
	for (int f = 0; f < c.n && m.data; f++) {
		cur_file = c.names[f];
		for (unsigned int k = 0; k <= n; k++) {
			if (o->only_k >= 0 && k != (unsigned long)o->only_k)
				continue;
			cur_k = k;
			m.len = c.files[f].len < t->max_len || !k ? c.files[f].len : t->max_len;
			memcpy(m.data, c.files[f].data, m.len);
			if (k) {
				rng_state = fnv1a(c.names[f], fnv1a(t->name, 0xcbf29ce484222325ULL)) + k;
				mutate(&m, t->max_len > m.len ? t->max_len : m.len, &c);
			}
			run_input(t, &m, o);
			inputs++;
		}
	}
	free(m.data);
	if (nr_failures > MAX_SHOWN)
		printf("# %s: %d more failures not shown\n", t->name, nr_failures - MAX_SHOWN);
	printf("%s %s (%d files, %lu inputs)\n", nr_failures ? "not ok" : "ok", t->name, files,
	       inputs);
	fflush(stdout);
	free_corpus(&c);
	cur_target = cur_file = "";
	return nr_failures == 0;
}

static const struct target *find_target(const char *name)
{
	for (size_t i = 0; i < NR_TARGETS; i++)
		if (!strcmp(targets[i].name, name))
			return &targets[i];
	return NULL;
}

static int replay(const char *path, const struct target *t)
{
	struct input in;

	if (!read_file(path, &in)) {
		fprintf(stderr, "fuzz-driver: cannot read %s\n", path);
		return 2;
	}
	cur_target = t->name;
	cur_file = path;
	cur_input = &in;
	t->fn(in.data, in.len);
	cur_input = NULL;
	printf("%s %s %s\n", nr_failures ? "not ok" : "ok", t->name, path);
	printf("%d passed, %d failed\n", !nr_failures, !!nr_failures);
	free(in.data);
	return nr_failures ? 1 : 0;
}

static void usage(void)
{
	fputs("usage: fuzz-driver [-C CORPUS] [-n N] [-f FILE] [-k K] [-o DIR] [-v] [TARGET...]\n"
	      "       fuzz-driver -r PATH TARGET\n"
	      "targets:", stderr);
	for (size_t i = 0; i < NR_TARGETS; i++)
		fprintf(stderr, " %s", targets[i].name);
	fputc('\n', stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct options o = { NULL, -1, NULL, -1, false };
	const char *replay_path = NULL;
	bool chosen[NR_TARGETS] = { false }, any = false;
	int passed = 0, failed = 0, opt;

	while ((opt = getopt(argc, argv, "C:n:f:k:o:r:v")) != -1) {
		switch (opt) {
		case 'C': o.corpus = optarg; break;
		case 'n': o.mutations = strtol(optarg, NULL, 10); break;
		case 'f': o.only_file = optarg; break;
		case 'k': o.only_k = strtol(optarg, NULL, 10); break;
		case 'o': save_dir = optarg; break;
		case 'r': replay_path = optarg; break;
		case 'v': o.verbose = true; break;
		default: usage();
		}
	}
	for (int i = optind; i < argc; i++) {
		const struct target *t = find_target(argv[i]);

		if (!t) {
			fprintf(stderr, "fuzz-driver: no target '%s'\n", argv[i]);
			usage();
		}
		chosen[t - targets] = any = true;
	}
	/* a script must never wait for a terminal (bs.machine "file:/dev/stdin") */
	if (!freopen("/dev/null", "r", stdin))
		return 2;
	catch_crashes();
	if (replay_path) {
		if (argc - optind != 1)
			usage();
		return replay(replay_path, find_target(argv[optind]));	/* checked above */
	}
	if (!o.corpus && !(o.corpus = find_corpus(argv[0]))) {
		puts("not ok corpus\n# tests/fuzz/corpus not found; give it with -C");
		puts("0 passed, 1 failed");
		return 1;
	}
	for (size_t i = 0; i < NR_TARGETS; i++) {
		if (any && !chosen[i])
			continue;
		if (run_target(&targets[i], &o))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
