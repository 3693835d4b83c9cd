#!/bin/sh
# tests/tui/cli.sh BINARY - the program without a screen: no terminal or
# --batch gives plain text; its own options (-V, -h, -c, FILE, --replay,
# quiz) answer or are refused with one line; files that are not what a
# command reads (compressed without the tool, a folder, NUL bytes, a line
# too long, a pipe-like kernel file) and hostile lessons are refused.
# (The screen itself: tests/tui/run.sh; Ctrl-C: tests/tui/interrupt.sh.)
# Prints "ok NAME" or "not ok NAME" per check and "N passed, N failed".

set -u
. "$(dirname "$0")/lib.sh"

# no terminal, or --batch: no screen, plain text
out=$(echo 'show buddyinfo' | "$bin" --machine tiny 2>&1)
if echo "$out" | grep -q '^Node 0, zone    DMA32' && ! echo "$out" | grep -q "$(printf '\033')"; then
	ok "no terminal: plain text, no screen"
else
	not_ok "no terminal: plain text, no screen"
fi
out=$(printf 'alloc GFP_KERNEL 3\n' | "$bin" --batch --machine tiny 2>&1)
if echo "$out" | grep -q 'pfn 0x1c00' && ! echo "$out" | grep -q "$(printf '\033')"; then
	ok "--batch: plain text, no screen"
else
	not_ok "--batch: plain text, no screen"
fi
if "$bin" --theme neon -c 'seed' >/dev/null 2>"$tmp/err"; then
	not_ok "a bad --theme is refused"
else
	grep -q "no theme 'neon'" "$tmp/err" && ok "a bad --theme is refused" || not_ok "a bad --theme is refused"
fi

