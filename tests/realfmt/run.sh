#!/bin/sh
# tests/realfmt/run.sh BINARY - every /proc snapshot under tests/data/proc/
# imports, and the machine shows what the files say (no expected numbers
# are written here: the files are the expectation):
#   - `show buddyinfo` prints the snapshot's buddyinfo;
#   - `show pagetypeinfo` prints its pagetypeinfo (free counts per type and
#     order, ">100000" where 5.5+ stop counting, the "Number of blocks type"
#     table, its columns), where the snapshot has both files and no Reserve
#     column (MIGRATE_RESERVE, gone in 4.4: its blocks import as Movable)
#     and were not taken under load (NAME *under-load*: its files disagree,
#     and the import must say how it reconciled them);
# compared word by word (blanks squeezed: golden/ checks the layout);
#   - every populated zone's min/low/high and protection (the four zone
#     types DMA..Movable, moved up one place on a kernel without ZONE_DMA)
#     are those zoneinfo shows.
# and every trace layout under tests/data/trace/ replays as the 6.1 one.
# Prints "ok NAME CHECK" / "not ok NAME CHECK" and "N passed, N failed".
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/../data/proc" || exit 1
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/realfmt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# the numbers and words of a file, blanks squeezed and blank lines dropped
# (some hand-made fixtures are wider than the kernel prints)
norm() {
	sed 's/[ 	][ 	]*/ /g; s/ $//; /^$/d' "$1"
}

check() {	# NAME CHECK EXPECTED ACTUAL
	norm "$3" >"$tmp/n3"
	norm "$4" >"$tmp/n4"
	if cmp -s "$tmp/n3" "$tmp/n4"; then
		echo "ok $1 $2"
		passed=$((passed + 1))
	else
		echo "not ok $1 $2"
		diff "$tmp/n3" "$tmp/n4" | head -n 8 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

# "nid zone min low high p0 p1 p2 p3" for each populated zone of a zoneinfo
# text; $1 = 1: the kernel had no DMA zone, its protection starts at DMA32
wmarks() {
	awk -v nodma="$1" '
	function flush() {
		if (zone != "" && present > 0) {
			n = split(prot, p, /[(), ]+/)
			out = node " " zone " " mn " " lo " " hi
			k = 0
			if (nodma) { out = out " 0"; k = 1 }
			for (i = 1; i <= n && k < 4; i++)
				if (p[i] != "") { out = out " " p[i]; k++ }
			print out
		}
		zone = ""; present = 0; prot = ""
	}
	/^Node/ { flush(); node = $2; zone = $4; next }
	$1 == "min" { mn = $2 } $1 == "low" { lo = $2 } $1 == "high" { hi = $2 }
	$1 == "present" { present = $2 }
	$1 == "protection:" { prot = $0; sub(/.*protection: /, "", prot) }
	END { flush() }' | sort
}

for dir in */; do
	m=${dir%/}
	[ -f "$m/zoneinfo" ] || continue
	if ! "$bin" --batch --seed 1 -c "machine proc:$m" >"$tmp/import" 2>&1; then
		echo "not ok $m import"
		sed -n 's/^/#   /p' "$tmp/import" | tail -n 3
		failed=$((failed + 1))
		continue
	fi
	echo "ok $m import"
	passed=$((passed + 1))
	if [ -f "$m/buddyinfo" ]; then
		"$bin" --batch --seed 1 -c "machine proc:$m; show buddyinfo" 2>&1 |
			grep '^Node' >"$tmp/b"
		check "$m" buddyinfo "$m/buddyinfo" "$tmp/b"
	fi
	case $m in
	*under-load*)	# files read moments apart: buddyinfo wins, and it is said
		if grep -q 'read at different moments): took buddyinfo' "$tmp/import"; then
			echo "ok $m reconciled and said"
			passed=$((passed + 1))
		else
			echo "not ok $m reconciled and said"
			failed=$((failed + 1))
		fi
		;;
	esac
	if [ -f "$m/pagetypeinfo" ] && [ -f "$m/buddyinfo" ] &&
	    ! grep -q Reserve "$m/pagetypeinfo" && case $m in *under-load*) false ;; esac; then
		"$bin" --batch --seed 1 -c "machine proc:$m; show pagetypeinfo" 2>&1 |
			sed -n '/^Page block order/,$p' >"$tmp/p"
		check "$m" pagetypeinfo "$m/pagetypeinfo" "$tmp/p"
	fi
	nodma=1
	grep -q '^Node.*zone *DMA$' "$m/zoneinfo" && nodma=0
	wmarks "$nodma" <"$m/zoneinfo" >"$tmp/want"
	"$bin" --batch --seed 1 -c "machine proc:$m; show zoneinfo" 2>&1 |
		sed -n '/^Node/,$p' | wmarks 0 >"$tmp/got"
	check "$m" watermarks "$tmp/want" "$tmp/got"
done

# Every layout of the same kmem events (tests/data/trace/kmem-*.txt: 4.19's
# decimal pfns and page pointers, trace-cmd report, record-tgid, per-cpu
# files concatenated, the latency-format option) replays exactly as the 6.1
# text they were made from (the layout is said on a line of its own).
cd ../trace || exit 1
replay() {
	"$bin" --batch --seed 1 -c "machine proc:../linux-6.1/trace-before; trace replay $1" 2>&1 |
		sed -n '/^read /,$p' | sed '1d; /^  layout: /d'
}
replay kmem-6.1.txt >"$tmp/want"
if ! grep -q 'events applied' "$tmp/want"; then
	echo "not ok trace kmem-6.1.txt replays"
	failed=$((failed + 1))
fi
for t in kmem-*.txt; do
	[ "$t" = kmem-6.1.txt ] && continue
	replay "$t" >"$tmp/got"
	check trace "$t" "$tmp/want" "$tmp/got"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
