#!/bin/sh
# tests/tui/run.sh BINARY - the screen, tested two ways:
#  1. the off-screen render tests (tui-render-tests beside BINARY): each pane
#     rendered into a canvas and compared with tests/tui/golden/;
#  2. the real program driven in tmux (send-keys, capture-pane) and what is
#     on screen asserted with grep.
# Prints "ok NAME" or "not ok NAME" per check and a final "N passed, N failed".
#
# Needs no terminal (CI has none): tmux runs detached on its own socket with
# no config, and every wait is a bounded poll of capture-pane, never a fixed
# sleep, so a slow machine (or ASan) only makes it slower. HOME and
# BUDDYSCOPE_HISTORY point into a temporary directory.

set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 BINARY" >&2
	exit 2
fi
cd "$(dirname "$0")/../.." || exit 2
bin=$1
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
render=$(dirname "$bin")/tui-render-tests
. tests/tui/lib.sh

# ---- 1. off-screen rendering ----
if [ -x "$render" ]; then
	"$render" >"$tmp/render.out" 2>&1
	grep -Ev '^[0-9]+ passed, [0-9]+ failed' "$tmp/render.out" | sed 's/^ok /ok render: /'
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/render.out" | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + ${line%% passed*}))
		f=${line#*passed, }
		failed=$((failed + ${f%% failed*}))
	else
		not_ok "render tests" "no summary line from $render"
	fi
else
	not_ok "render tests" "$render is missing (make $render)"
fi

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux" "tmux is not installed (make deps)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# ---- 2. the program in tmux ----
# The line of the DMA32 zone's Unmovable row in the zones pane.
dma32_unmov() {
	screen
	sed -n '/^DMA32 /,$p' "$tmp/screen" | grep -m1 '^Unmov' | cut -c1-76
}

start --machine tiny
check "screen opens: zones" '^DMA32 +free 3590 .*above high'
check "screen opens: page map" 'Page map: 16 pages a cell'
check "screen opens: slow path pane" 'No request is being stepped'
check "screen opens: threads" 'kswapd0 +sleeping'
check "screen opens: help bar" 's step.*n next.*c continue.*: command.*q quit'
check "screen opens: command line" '^buddyscope> press : or Enter'

before=$(dma32_unmov)
cmd 'alloc GFP_KERNEL 3'
if wait_for 'alloc GFP_KERNEL order=3: pfn 0x1c00'; then
	after=$(dma32_unmov)
	if [ "$before" != "$after" ] && echo "$after" | grep -q '^Unmov  *0  *0  *0  *1  *1  *1  *1  *1  *1  *1  *0'; then
		ok "free_area row changes after an allocation"
	else
		not_ok "free_area row changes after an allocation" "before '$before' after '$after'"
	fi
else
	not_ok "free_area row changes after an allocation" "the alloc did not show"
fi
check "page map shows the allocated block" '^0x1c00  █'
check "counters that changed" 'pgalloc_dma32 +\+8'

# the slow path, one stage at a time
cmd 'alloc GFP_KERNEL|__GFP_NOWARN 10 x10'
wait_for 'failed at request' >/dev/null
keys
cmd 'start GFP_KERNEL 10'
check "start shows the request" 'Slow path: GFP_KERNEL order 10 ─'
check "first stage highlighted" '▶ fast path'
keys s
check "s moves the stage: wake kswapd" '▶ wake kswapd'
keys s
check "s moves the stage: min watermark" '▶ min watermark'
if grep -q '✓ fast path' "$tmp/screen" && grep -q '✓ wake kswapd' "$tmp/screen"; then
	ok "path taken so far is marked"
else
	not_ok "path taken so far is marked"
fi
check "the stage that runs next" 'stage +ALLOC_FLAGS'
keys s
check "locals shown: alloc_flags" 'flags +ALLOC_WMARK_MIN ALLOC_CPUSET'
check "locals shown: order, progress" 'order +10  progress 0'
check "locals shown: migration mode" 'migration MIGRATE_ASYNC'
check "the last step explained" 'why  alloc_flags ='

check "kswapd woken" 'kswapd0 +running'
keys n
check "n runs the next stage" 'stage +(MIN_WMARK|DIRECT_COMPACT)'
keys F
check "F finishes the request" 'Slow path: GFP_KERNEL order 10 \(done\)'
keys		# its long output is in a popup: Esc closes it
check "the outcome is shown" 'stage +done: no page'
check "a failed request ends at nopage, not got_pg" '✓ nopage +got_pg'

# keys: help screen, ftrace toggle, zoom, jump
keys '?'
check "? opens the help screen" 'KEYS \(when the command line is not focused\)'
$T send-keys -t t q
check "q closes the help screen" 'Page map: '
keys t
check "t shows ftrace lines" 'Log: ftrace lines'
keys t z
check "z zooms out" 'Page map: 32 pages a cell'
keys Z Z Z Z Z g
$T send-keys -t t -l 0x1c40
$T send-keys -t t Enter
check "g jumps to a pfn" '^0x1c40 '

# long output goes to a popup
cmd 'show zoneinfo'
check "long output opens a popup" 'show zoneinfo  \(lines 1-'
$T send-keys -t t q
if wait_gone 'show zoneinfo  \(lines'; then ok "q closes the popup"; else not_ok "q closes the popup"; fi
if wait_for '^buddyscope> *$' 5; then ok "the command line stays open"; else not_ok "the command line stays open"; fi

# short output is never cut at the top: whole in the log, or in a popup
cmd 'show gfp GFP_ATOMIC'
check "short output: its first line is on screen" 'gfp 0x[0-9a-f]+: GFP_ATOMIC'
check "short output: its last line too" 'slow path +ALLOC_WMARK_MIN\|ALLOC_HARDER\|ALLOC_HIGH'
keys
cmd 'task list'
check "task list: its header is on screen" '\[  pid \]  ppid total_vm'
keys
cmd 'seed'
check "output that fits stays in the log" '^seed 1 +│'
# an emoji or CJK character typed (two columns on a terminal) is drawn as
# '?' in one cell: the log's right border stays in its column
cmd 'show gfp 🙂中'
check "a wide character typed: one cell, the pane border in place" '^buddyscope> show gfp \?\? +│'
keys
cmd 'seed'
# a q typed to close a popup that never opened does not land on the line
$T send-keys -t t q
check "q after a command: no popup to close" 'q: no popup is open'
if wait_for '^buddyscope> *$' 5; then ok "q did not land on the command line"; else not_ok "q did not land on the command line"; fi

# readline: completion and history
$T send-keys -t t 'allo' Tab
check "Tab completes a command" '^buddyscope> alloc *$'
$T send-keys -t t C-u 'seed' Enter Up
check "Up recalls the last command" '^buddyscope> seed$'
$T send-keys -t t C-u
keys

# resize below the minimum and back
$T resize-window -t t -x 60 -y 20
check "60x20 shows the size message" 'needs a terminal of at least 80x24'
check "the message says the size" 'this one is 60x20'
$T resize-window -t t -x 120 -y 40
check "back to 120x40 restores the view" '^DMA32 +free'
$T resize-window -t t -x 200 -y 60
check "200x60 lays out" 'Slow path'
$T resize-window -t t -x 1 -y 1
sleep 0.2
$T resize-window -t t -x 120 -y 40
check "survives 1x1" 'Page map: '

# the watermark bar crosses low
cmd 'reset'
wait_for 'DMA32 +free 3590' >/dev/null
cmd 'alloc GFP_DMA32|__GFP_NOWARN 0 x10000'
wait_for 'failed at request' >/dev/null
keys		# output taller than the log is in a popup: Esc closes it
check "a zone below low says so" '^DMA32 +free [0-9]+ .*(min\.\.low|BELOW MIN)'
if grep -E '^DMA32 ' "$tmp/screen" | grep -q 'above high'; then
	not_ok "the bar left above high"
else
	ok "the bar left above high"
fi

# ---- a lesson on a projector: 80x24 ----
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 lessons/04-watermarks-atomic.lua; echo EXITED \$?; sleep 600" 80 24
check "80x24 lesson: step counter" 'Lesson: Watermarks, GFP_ATOMIC and GFP_KERNEL . step 1 of 7'
$T send-keys -t t PgDn
check "80x24 lesson: PgDn, formulas kept whole" '^ +min  = tmp;  low = min \+ tmp / 4;  high = min \+ tmp / 2$'
if grep -q 'step 2 of 7' "$tmp/screen"; then
	not_ok "80x24 lesson: waits for the teacher"
else
	ok "80x24 lesson: waits for the teacher"
fi
$T send-keys -t t Space
check "Space goes on: the prediction" 'step 2 of 7'
check "the choices" '^ +2\) no$'
check "DMA32 at low before the request" '^DMA32 +free 102 '
$T send-keys -t t 2
check "the answer: the lesson's request waits" 'Step the request: GFP_KERNEL order 0 as bash'
check "the request is in the Slow path pane" 'Slow path: GFP_KERNEL order 0 ─'
check "at its first stage" '▶ fast path'
$T send-keys -t t Space
check "Space steps one stage" '✓ fast path'
check "the next stage is marked" '▶ wake kswapd'
$T send-keys -t t F
check "F runs it to its end" 'Slow path: GFP_KERNEL order 0 \(do'
check "the page was taken" '^DMA32 +free 101 '
$T send-keys -t t Space
check "Space goes on after the request" 'step 4 of 7'
$T send-keys -t t b
check "b goes back a step" 'step 3 of 7'
check "b: the request waits again, not run" '▶ fast path'
check "b: the free count as it was there" '^DMA32 +free 102 '
$T send-keys -t t b
check "b again: the prediction" 'step 2 of 7'
if wait_gone 'Slow path: GFP_KERNEL'; then ok "b: no request from a later step"; else not_ok "b: no request from a later step"; fi
$T send-keys -t t f
if wait_gone '^DMA32 +free'; then ok "f: the lesson pane has the whole screen"; else not_ok "f: the lesson pane has the whole screen"; fi
check "f: the lesson still there" 'step 2 of 7'
$T send-keys -t t f
check "f again: the panes are back" '^DMA32 +free 102 '
$T send-keys -t t l
check "l: the legend" 'Legend: glyphs, colours, marks \(arrows scroll'
check "legend: the page map glyphs as drawn" '··· +free \(in a free_area list\)'
check "legend: the migratetype colours" ' U +Unmovable'
$T send-keys -t t PgDn
check "legend: PgDn, the watermark marks" ' m +the min watermark on the bar'
check "legend at 80 columns: a long title wraps, not cut" '^.{2} takes rows\)$'
check "legend: the lowmem_reserve mark" ' \+ +low \+ lowmem_reserve\[class zone\]'
$T send-keys -t t PgDn
check "legend: PgDn, the log's colours" '! +log: OOM kill, allocation failure, error'
$T send-keys -t t x
if wait_gone 'Legend: glyphs'; then ok "any key closes the legend"; else not_ok "any key closes the legend"; fi
# Tab reaches the Tasks pane; the arrows then scroll it
$T send-keys -t t Tab Tab Tab Tab Tab
check "Tab: the Tasks pane" 'Tasks 1-[0-9]+ of [0-9]+, by badness'
$T send-keys -t t Down
check "the focused Tasks pane scrolls" 'Tasks 2-[0-9]+ of [0-9]+, by badness'
$T send-keys -t t r
check "r restarts" 'step 1 of 7'
$T send-keys -t t q
check "one q does not end the lesson" 'q again to quit the lesson'
$T send-keys -t t q
check "q again quits" '^EXITED 0'

# ---- lesson 01 at 80x24: b shows the page map as it was at that step ----
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 lessons/01-buddy-split-merge.lua; echo EXITED \$?; sleep 600" 80 24
check "lesson 01: the map focused on the block, 4 pages a cell" 'Page map: 4 pages a cell, DMA32'
$T send-keys -t t Space
wait_for 'step 2 of 8' >/dev/null
$T send-keys -t t 1
wait_for 'Step the request' >/dev/null
$T send-keys -t t Space
wait_for '✓ fast path' >/dev/null
$T send-keys -t t Space
wait_for 'has run to its end' >/dev/null
$T send-keys -t t Space
check "lesson 01: step 4, after the request" 'step 4 of 8'
$T send-keys -t t b
check "lesson 01: b goes back to step 3" 'step 3 of 8'
check "lesson 01: b: the map at the zoom it had there" 'Page map: 4 pages a cell, DMA32'
check "lesson 01: b: the block's rows, 128 pages a row" '^0x1380 '
$T send-keys -t t q q
wait_for '^EXITED' >/dev/null

# ---- a lesson opened from the command line: its keys work at once ----
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 --kernel 6.1; echo EXITED \$?; sleep 600" 120 40
check "the welcome names the kernel chosen" 'the Linux v?6\.1[.0-9]* page allocator'
$T send-keys -t t :
$T send-keys -t t -l 'lesson 01'
$T send-keys -t t Enter
check "lesson 01 from the command line: open, its keys named" "lesson open: Space goes on"
$T send-keys -t t Space
check "lesson 01 from the command line: Space goes on at once" 'step 2 of 8'
$T send-keys -t t q q
wait_for '^EXITED' >/dev/null

# ---- a lesson on a wide screen: 160x48, the OOM killer ----
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 lessons/10-oom-killer.lua; echo EXITED \$?; sleep 600" 160 48
check "160x48 lesson: step counter" 'Lesson: The OOM killer and oom_score_adj . step 1 of 5'
check "160x48: the narration has a column of its own" '^ Lesson: |^─ Lesson: '
check "160x48: a dmesg-wide table line whole" '^ editor    rss 2000  ptes 4  adj     0  -> points 2004, oom_score 264 +│'
$T send-keys -t t Space
check "160x48: the prediction" 'step 2 of 5'
$T send-keys -t t 2
check "160x48: hog's request waits in the Slow path pane" 'Slow path: GFP_HIGHUSER_MOVABLE order 0 ─'
$T send-keys -t t F
wait_for 'finish  \(lines 1-' >/dev/null
keys		# the long output of F is in a popup: Esc closes it
check "160x48: the request went through the OOM killer" '✓ OOM'
check "160x48: the kernel log's kill line" '! dmesg: .*Out of memory: Kill process 1002 \(batchjob\)'
check "160x48: the Tasks pane lists the tasks after the kill" '^ *1003 database +0 +-1000 +0|1003 database'
if grep -q 'batchjob' "$tmp/screen" && grep -E '^│? *[0-9]+ batchjob' "$tmp/screen" >/dev/null; then
	not_ok "160x48: the victim is gone from the Tasks pane"
else
	ok "160x48: the victim is gone from the Tasks pane"
fi
check "160x48: the faults are grouped in the log, not hundreds of lines" '[0-9]+x hog-1004 |[0-9]+x [a-z]+-[0-9]+ (got|freed) pfn'
$T send-keys -t t Space
check "160x48: Space goes on" 'step 4 of 5'
$T send-keys -t t b
check "160x48: b goes back" 'step 3 of 5'
check "160x48: b: batchjob alive again in the Tasks pane" '1002 batchjob'
$T send-keys -t t q q
wait_for '^EXITED' >/dev/null

# help at 160 columns: synopses whole, not cut at 40
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 160 48
wait_for 'Page map' >/dev/null
$T send-keys -t t '?'
check "help at 160 columns: the synopses" '^   show buddyinfo\|pagetypeinfo\|zoneinfo\|vmstat\|.*\|gfp GFP  +print /proc files'
$T send-keys -t t PgDn PgDn
check "help at 160 columns: a long synopsis whole" 'map \[zone ZONE\|pfn PFN\|highlight PFN\|all\] \[from=PFN\] \[to=PFN\] \[zoom=ZOOM\] \[order=ORDER\]'
$T send-keys -t t q
$T send-keys -t t q
wait_for '^EXITED' >/dev/null

# help at 120 columns: a summary wider than its column wraps below, not cut
# at the edge; PgDn stops at the last line (no blank screen past the end)
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 120 40
wait_for 'Page map' >/dev/null
$T send-keys -t t '?'
check "help: the h key is listed" '^   h +charts: the history drawn big'
$T send-keys -t t PgDn
check "help at 120 columns: a long summary wraps" '^   compare A B \[FILE\.\.\.\] +run one workload under two kernels and say where$'
check "help at 120 columns: its end on the next row" '^ {60,}they part$'
$T send-keys -t t PgDn PgDn PgDn PgDn PgDn PgDn PgDn PgDn PgDn
check "help: PgDn stops at the end, the last line on screen" 'Tasks: the current task'
if sed -n 2p "$tmp/screen" | grep -q '[^ ]'; then
	ok "help: PgDn past the end leaves no blank screen"
else
	not_ok "help: PgDn past the end leaves no blank screen"
fi
$T send-keys -t t Home
check "help: Home goes back to the top" '^ buddyscope: the Linux page allocator'
$T send-keys -t t q
$T send-keys -t t q
wait_for '^EXITED' >/dev/null

# ---- time travel on the screen, 80x24: b goes back, B forward ----
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 80 24
check "80x24: the DMA32 free count at boot" '^DMA32 +free 3590 '
keys h
check "80x24: h on a pane too small for charts says so, whole" 'gives it the whole screen \(or enlarge'
keys h
keys z z z z z z z z z z z z z z z z z z z z
check "z stops once a cell holds the whole machine (tiny: 8192 pages)" 'Page map: 8192 pages a cell'
keys Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z Z
cmd 'alloc GFP_KERNEL 5'
check "80x24: the allocation took 32 pages" '^DMA32 +free 3558 '
keys b
check "b: the allocation is undone" 'undone: alloc GFP_KERNEL 5'
check "b: the free count as it was" '^DMA32 +free 3590 '
keys B
check "B: redone" 'redone: alloc GFP_KERNEL 5'
check "B: the free count after the allocation again" '^DMA32 +free 3558 '
cmd 'alloc GFP_KERNEL|__GFP_NOWARN 10 x10'
wait_for 'failed at request' >/dev/null
cmd 'start GFP_KERNEL 10'
keys s s
check "b while stepping: two stages run" '▶ min watermark'
keys b
check "b while stepping: back one stage" '▶ wake kswapd'
keys b b
check "b before the first stage: no request again" 'No request is being stepped'
# a popup's lines wider than 80 columns wrap: nothing is cut at the edge
cmd 'show gfp GFP_ATOMIC'
check "80x24: a popup's long line wraps, its end shown" '^.{3} +\(gfp_to_alloc_flags\)'
cmd 'kernel list'
if wait_for 'kernel list  \(lines 1-' && grep -A1 'the v4.5 allocator, reclaim' "$tmp/screen" | tail -n 1 |
	grep -q '^.\{3\} \{3,\}killer '; then
	ok "80x24: kernel list wraps its long lines"
else
	not_ok "80x24: kernel list wraps its long lines"
fi
keys

# quitting leaves the terminal sane
keys q
check "q quits" '^EXITED 0'
session "stty -g > $tmp/stty.before; $bin --machine tiny; stty -g > $tmp/stty.after; \
echo QUIT; sleep 600" 100 30
wait_for 'Page map' >/dev/null
cmd 'quit'
if wait_for '^QUIT' && cmp -s "$tmp/stty.before" "$tmp/stty.after"; then
	ok "terminal modes restored after quit"
else
	not_ok "terminal modes restored after quit"
fi
if grep -q 'Page map' "$tmp/screen"; then
	not_ok "screen cleared after quit (alternate screen left)"
else
	ok "screen cleared after quit (alternate screen left)"
fi
if [ -s "$tmp/history" ] && grep -q '^seed$' "$tmp/history"; then
	ok "history saved to BUDDYSCOPE_HISTORY"
else
	not_ok "history saved to BUDDYSCOPE_HISTORY"
fi

# Ctrl-D on an empty command line quits too
start --machine tiny
wait_for 'Page map' >/dev/null
$T send-keys -t t ':' C-d
check "Ctrl-D quits" '^EXITED 0'

# themes, colours, machines, a C locale
for args in "--theme projector" "--theme mono" "--no-color" "--machine server64" \
	    "--machine classroom --theme projector" "--machine numa4"; do
	start $args
	check "starts with $args" 'Page map: '
	$T send-keys -t t q
	wait_for '^EXITED' >/dev/null
done
session "NO_COLOR=1 LC_ALL=C LANG=C $bin --machine tiny; echo EXITED \$?; sleep 600"
check "NO_COLOR and a C locale: ASCII glyphs" '^DMA32 +free 3590'
check "ASCII page map" '^0x1000  xxxx'
$T send-keys -t t q
check "quits in a C locale" '^EXITED 0'
session "TERM=no-such-term $bin --machine tiny; echo EXITED \$?; sleep 600"
check "an unknown TERM still starts" 'Page map: '
$T send-keys -t t q
wait_for '^EXITED' >/dev/null
# a terminal that cannot move its cursor gets the plain command line, with
# one line that says why (the screen came out on one line)
session "TERM=dumb $bin --machine tiny; echo EXITED \$?; sleep 600"
check "TERM=dumb: the plain command line, and why" "terminal type 'dumb' cannot move its cursor"
$T send-keys -t t seed Enter
check "TERM=dumb: commands run" '^seed 1$'
$T send-keys -t t quit Enter
check "TERM=dumb: quits" '^EXITED 0'
$T kill-server 2>/dev/null

# ---- a quiz on the screen: the Quiz pane, the answer line, the score ----
start --machine tiny
wait_for 'Page map' >/dev/null
cmd 'alloc GFP_KERNEL 5'
check "quiz: the user's machine before the quiz" '^DMA32 +free 3558 '
cmd 'quiz topic=gfp seed=2 count=2'
check "quiz: the Quiz pane with its title" 'Quiz: question 1 of 2 . gfp . Linux v4.5.0 . score 0 of 0'
check "quiz: the question" 'For GFP_DMA32\|__GFP_MEMALLOC \(0x2004\), what are gfp_zone'
check "quiz: the answer line opens" '^your answer:'
check "quiz: the panes show the problem's machine" '^DMA32 +free 3590 '
$T send-keys -t t -l 'dma32 unmovable'
check "quiz: the answer as typed" '^your answer: dma32 unmovable'
$T send-keys -t t Enter
check "quiz: a right answer" 'RIGHT: DMA32 Unmovable'
check "quiz: the score counts it" 'Quiz: question 1 of 2 . gfp . Linux v4.5.0 . score 1 of 1'
check "quiz: the worked solution" 'GFP_ZONE_TABLE gives DMA32'
check "quiz: the keys after an answer" 'Enter/Space/n: next question'
$T send-keys -t t Space
check "quiz: Space asks the next question" 'Quiz: question 2 of 2 . gfp'
check "quiz: the second question" 'For GFP_DMA\|__GFP_RECLAIMABLE \(0x11\)'
$T send-keys -t t -l 'Normal Movable'
$T send-keys -t t Enter
check "quiz: a wrong answer, with the right one" 'WRONG: you said "Normal Movable"; the answer is DMA Reclaimable'
$T send-keys -t t Enter
check "quiz: the score in a popup" 'Quiz over: your score'
check "quiz: the score line" 'score: 1 of 2 right; your machine is back'
check "quiz: each question's verdict" '2 gfp +wrong'
$T send-keys -t t q
if wait_gone 'Quiz over|Quiz: question'; then ok "quiz: q closes the score; the Quiz pane is gone"; else not_ok "quiz: q closes the score; the Quiz pane is gone"; fi
check "quiz: the user's machine is back" '^DMA32 +free 3558 '
cmd 'quiz count=3'
check "quiz: a second quiz" 'Quiz: question 1 of 3'
keys q
check "quiz: one q does not stop it" 'q again stops the quiz'
check "quiz: still asking" 'Quiz: question 1 of 3'
$T send-keys -t t q
check "quiz: q again stops it, with the score" 'score: 0 of 0 right \(stopped early\)'
$T send-keys -t t q
wait_gone 'Quiz over' >/dev/null
$T send-keys -t t q
check "quiz: then q quits the program" '^EXITED 0'
$T kill-server 2>/dev/null

# Ctrl-C stops a hostile script, on the screen and in --plain (issue 9): the
# script makes a file when it is running (polled for), then loops over
# commands that would keep it busy for seconds; after Ctrl-C the error says
# so and the machine is as it was (the allocation is rolled back).
hog='lua bs.cmd("alloc GFP_KERNEL 3") bs.cmd("export zones started.svg") for i = 1, 1e9 do bs.cmd("reset") end'
# wait_file PATH: poll (bounded) until PATH exists
wait_file() {
	i=0
	while [ $i -lt 200 ] && [ ! -f "$1" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -f "$1" ]
}
for mode in screen plain; do
	rm -f "$tmp/started.svg"
	if [ $mode = screen ]; then
		session "cd '$tmp' && '$bin' --seed 1 --machine tiny; echo EXITED \$?; sleep 600"
		wait_for '^DMA32 +free 3590 ' >/dev/null
		cmd "$hog"
	else
		session "cd '$tmp' && '$bin' --plain --seed 1 --machine tiny; echo EXITED \$?; sleep 600"
		wait_for 'buddyscope>' >/dev/null
		$T send-keys -t t -l "$hog"
		$T send-keys -t t Enter
	fi
	if wait_file "$tmp/started.svg"; then
		$T send-keys -t t C-c
		check "Ctrl-C stops a script ($mode)" 'error: lua: script interrupted \(Ctrl-C\)'
	else
		not_ok "Ctrl-C stops a script ($mode)" "the script never started"
	fi
	if [ $mode = screen ]; then
		keys
		check "after Ctrl-C the machine is as it was ($mode)" '^DMA32 +free 3590 '
		keys q
	else
		$T send-keys -t t -l 'show buddyinfo'
		$T send-keys -t t Enter
		check "after Ctrl-C the machine is as it was ($mode)" \
			'^Node 0, zone +DMA32 +0 +1 +1 +0 +0 +0 +0 +0 +0 +1 +3 *$'
		$T send-keys -t t -l 'quit'
		$T send-keys -t t Enter
	fi
	check "after Ctrl-C the program goes on and quits normally ($mode)" '^EXITED 0'
done
# Ctrl-C stops a long command inside the engine (issue 9): `task touch`
# with swap, past the machine's memory (every page then goes through direct
# reclaim), takes seconds. Once the program has spent CPU time on it (read
# in /proc: the command is surely running), Ctrl-C stops the engine between
# two pages; the error says how far it got, and the command is undone (no
# swap in use, hog has no pages).
for mode in screen plain; do
	rm -f "$tmp/bs.pid"
	opt=
	[ $mode = plain ] && opt=--plain
	session "cd '$tmp' && sh -c 'echo \$\$ >bs.pid; exec \"$bin\" $opt --seed 1 --machine tiny'; echo EXITED \$?; sleep 600"
	for c in 'swap 8G' 'task spawn hog' 'task touch hog anon 1000000'; do
		if [ $mode = screen ]; then
			wait_for 'Page map' >/dev/null
			cmd "$c"
		else
			wait_for 'buddyscope> *$' >/dev/null
			$T send-keys -t t -l "$c"
			$T send-keys -t t Enter
		fi
		[ "$c" = 'task spawn hog' ] && wait_for 'spawned hog' >/dev/null
	done
	if wait_busy "$(cat "$tmp/bs.pid" 2>/dev/null)"; then
		$T send-keys -t t C-c
		check "Ctrl-C stops task touch inside the engine ($mode)" \
			'task touch: interrupted \(Ctrl-C\) after [0-9]+ of 1000000 pages;'
	else
		not_ok "Ctrl-C stops task touch inside the engine ($mode)" "the command never ran"
	fi
	if [ $mode = screen ]; then
		cmd 'swap'
		keys
	else
		$T send-keys -t t -l 'swap'
		$T send-keys -t t Enter
	fi
	check "after Ctrl-C task touch is undone ($mode)" '^swap: 2097152 pages \(8192 MiB\), 0 in use'
	if [ $mode = screen ]; then
		keys q
	else
		$T send-keys -t t -l 'quit'
		$T send-keys -t t Enter
	fi
	check "after Ctrl-C in task touch the program quits normally ($mode)" '^EXITED 0'
done
$T kill-server 2>/dev/null
# --batch with no terminal (commands from a pipe, output to files): Ctrl-C
# stops the running command with its one-line error and the rollback, and
# the batch goes on with the next command (it used to kill the program).
# (compact, drop_caches, tick and a boot stop the same way, with a signal:
# tests/tui/interrupt.sh; without one: tests/unit/test_interrupt.c and
# tests/app/test_interrupt.c.)
# batch_sigint NAME MACHINE 'CMD...' LONG 'AFTER...' ERROR-REGEX OUT-REGEX
batch_sigint() {
	rm -f "$tmp/bs.pid" "$tmp/in.fifo" "$tmp/batch.out" "$tmp/batch.err"
	mkfifo "$tmp/in.fifo"
	session "cd '$tmp' && sh -c 'echo \$\$ >bs.pid; exec \"$bin\" --batch --seed 1 --machine $2 <in.fifo >batch.out 2>batch.err'; echo EXITED \$?; sleep 600"
	exec 7>"$tmp/in.fifo"
	printf '%s\n' "$3" >&7
	# the commands before the long one are done, and it runs
	i=0
	while [ $i -lt 600 ] && ! grep -q "^$4" "$tmp/batch.out" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	printf '%s\n' "$5" >&7
	if wait_busy "$(cat "$tmp/bs.pid" 2>/dev/null)"; then
		kill -INT "$(cat "$tmp/bs.pid")"
		printf '%s\nquit\n' "$6" >&7
		exec 7>&-
		if wait_for '^EXITED 1' 60 && [ "$(wc -l <"$tmp/batch.err")" -eq 1 ] &&
		   grep -Eq "^error: $7" "$tmp/batch.err"; then
			ok "--batch: Ctrl-C stops $1 with a one-line error"
		else
			not_ok "--batch: Ctrl-C stops $1 with a one-line error" "$(cat "$tmp/batch.err")"
		fi
		if grep -Eq "$8" "$tmp/batch.out"; then
			ok "--batch: after Ctrl-C in $1 the machine is as it was and the next command runs"
		else
			not_ok "--batch: after Ctrl-C in $1 the machine is as it was and the next command runs" \
				"$(tail -3 "$tmp/batch.out")"
		fi
	else
		exec 7>&-
		not_ok "--batch: Ctrl-C stops $1 with a one-line error" "the command never ran"
	fi
	$T kill-server 2>/dev/null
}
batch_sigint 'task touch' tiny "$(printf 'swap 8G\ntask spawn hog')" 'spawned hog' \
	'task touch hog anon 1000000' 'swap' \
	'task touch: interrupted \(Ctrl-C\) after [0-9]+ of 1000000 pages; the machine is as it was before the command$' \
	'^swap: 2097152 pages \(8192 MiB\), 0 in use'
# the quiz at 80x24: the whole question shows (it comes before the setup),
# a wrapped line keeps its indent, the zones stay below, and "answer X"
# typed out in full on the answer line is the answer X
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 80 24
wait_for 'Page map' >/dev/null
cmd 'quiz topic=watermark seed=3 count=1'
check "quiz 80x24: the question's last line" '^ Does __zone_watermark_ok pass in each zone'
check "quiz 80x24: a wrapped line keeps its indent" '^     0, highatomic 0'
check "quiz 80x24: the zones below the question" 'Zones: free_area'
$T send-keys -t t -l 'answer DMA32 no DMA no'
$T send-keys -t t Enter
check "quiz 80x24: 'answer X' on the answer line is X" 'RIGHT: DMA32 no DMA no'
check "quiz 80x24: the solution's steps keep their indent" '^     [0-9]+ <= mark [0-9]+ \+ lowmem_reserve'
$T kill-server 2>/dev/null

# --plain on a terminal: what a script prints cannot drive the terminal
# (ESC, OSC, BEL, CR and a C1 CSI are written as '?')
session "$bin --plain --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 100 20
wait_for 'buddyscope> *$' >/dev/null
$T send-keys -t t -l 'lua print("A\27[2J\27]0;pwned\7B\r\194\155C")'
$T send-keys -t t Enter
check "--plain: control characters in output are shown as ?" '^A\?\[2J\?\]0;pwned\?B\?\?C$'
$T kill-server 2>/dev/null

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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
