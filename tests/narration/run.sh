#!/bin/sh
# tests/narration/run.sh BINARY
#
# Every narrated comparison must hold. Runs every lesson headless
# (BINARY --batch --seed 1 lessons/NAME.lua) and every workload here
# (BINARY --batch --seed 1 [#args] < NAME.cmd), and passes each transcript
# through build/narration-check, which evaluates every "a OP b" with its
# numbers ("free 3590 - 7 for order 3 = 3583 > low 102 + lowmem_reserve 0")
# and fails on one that does not hold. The unit test test_narration.c checks
# the printed operands against the engine's values as well.
#
# Prints "ok NAME" or "not ok NAME" with the lines at fault, then
# "N passed, N failed".

set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: $0 BINARY}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
check=$(dirname "$bin")/narration-check
[ -x "$check" ] || check=$root/build/narration-check
if [ ! -x "$check" ]; then
	echo "$0: no narration-check next to $bin (make build/narration-check)" >&2
	exit 2
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/narration.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM
passed=0
failed=0
total=0
export HOME=/nonexistent BUDDYSCOPE_HISTORY=/dev/null BUDDYSCOPE_DATADIR="$root"
cd "$root" || exit 1
for c in lessons/*.lua tests/narration/*.cmd; do
	[ -f "$c" ] || continue
	name=${c##*/}
	case $c in
	*.lua) "$bin" --batch --seed 1 "$c" > "$tmp" 2>&1 ;;
	*.cmd)
		args=$(sed -n '1s/^#args:[ 	]*//p' "$c")
		( eval "set -- $args"; "$bin" --batch --seed 1 "$@" < "$c" > "$tmp" 2>&1 ) ;;
	esac
	if out=$("$check" "$name" < "$tmp"); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	echo "$out"
	n=$(echo "$out" | sed -n 's/^ok .* # \([0-9]*\) comparisons checked$/\1/p')
	total=$((total + ${n:-0}))
done
# the workloads exist to narrate: a run that checks nothing checks nothing
if [ "$total" -lt 100 ]; then
	echo "not ok: only $total comparisons in all transcripts"
	failed=$((failed + 1))
fi
echo "# $total comparisons checked"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