# --list-lessons: one line per lessons/*.lua with its title, none unloadable
"$bin" --list-lessons >"$tmp/list" 2>&1
want=$(ls lessons/*.lua | wc -l)
got=$(grep -c '^  [0-9][0-9]-[a-z0-9.-]*\.lua  ' "$tmp/list")
if [ "$got" -eq "$want" ] && grep -q '^  01-buddy-split-merge\.lua  *Buddy split and merge$' "$tmp/list" &&
   ! grep -q 'cannot load' "$tmp/list"; then
	ok "--list-lessons names every lesson with its title"
else
	not_ok "--list-lessons names every lesson with its title" "$got of $want lines"
fi

# `buddyscope quiz` from the shell: the same seed prints the same problems,
# -c adds the worked answer to each, and every bad option is refused with
# exit status 2 and a one-line error naming it
"$bin" quiz --seed 12 --count 2 >"$tmp/q1" 2>&1
q1=$?
"$bin" quiz --seed 12 --count 2 >"$tmp/q2" 2>&1
"$bin" quiz --seed 12 --count 2 -c >"$tmp/qc" 2>&1
if [ $q1 -eq 0 ] && cmp -s "$tmp/q1" "$tmp/q2" && [ "$(grep -c '^Problem [12] ' "$tmp/q1")" -eq 2 ] &&
   grep -q 'Answer: ____' "$tmp/q1" && ! grep -q 'Answer: ____' "$tmp/qc" &&
   [ "$(grep -c '^Problem [12] ' "$tmp/qc")" -eq 2 ]; then
	ok "quiz CLI: two problems, the same twice; -c answers them"
else
	not_ok "quiz CLI: two problems, the same twice; -c answers them" "$(head -3 "$tmp/q1")"
fi
"$bin" quiz --seed 4 --topic merge --count 1 -c >"$tmp/q3" 2>&1
grep -q '^Problem 1 \[merge\]' "$tmp/q3" && ok "quiz CLI: --topic picks the topic" ||
	not_ok "quiz CLI: --topic picks the topic" "$(head -2 "$tmp/q3")"
"$bin" quiz --help >"$tmp/qh" 2>&1
[ $? -eq 0 ] && grep -q '^usage: buddyscope quiz' "$tmp/qh" && grep -q '^  pcpsize ' "$tmp/qh" &&
	ok "quiz CLI: --help lists the topics" || not_ok "quiz CLI: --help lists the topics"
# refuses WANT ARGS...: "$bin" ARGS exits 2 with one line, which holds WANT
refuses() {
	want=$1
	shift
	"$bin" "$@" >"$tmp/o" 2>&1
	st=$?
	if [ $st -eq 2 ] && [ "$(wc -l <"$tmp/o")" -eq 1 ] && grep -qF -- "$want" "$tmp/o"; then
		ok "'$*' is refused"
	else
		not_ok "'$*' is refused" "exit $st: $(cat "$tmp/o")"
	fi
}
refuses "error: quiz: no topic 'nope'; topics: buddyinfo" quiz --topic nope
refuses "error: quiz: bad count '0': expected 1..100" quiz --count 0
refuses "error: quiz: bad count '101'" quiz --count 101
refuses "error: quiz: bad seed '-3'" quiz --seed -3
refuses "error: quiz: bad seed 'x'" quiz --seed x
refuses "error: quiz: option '--count' needs an argument" quiz --count
refuses "error: quiz: unknown option '--bogus'" quiz --bogus
refuses "error: quiz: unexpected argument 'extra'" quiz extra
# a misspelt long option points at the one meant (it said only "unknown")
refuses "error: unknown option '--machien'; did you mean '--machine'?" --machien tiny
refuses "error: unknown option '--seeds=3'; did you mean '--seed'?" --seeds=3
refuses "error: unknown option '--xyz' (try 'buddyscope --help')" --xyz

# the program's own options: -V and -h answer and exit 0; a missing
# argument, a second FILE, or -c with a FILE exit 2 with one line that names
# the mistake; --replay replays a trace before the commands run
"$bin" -V >"$tmp/o" 2>&1 && grep -q '^buddyscope [0-9.]* (Linux v4.5, v4.6 and 6.1 page allocators)$' "$tmp/o" &&
	ok "-V prints the version" || not_ok "-V prints the version" "$(cat "$tmp/o")"
"$bin" -h >"$tmp/o" 2>&1 && grep -q '^usage: buddyscope \[OPTIONS\] \[FILE\]' "$tmp/o" &&
	ok "-h prints the usage" || not_ok "-h prints the usage" "$(head -2 "$tmp/o")"
refuses "error: option '--machine' needs an argument" --machine
refuses "error: unexpected argument 'b.txt'; give at most one FILE" a.txt b.txt
refuses "error: give -c or FILE, not both ('x.txt')" -c seed x.txt
refuses "error: -c given twice ('show buddyinfo' again); join the commands with ';' in one -c" -c seed -c 'show buddyinfo'
"$bin" --machine tiny --replay tests/golden/data/trace-head.txt -c 'show buddyinfo' >"$tmp/o" 2>&1
if [ $? -eq 0 ] && grep -q '^read 20 lines: 8 kmem events' "$tmp/o" && grep -q '^Node 0, zone    DMA32' "$tmp/o"; then
	ok "--replay replays the trace before the commands"
else
	not_ok "--replay replays the trace before the commands" "$(head -3 "$tmp/o")"
fi
"$bin" --machine tiny --replay tests/golden/data/nonexistent.txt -c 'seed' >"$tmp/o" 2>&1
[ $? -ne 0 ] && grep -q "^error: .*nonexistent.txt" "$tmp/o" && ok "--replay of a missing file fails" ||
	not_ok "--replay of a missing file fails" "$(cat "$tmp/o")"

# a compressed file with no tool to read it: the error names the package
# (PATH holds no xz, gzip or bzip2 here); a folder named like a trace is
# refused as a folder
mkdir -p "$tmp/nopath" "$tmp/dir.txt"
PATH="$tmp/nopath" "$bin" --machine tiny -c 'trace replay tests/golden/data/trace-head.txt.gz' >"$tmp/o" 2>&1
grep -q "^error: trace replay: 'tests/golden/data/trace-head.txt.gz' is gzip-compressed and there is no gzip to decompress it: install gzip or decompress the file first$" "$tmp/o" &&
	ok "a .gz file without gzip: the error says what to install" ||
	not_ok "a .gz file without gzip: the error says what to install" "$(cat "$tmp/o")"
PATH="$tmp/nopath" "$bin" --machine tiny -c 'trace replay tests/golden/data/trace-cut.txt.xz' >"$tmp/o" 2>&1
grep -q "there is no xz to decompress it: install xz-utils or decompress" "$tmp/o" &&
	ok "an .xz file without xz: install xz-utils" || not_ok "an .xz file without xz: install xz-utils" "$(cat "$tmp/o")"
"$bin" --machine tiny -c "trace replay $tmp/dir.txt" >"$tmp/o" 2>&1
[ $? -ne 0 ] && grep -q "dir.txt' is a folder, not a regular file" "$tmp/o" && ok "a folder is not a trace" ||
	not_ok "a folder is not a trace" "$(cat "$tmp/o")"
printf 'plain text\n' >"$tmp/t.bz2"
printf 'plain text\n' >"$tmp/t.zst"
"$bin" --machine tiny -c "trace replay $tmp/t.bz2; trace replay $tmp/t.zst" >"$tmp/o" 2>&1
grep -q "t.bz2' is named .bz2 but is not bzip2-compressed (corrupt?)" "$tmp/o" &&
   grep -q "t.zst' is named .zst but is not zstd-compressed (corrupt?)" "$tmp/o" &&
	ok "plain text named .bz2 or .zst is refused" || not_ok "plain text named .bz2 or .zst is refused" "$(cat "$tmp/o")"

# a workload for compare that is not a text file of commands is refused
# with the line that shows it (it was cut into 4096-byte "commands"); quit,
# exit and compare lines are skipped however they are spaced
printf 'alloc GFP_KERNEL 3\n\0\n' >"$tmp/nul.txt"
head -c 5000 /dev/zero | tr '\0' x >"$tmp/long.txt"
printf 'alloc GFP_KERNEL 3\n  quit\nexit\n compare 4.5 6.1\nalloc GFP_KERNEL 2\n' >"$tmp/work.txt"
"$bin" --machine tiny -c "compare 4.5 6.1 $tmp/nul.txt" >"$tmp/o" 2>&1
grep -q "^error: compare: $tmp/nul.txt: line 2: NUL byte; accepted: a text file of commands$" "$tmp/o" &&
	ok "compare: a file with a NUL byte is refused" || not_ok "compare: a file with a NUL byte is refused" "$(cat "$tmp/o")"
"$bin" --machine tiny -c "compare 4.5 6.1 $tmp/long.txt" >"$tmp/o" 2>&1
grep -q "^error: compare: $tmp/long.txt: line 1: longer than a command line" "$tmp/o" &&
	ok "compare: a 5000-byte line is refused" || not_ok "compare: a 5000-byte line is refused" "$(cat "$tmp/o")"
"$bin" --machine tiny -c "compare 4.5 6.1 $tmp/work.txt" >"$tmp/o" 2>&1
grep -q "work.txt (2 commands)$" "$tmp/o" &&
	ok "compare: quit, exit and compare lines are skipped" ||
	not_ok "compare: quit, exit and compare lines are skipped" "$(head -2 "$tmp/o")"
# the kernel's pipe-like files (trace_pipe, /proc/kmsg) would be read
# without end: refused at once
: >"$tmp/trace_pipe"
timeout 60 "$bin" --machine tiny -c "trace replay $tmp/trace_pipe" >"$tmp/o" 2>&1
grep -q "trace_pipe' is read like a pipe" "$tmp/o" &&
	ok "trace replay of a trace_pipe is refused" || not_ok "trace replay of a trace_pipe is refused" "$(cat "$tmp/o")"
if [ -r /proc/kmsg ]; then
	timeout 60 "$bin" --machine tiny -c "explain /proc/kmsg" >"$tmp/o" 2>&1
	grep -q "^error: explain: '/proc/kmsg' is read like a pipe" "$tmp/o" &&
		ok "explain /proc/kmsg is refused, not a hang" ||
		not_ok "explain /proc/kmsg is refused, not a hang" "$(cat "$tmp/o")"
fi

# a hostile lesson: it cannot end the program nor drive itself, and its
# header's seed -1 is refused (it was read as 18446744073709551615)
"$bin" --batch tests/tui/data/hostile-lesson.lua >"$tmp/o" 2>&1
if grep -q 'quit: a script or lesson cannot end buddyscope' "$tmp/o" &&
   grep -q 'lesson: cannot be driven from Lua (a lesson or script is running)' "$tmp/o" &&
   grep -q '^still here$' "$tmp/o"; then
	ok "a lesson cannot quit buddyscope or drive itself"
else
	not_ok "a lesson cannot quit buddyscope or drive itself" "$(cat "$tmp/o")"
fi
"$bin" --batch tests/tui/data/neg-seed-lesson.lua >"$tmp/o" 2>&1
[ $? -ne 0 ] && grep -q "lesson{}: seed -1 is negative; give 0 or more$" "$tmp/o" &&
	! grep -q 'never shown' "$tmp/o" && ok "a lesson's negative seed is refused" ||
	not_ok "a lesson's negative seed is refused" "$(cat "$tmp/o")"
# seed = 2^64 said "bad argument #-1 to 'lesson'": name the field
"$bin" --batch tests/tui/data/huge-seed-lesson.lua >"$tmp/o" 2>&1
[ $? -ne 0 ] && grep -q "lesson{}: seed must be a whole number 0\.\.9223372036854775807, not 1\.844674407371e+19$" "$tmp/o" &&
	! grep -q 'never shown' "$tmp/o" && ok "a lesson's seed beyond an integer is refused by name" ||
	not_ok "a lesson's seed beyond an integer is refused by name" "$(cat "$tmp/o")"

# a lesson by its number or its name without .lua, from any folder, as
# `lesson` takes them (it was "cannot open 01"); a name that is neither
# says where the lessons are listed
(cd / && BUDDYSCOPE_DATADIR="$OLDPWD" "$bin" --batch 01 && BUDDYSCOPE_DATADIR="$OLDPWD" \
	"$bin" --batch 13-from-4.5-to-6.1) >"$tmp/o" 2>&1
grep -q '^=== Buddy split and merge ===$' "$tmp/o" && grep -q '^=== From 4.5 to 6.1' "$tmp/o" &&
	ok "a lesson by number or by name without .lua" ||
	not_ok "a lesson by number or by name without .lua" "$(head -3 "$tmp/o")"
(cd / && "$bin" --batch nosuch-lesson) >"$tmp/o" 2>&1
grep -q 'cannot open nosuch-lesson: No such file or directory (a lesson? buddyscope --list-lessons' \
	"$tmp/o" && ok "a missing FILE points at --list-lessons" ||
	not_ok "a missing FILE points at --list-lessons" "$(cat "$tmp/o")"

# a lesson's machine="file:NAME" is the file beside the lesson, wherever
# buddyscope was started (it was looked for in the current directory); a
# symlink beside it that leads out is still refused
mkdir -p "$tmp/les"
cp tests/data/machine-example.txt "$tmp/les/box.txt"
ln -sf /etc/passwd "$tmp/les/out.txt"
printf 'lesson{title="t", machine="file:box.txt"}\nsay "hi"\n' >"$tmp/les/box.lua"
printf 'lesson{title="t", machine="file:out.txt"}\nsay "hi"\n' >"$tmp/les/out.lua"
(cd / && "$bin" --batch "$tmp/les/box.lua") >"$tmp/o" 2>&1
grep -q '^Machine: mybox (6 GiB' "$tmp/o" &&
	ok "a lesson's machine file is found beside it" ||
	not_ok "a lesson's machine file is found beside it" "$(head -3 "$tmp/o")"
(cd / && "$bin" --batch "$tmp/les/out.lua") >"$tmp/o" 2>&1
grep -q "out.txt' is outside the folders a script may read" "$tmp/o" && ! grep -q root: "$tmp/o" &&
	ok "a lesson's machine symlink out of its folder is refused" ||
	not_ok "a lesson's machine symlink out of its folder is refused" "$(head -3 "$tmp/o")"

# an endless batch line (no newline, 200 MB through a pipe) stops at the
# 4096-byte limit: an error, a failing exit, and the line never read whole
# (it was: 617 MB for a 600 MB line, and an endless one exited 0)
head -c 200000000 /dev/zero | tr '\0' x | timeout 60 "$bin" --batch --machine tiny \
	>"$tmp/o" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] &&
   grep -q '^error: line 1: longer than 4096 bytes; the batch stops here' "$tmp/o"; then
	ok "an endless batch line stops at 4096 bytes, failing"
else
	not_ok "an endless batch line stops at 4096 bytes, failing" "exit $rc: $(head -c 300 "$tmp/o")"
fi

# compare boots two machines and runs every command twice: on a terminal
# it says how far it is, on one line (stderr) that is wiped at the end; on
# a pipe it says nothing (script(1) gives the program a terminal)
if command -v script >/dev/null 2>&1; then
	script -qc "$bin --batch --machine tiny -c 'compare 4.5 6.1' >/dev/null" /dev/null \
		>"$tmp/o" 2>&1 </dev/null
	tr '\r' '\n' <"$tmp/o" >"$tmp/lines"
	if grep -q '^compare: booting tiny under Linux 6.1' "$tmp/lines" &&
	   grep -q '^compare: under 6.1, command: 11 of 11 *$' "$tmp/lines" &&
	   [ "$(tail -c 1 "$tmp/o" | od -An -c | tr -d ' ')" = '\r' ] &&
	   ! grep -q 'requests' "$tmp/o"; then
		ok "compare on a terminal: a progress line, wiped at the end"
	else
		not_ok "compare on a terminal: a progress line, wiped at the end" "$(od -c "$tmp/o" | tail -5)"
	fi
fi
"$bin" --batch --machine tiny -c 'compare 4.5 6.1' 2>"$tmp/err" >"$tmp/o"
[ ! -s "$tmp/err" ] && grep -q '^compare: Linux v4.5.0 vs Linux 6.1 on tiny' "$tmp/o" &&
	ok "compare on a pipe: no progress" || not_ok "compare on a pipe: no progress" "$(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
