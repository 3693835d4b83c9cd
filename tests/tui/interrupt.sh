#!/bin/sh
# tests/tui/interrupt.sh BINARY - Ctrl-C stops the engine's long commands
# (issue 9), on the screen (tmux send-keys C-c) and in --batch (SIGINT):
# a boot of a large machine, `compact` (compact_memory), `set
# vm.drop_caches`, a long `tick` and a `compare`; then a hostile script
# and `task touch` (on the screen, in --plain and in --batch). Each stops with its one-line error,
# the machine is as it was before the command (the zones, exported to a
# file before and after, are the same byte for byte), and the program goes
# on: the next command runs, and it quits normally.
#
# No fixed sleeps: the setup is done when its export file exists; the long
# command runs once the program, idle before it, has used CPU time (read in
# /proc). A Ctrl-C that comes after the command has already finished (a
# fast machine) proves nothing either way, so an attempt where the command
# ran to its end is made again, up to three times; a command that cannot be
# stopped fails all three.
# Prints "ok NAME" or "not ok NAME" per check and "N passed, N failed".

set -u
. "$(dirname "$0")/lib.sh"
trap '' PIPE	# a batch that ended: writes to its fifo fail, quietly

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux" "tmux is not installed (make deps)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# A machine of 512 GiB: its page records take a few hundred MiB and its
# boot a good part of a second.
cat >"$tmp/big.txt" <<'EOF'
name    big
summary 512 GiB in one Normal zone, to boot for long
node 0 cpus 4
zone 0 DMA     start 1    spanned 4095     present 3998    managed 3977
zone 0 DMA32   start 16M  spanned 1044480  present 782336  managed 770000
zone 0 Normal  start 4G   spanned 512G     present 512G    managed 512G
EOF
# a workload for compare that runs for seconds on each side (on tiny:
# every page read then goes through reclaim)
{
	echo 'task spawn hog'
	i=0
	while [ $i -lt 20 ]; do
		echo 'task touch hog read 500000'
		i=$((i + 1))
	done
} >"$tmp/heavy.txt"
nl='
'
# 5 million reclaimable slab pages: drop_caches and kswapd shrink them
# (kswapd once it is woken below a low watermark of 12.5 million pages)
slab='lua for i = 1, 5 do bs.cmd("slab 1000000 reclaimable") end'
# page cache and anon pages side by side, then the cache dropped: holes
# between the anon pages for compaction to fill
frag="thp enabled=never${nl}task spawn cat${nl}task spawn hog"
for i in 1 2 3; do
	frag="$frag${nl}lua for i = 1, 500 do bs.cmd(\"task touch cat read 1000\") bs.cmd(\"task touch hog anon 1000\") end"
done
frag="$frag${nl}set vm.drop_caches 1"

wait_file() {
	i=0
	while [ $i -lt "${2:-1200}" ] && [ ! -f "$1" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -f "$1" ]
}

# wait_idle PID: poll (bounded: 120 s) until PID used no CPU time for 0.1 s
wait_idle() {
	i=0
	a=$(cpu_ticks "$1")
	while [ $i -lt 1200 ]; do
		sleep 0.1
		b=$(cpu_ticks "$1")
		[ "$a" = "$b" ] && return 0
		a=$b
		i=$((i + 1))
	done
	return 1
}

# send MODE TEXT: a command line, typed (screen) or written to the batch
send() {
	if [ "$1" = screen ]; then
		keys ':'
		$T send-keys -t t -l "$2"
		$T send-keys -t t Enter
	else
		printf '%s\n' "$2" >&7 2>/dev/null
	fi
}

# attempt MODE MACHINE SETUP LONG: one try; sets $outcome to "stopped"
# (the error came), "ran" (LONG finished first: try again) or "broken".
attempt() {
	rm -f "$tmp/bs.pid" "$tmp/before.svg" "$tmp/after.svg" "$tmp/in" "$tmp/out" "$tmp/err"
	if [ "$1" = screen ]; then
		session "cd '$tmp' && sh -c 'echo \$\$ >bs.pid; exec \"$bin\" --seed 1 --machine $2'; echo EXITED \$?; sleep 600"
		wait_for 'Page map' 60 >/dev/null
	else
		mkfifo "$tmp/in"
		session "cd '$tmp' && sh -c 'echo \$\$ >bs.pid; exec \"$bin\" --batch --seed 1 --machine $2 <in >out 2>err'; echo EXITED \$?; sleep 600"
		exec 7>"$tmp/in"
	fi
	pid=$(cat "$tmp/bs.pid" 2>/dev/null)
	if [ -n "$3" ]; then
		printf '%s\n' "$3" | while IFS= read -r line; do send "$1" "$line"; done
	fi
	send "$1" 'export zones before.svg'
	if ! wait_file "$tmp/before.svg"; then
		outcome=broken
		why="the setup did not finish"
		return
	fi
	if [ "$1" = screen ]; then
		keys ':'
		$T send-keys -t t -l "$4"
		wait_for "^buddyscope> $4" >/dev/null
		wait_idle "$pid"
		$T send-keys -t t Enter
	else
		wait_idle "$pid"
		send batch "$4"
	fi
	if ! wait_busy "$pid" 5; then
		outcome=broken
		why="the command never ran"
		return
	fi
	if [ "$1" = screen ]; then
		$T send-keys -t t C-c
		# the screen drops a line typed while the Ctrl-C is handled:
		# the next command once the program is idle again
		wait_idle "$pid"
	else
		kill -INT "$pid"
	fi
	send "$1" 'export zones after.svg'
	wait_file "$tmp/after.svg" 600 || { screen; grep -q '^EXITED' "$tmp/screen" || wait_for '^EXITED' 60; }
	if [ "$1" = screen ]; then
		screen
		if grep -q 'interrupted (Ctrl-C)' "$tmp/screen"; then
			outcome=stopped
		else
			outcome=ran
		fi
	else
		if grep -q 'interrupted (Ctrl-C)' "$tmp/err"; then
			outcome=stopped
		else
			outcome=ran	# the batch ended (SIGINT between commands) or ran it
		fi
	fi
}

