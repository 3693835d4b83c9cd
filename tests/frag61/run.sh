#!/bin/sh
# tests/frag61/run.sh BINARY [CAPTURE]
#
# The fragmentation check of issue 12: the frag workload of a real 6.1 run
# (CAPTURE: a frag_* folder laid out as /work/shared/data/linux-6.1's, by
# default the copy in tests/data/linux61/frag) replayed under --kernel 6.1
# by fragfill.lua, and direct compaction's stalls, successes and failures
# compared with the real vmstat deltas of the two hugetlb phases.
#
# The band, over both phases together (one real run is all there is, and
# the README says such runs vary with TCG timing and kswapd concurrency):
#   - huge pages got, per phase: within 10 % of the real run's attempts
#     (its pages got, plus the request that failed): the real run alone
#     sets the band, so a model that overshoots does not widen it;
#   - compaction stalls per huge page attempted: within 0.15 of the real;
#   - the share of stalls that succeeded: within 0.15 of the real (the
#     share that failed is the rest).
# Why 0.15: one real run is all there is, and the model's one free
# parameter, the jiffies kswapd runs between two huge pages (FRAG61_TICK),
# moves the success share by 0.08 (stalls per attempt hardly move). It
# moves the second growth's pages got much more: 37 at 1 jiffy, 44 at 2,
# 48 at 3 to 8 (4.x kswapd); only 1 passes, and 1 is the default. But the
# model's jiffy is 1 ms (HZ 1000), and the real run spent 8 ms a page in
# the first growth (1.3 s for 160) and 3.4 to 17 ms in the second (its
# trace: between two fast-path pages, and after a compaction), most of it
# zeroing each 2 MiB page (init_on_alloc) under TCG while kswapd ran on
# the other CPU. At that pace the model gets 48 where the real run got
# 39: the default passes by timing, and the gap at the real pace is the
# model's compaction (core/kswapd_6_1.c's header has the numbers).
# kcompactd's 500 ms proactive check (6.1) is held off while the pool
# grows, and the real run's idle time after the first growth (12.22 s to
# compact_memory at 14.56 s, from hugetlb_results and progress.log) is
# replayed: the real trace's one proactive run of that part (order -1,
# 12.75 s) came in that idle time, and none fell inside a growth (the real
# kswapd, woken by every huge page, was running at each timeout; the
# model's does the same reclaim in far less time and naps, so its checks
# would compact in mid-growth, which the real one never did: hugetlb2 then
# gets 25). With the run after the growth, the compact_memory phase scans
# and isolates as the real one did (migrate 33789 vs 27719, free 10727 vs
# 9823, isolated 3466 vs 729; 39645, 48488, 30033 with no proactive run).
# Prints "ok ..." / "not ok ..." per check and "N passed, N failed".
set -u
bin=${1:?usage: run.sh BINARY [CAPTURE]}
root=$(cd "$(dirname "$0")/../.." && pwd)
cap=${2:-$root/tests/data/linux61/frag}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp "${TMPDIR:-/tmp}/frag61.XXXXXX")
trap 'rm -f "$tmp" "$tmp.lua"' EXIT INT TERM
passed=0
failed=0

