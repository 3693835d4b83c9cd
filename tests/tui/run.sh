#!/bin/sh
# tests/tui/run.sh BINARY - the screen, tested two ways:
#  1. the off-screen render tests (tui-render-tests beside BINARY): each pane
#     rendered into a canvas and compared with tests/tui/golden/;
#  2. the real program driven in tmux (send-keys, capture-pane) and what is
#     on screen asserted with grep.
# Ctrl-C on the screen is tests/tui/interrupt.sh's; the program without a
# screen (options, refused files, hostile lessons) tests/tui/cli.sh's.
# Prints "ok NAME" or "not ok NAME" per check and a final "N passed, N failed".
#
# Needs no terminal (CI has none): tmux runs detached on its own socket with
# no config, and every wait is a bounded poll of capture-pane, never a fixed
# sleep, so a slow machine (or ASan) only makes it slower. HOME and
# BUDDYSCOPE_HISTORY point into a temporary directory.

set -u
. "$(dirname "$0")/lib.sh"
render=$(dirname "$bin")/tui-render-tests

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
check "F runs it to its end" 'Slow path: GFP_KERNEL order 0 \(d'
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
check "legend: PgDn, the slow path's glyphs" 'Slow path: the stage that runs next'
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

# help at 80 columns: a synopsis wider than the screen wraps, its end kept
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 80 24
wait_for 'Page map' >/dev/null
$T send-keys -t t '?' PgDn PgDn
check "help at 80 columns: show's synopsis wraps, its end on the next row" '^   ZONE\|page PFN\|gfp GFP$'
$T send-keys -t t q q
wait_for '^EXITED' >/dev/null

# ---- time travel on the screen, 80x24: b goes back, B forward ----
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 80 24
check "80x24: the DMA32 free count at boot" '^DMA32 +free 3590 '
check "80x24: a title cut at the pane's edge ends in an ellipsis" 'Zones: free_ar…─│'
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

# the quiz at 80x24: the whole question shows (it comes before the setup),
# a wrapped line keeps its indent, the zones stay below, and "answer X"
# typed out in full on the answer line is the answer X
session "$bin --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 80 24
wait_for 'Page map' >/dev/null
# the log wraps inside its pane: a continuation (at column 3) lost its
# last two characters ("opens the command lin")
check "help bar 80x24: ':' and '?' are among the keys shown" '^s step n next c continue b/B back/fwd : command \? help q quit'
check "page map 80x24: the legend's items whole (it ended 'f f')" '^· free █ allocated p pcp a anon f file +│'
check "log 80x24: a wrapped line ends inside the pane" "opens the +│|opens the command +│"
check "log 80x24: and goes on whole" "^   (command )?line \('help' lists the"
# the generator's prose, wrapped by hand at 80 columns, is joined again
# before the pane wraps it: no word left alone on a line
cmd 'quiz topic=allocflags seed=1 count=1'
check "quiz 80x24: hand-wrapped prose flows on" '^   an ordinary task \(not real-time, not PF_MEMALLOC'
check "quiz 80x24: ... to its end" '^   ALLOC_ flags joined by \|\)'
cmd 'quiz stop'
$T send-keys -t t q
wait_gone 'Quiz over' >/dev/null
cmd 'quiz topic=watermark seed=3 count=1'
check "quiz 80x24: the question's last line" '^ Does __zone_watermark_ok pass in each zone'
check "quiz 80x24: a wrapped line keeps its indent" '^     0, highatomic 0'
check "quiz 80x24: the zones below the question" 'Zones: free_area'
$T send-keys -t t -l 'answer DMA32 no DMA no'
$T send-keys -t t Enter
check "quiz 80x24: 'answer X' on the answer line is X" 'RIGHT: DMA32 no DMA no'
check "quiz 80x24: the solution's steps keep their indent" '^     [0-9]+ <= mark [0-9]+ \+ lowmem_reserve'
# a table's rows are never joined as if they were hand-wrapped prose
cmd 'quiz stop'
$T send-keys -t t q
wait_gone 'Quiz over' >/dev/null
cmd 'quiz topic=stages seed=5 count=1'
$T send-keys -t t -l 'x'
$T send-keys -t t Enter
wait_for 'WRONG' >/dev/null
$T send-keys -t t PgDn
check "quiz 80x24: a table's rows stay rows" '^   DIRECT_RECLAIM  direct reclaim: try_to_free_pages'
$T kill-server 2>/dev/null

# lessons at 80x24: a goal too wide for the pane breaks at a blank (it
# came out "counted retrie" / "s"); kswapd's details go on a row of their
# own rather than lose their end ("DMA32 p")
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 lessons/13-from-4.5-to-6.1.lua; sleep 600" 80 24
check "lesson 80x24: a wide goal wraps at a blank" "counted *\$|^     retries\$"
$T kill-server 2>/dev/null
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --seed 1 lessons/06-kswapd-background-reclaim.lua; sleep 600" 80 24
wait_for 'step 1 of' >/dev/null
$T send-keys -t t Space
wait_for 'step 2 of' >/dev/null
check "80x24: a running kswapd's details on a row of their own" '│ +order 0 DMA32 prio [0-9]+ \+[0-9]+ *$'
$T kill-server 2>/dev/null

# a lesson with --plain on an 80-column terminal: its prose breaks at a
# blank (the terminal cut "DIRECT_CO" / "MPACT")
session "BUDDYSCOPE_DATADIR=$(pwd) $bin --plain --seed 1 lessons/13-from-4.5-to-6.1.lua; sleep 600" 80 24
wait_for 'step 1 of 6' >/dev/null
$T send-keys -t t Enter
check "--plain lesson 80x24: prose wraps at a blank" '^DIRECT_COMPACT > SYNC_LIGHT > DIRECT_RECLAIM'
$T kill-server 2>/dev/null

# the --plain REPL on an 80-column terminal: a long output line (here an
# error) breaks at a blank, not in the middle of a word
session "$bin --plain --seed 1 --machine tiny; sleep 600" 80 24
wait_for 'buddyscope>' >/dev/null
$T send-keys -t t -l 'lua error(("word "):rep(40), 0)'
$T send-keys -t t Enter
check "--plain 80x24: output wraps at a blank" '^word( word)+ *$'
$T kill-server 2>/dev/null

# --plain on a terminal: what a script prints cannot drive the terminal
# (ESC, OSC, BEL, CR and a C1 CSI are written as '?')
session "$bin --plain --seed 1 --machine tiny; echo EXITED \$?; sleep 600" 100 20
wait_for 'buddyscope> *$' >/dev/null
$T send-keys -t t -l 'lua print("A\27[2J\27]0;pwned\7B\r\194\155C")'
$T send-keys -t t Enter
check "--plain: control characters in output are shown as ?" '^A\?\[2J\?\]0;pwned\?B\?\?C$'
$T kill-server 2>/dev/null

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