# interrupt NAME MACHINE SETUP LONG ERROR: the checks, in both modes
interrupt() {
	for mode in screen batch; do
		n=0
		outcome=ran
		while [ $n -lt 3 ] && [ "$outcome" = ran ]; do
			[ $n -gt 0 ] && exec 7>&- 2>/dev/null
			attempt $mode "$2" "$3" "$4"
			n=$((n + 1))
			[ "$outcome" = ran ] && echo "# $1 ($mode): attempt $n: it ran to its end before the Ctrl-C"
		done
		if [ "$outcome" != stopped ]; then
			[ "$outcome" = ran ] && why="it ran to its end $n times"
			not_ok "Ctrl-C stops $1 ($mode)" "$why"
			[ $mode = batch ] && exec 7>&-
			continue
		fi
		if [ $mode = screen ]; then
			# (the log wraps the line: its start)
			check "Ctrl-C stops $1 ($mode): the error" \
				"^! error: $(echo "$5" | sed 's/(Ctrl-C\\).*/(Ctrl-C\\)/')"
		elif [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq "^error: $5\$" "$tmp/err"; then
			ok "Ctrl-C stops $1 ($mode): a one-line error"
		else
			not_ok "Ctrl-C stops $1 ($mode): a one-line error" "$(cat "$tmp/err")"
		fi
		if [ -f "$tmp/after.svg" ] && cmp -s "$tmp/before.svg" "$tmp/after.svg"; then
			ok "Ctrl-C stops $1 ($mode): the machine is as it was"
		else
			not_ok "Ctrl-C stops $1 ($mode): the machine is as it was"
		fi
		send $mode 'quit'
		[ $mode = batch ] && exec 7>&-
		# --batch exits 1: a command failed
		check "Ctrl-C stops $1 ($mode): the program goes on and quits" '^EXITED [01]$'
		$T kill-server 2>/dev/null
	done
}

interrupt 'a boot' tiny '' "machine file:$tmp/big.txt" \
	"machine: interrupted \\(Ctrl-C\\) while booting 'big'; still running tiny"
interrupt 'drop_caches' server64 "$slab" 'set vm.drop_caches 2' \
	'set vm.drop_caches: interrupted \(Ctrl-C\); the machine is as it was before the command'
interrupt 'a long tick' server64 "$slab${nl}set vm.min_free_kbytes 40000000${nl}alloc GFP_NOWAIT 0" \
	'tick 100000' 'tick: interrupted \(Ctrl-C\); the machine is as it was before the command'
interrupt 'compact' server64 "$frag" 'compact' \
	'compact: interrupted \(Ctrl-C\); the machine is as it was before the command'

# compare: both sides must run the whole workload, or nothing is compared
# (a Ctrl-C used to stop one command on one side, and the report then
# showed the difference it made as the kernels')
interrupt 'compare' tiny '' "compare 4.5 6.1 $tmp/heavy.txt" \
	'compare: interrupted \(Ctrl-C\) in command [0-9]+ \(task touch hog read 500000\) under Linux (v4\.5\.0|6\.1); nothing is compared'

# a compare that runs for seconds says how far it is on the screen's
# status line (then Ctrl-C ends it: nothing is left to wait for)
session "'$bin' --seed 1 --machine tiny; echo EXITED \$?; sleep 600"
wait_for '^DMA32 +free 3590 ' >/dev/null
cmd "compare 4.5 6.1 $tmp/heavy.txt"
check "compare on the screen: a progress bar in the status line" \
	'compare: under (4\.5|6\.1), command \[[#.]+\] +[0-9]+% [0-9]+/21'
$T send-keys -t t C-c
check "compare on the screen: Ctrl-C ends it" 'compare: interrupted \(Ctrl-C\)'
$T kill-server 2>/dev/null

# ---- scripts and task touch, stopped inside the engine ----

# Ctrl-C stops a hostile script, on the screen and in --plain (issue 9): the
# script makes a file when it is running (polled for), then loops over
# commands that would keep it busy for seconds; after Ctrl-C the error says
# so and the machine is as it was (the allocation is rolled back).
hog='lua bs.cmd("alloc GFP_KERNEL 3") bs.cmd("export zones started.svg") for i = 1, 1e9 do bs.cmd("reset") end'
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
		t0=$(date +%s%N)
		$T send-keys -t t C-c
		check "Ctrl-C stops a script ($mode)" 'error: lua: script interrupted \(Ctrl-C\)'
		# within a second (issue 9); the sanitizers' build is given 4
		ms=$((($(date +%s%N) - t0) / 1000000))
		limit=1000
		case $bin in */san/*) limit=4000 ;; esac
		[ "$ms" -le "$limit" ] && ok "Ctrl-C stops a script within a second ($mode)" ||
			not_ok "Ctrl-C stops a script within a second ($mode)" "$ms ms"
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
# (compact, drop_caches, tick, a boot and compare: above; without a
# signal: tests/unit/test_interrupt.c and tests/app/test_interrupt.c.)
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