snap() { for d in "$cap"/*_"$1"; do [ -d "$d" ] && echo "$d" && return; done; echo "no $1 snapshot in $cap" >&2; exit 1; }
field() { sed -n "s/.*[ /]$2=\([0-9]*\).*/\1/p" "$1" | head -n 1; }

spec=$(grep fragfill "$cap/progress.log" | head -n 1)
mib=$(echo "$spec" | sed -n 's/.*anon=\([0-9]*\)MB.*/\1/p')
pipes=$(echo "$spec" | sed -n 's/.*pipes\/MB=\([0-9]*\).*/\1/p')
chunk=$(echo "$spec" | sed -n 's/.*chunk=\([0-9]*\).*/\1/p')
h1=$(grep ' hugetlb1 ' "$cap/hugetlb_results" | sed 's/.*requested=\([0-9]*\).*/\1/')
g1=$(grep ' hugetlb1 ' "$cap/hugetlb_results" | sed 's/.*got=\([0-9]*\).*/\1/')
h2=$(grep ' hugetlb2 ' "$cap/hugetlb_results" | sed 's/.*requested=\([0-9]*\).*/\1/')
g2=$(grep ' hugetlb2 ' "$cap/hugetlb_results" | sed 's/.*got=\([0-9]*\).*/\1/')
h3=$(grep ' hugetlb3 ' "$cap/hugetlb_results" | sed 's/.*requested=\([0-9]*\).*/\1/')
g3=$(grep ' hugetlb3 ' "$cap/hugetlb_results" | sed 's/.*got=\([0-9]*\).*/\1/')
# the real run's idle time between the end of the first growth and the
# next phase (compact_memory), in ms: where its proactive check ran
t1=$(grep ' hugetlb1 ' "$cap/hugetlb_results" | cut -d' ' -f1)
t4=$(grep 'phase4' "$cap/progress.log" | cut -d' ' -f1)
gap1=$(awk -v a="${t1:-0}" -v b="${t4:-0}" 'BEGIN { g = (b - a) * 1000; printf "%d", (g > 0 ? g : 0) }')
sed -e "s/@GAP1@/$gap1/g" -e "s/@ANON_MIB@/$mib/g" -e "s/@PIPES@/$pipes/g" -e "s/@CHUNK@/$chunk/g" \
    -e "s/@H1@/$h1/g" -e "s/@H2@/$h2/g" -e "s/@H3@/${h3:-0}/g" -e "s/@TICK@/${FRAG61_TICK:-1}/g" \
    "$root/tests/frag61/fragfill.lua" >"$tmp.lua"
echo "source $tmp.lua" | "$bin" --batch --seed 1 --kernel 6.1 \
	--machine "proc:$(snap after_pagecache)" >"$tmp" 2>&1
if ! grep -q '^model hugetlb2 ' "$tmp"; then
	cat "$tmp"
	echo "not ok the workload ran"
	echo "0 passed, 1 failed"
	exit 1
fi

# real NAME BEFORE AFTER GOT_NEW ASKED: the real phase as the model line reads
real() {
	awk -v name="$1" -v got="$4" -v asked="$5" '
		FNR == NR { a[$1] = $2; next } { b[$1] = $2 }
		END {
			att = got < asked ? got + 1 : got
			printf "real  %s got=%d attempted=%d compact_stall=%d compact_success=%d compact_fail=%d pgsteal_kswapd=%d pgsteal_direct=%d\n",
				name, got, att, b["compact_stall"] - a["compact_stall"],
				b["compact_success"] - a["compact_success"], b["compact_fail"] - a["compact_fail"],
				b["pgsteal_kswapd"] - a["pgsteal_kswapd"], b["pgsteal_direct"] - a["pgsteal_direct"]
		}' "$2/vmstat" "$3/vmstat"
}
real hugetlb1 "$(snap after_fragfill)" "$(snap after_hugetlb1)" "$g1" "$h1" >>"$tmp"
real hugetlb2 "$(snap after_compact_memory)" "$(snap after_hugetlb2)" "$((g2 - g1))" "$((h2 - g1))" >>"$tmp"
# the third growth, after the pool was released and drop_caches: shown
# for the record, in no check (the README gives the numbers and why)
if [ -n "$h3" ] && ls -d "$cap"/*_after_release_dropcaches "$cap"/*_after_hugetlb3 >/dev/null 2>&1; then
	real hugetlb3 "$(snap after_release_dropcaches)" "$(snap after_hugetlb3)" "$g3" "$h3" |
		sed 's/^/unchecked /' >>"$tmp"
fi
grep '^model\|^real\|^unchecked' "$tmp" | sed 's/^/# /'

check() {
	if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	echo "$1 $2"
}
for ph in hugetlb1 hugetlb2; do
	r=$(awk -v ph="$ph" '
		$1 == "model" && $2 == ph { for (i = 3; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] } }
		$1 == "real" && $2 == ph { for (i = 3; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] } }
		END {
			d = m["got"] - r["got"]; if (d < 0) d = -d
			lim = 0.10 * r["attempted"]
			printf "%s %s huge pages got: model %d, real %d (band +-%.1f)\n", d <= lim ? "ok" : "not_ok", ph, m["got"], r["got"], lim
		}' "$tmp")
	check "$(echo "$r" | cut -d' ' -f1 | tr _ ' ')" "$(echo "$r" | cut -d' ' -f2-)"
done
r=$(awk '
	{ for (i = 3; i <= NF; i++) { split($i, kv, "="); t[$1, kv[1]] += kv[2] } }
	END {
		ms = t["model", "compact_stall"] / t["model", "attempted"]
		rs = t["real", "compact_stall"] / t["real", "attempted"]
		mo = t["model", "compact_stall"] ? t["model", "compact_success"] / t["model", "compact_stall"] : 0
		ro = t["real", "compact_stall"] ? t["real", "compact_success"] / t["real", "compact_stall"] : 0
		d1 = ms - rs; if (d1 < 0) d1 = -d1
		d2 = mo - ro; if (d2 < 0) d2 = -d2
		printf "%s|stalls per huge page attempted: model %.3f, real %.3f (band +-0.15)\n", d1 <= 0.15 ? "ok" : "not ok", ms, rs
		printf "%s|share of stalls that succeeded: model %.3f, real %.3f (band +-0.15)\n", d2 <= 0.15 ? "ok" : "not ok", mo, ro
	}' "$tmp" | grep -v '^$' | grep '|' )
echo "$r" | while IFS='|' read -r v t; do echo "$v $t"; done >"$tmp.lua"
while IFS= read -r line; do
	case $line in "not ok "*) check "not ok" "${line#not ok }" ;; "ok "*) check ok "${line#ok }" ;; esac
done <"$tmp.lua"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
