#!/bin/sh
# tests/frag61/run.sh BINARY [CAPTURE...]
#
# The fragmentation check of issue 12: the frag workload of a real 6.1 run
# replayed under --kernel 6.1 by fragfill.lua, and the two hugetlb growths'
# huge pages got, direct compaction stalls and successes compared with the
# real vmstat deltas. A CAPTURE is a frag_* folder laid out as
# /work/shared/data/linux-6.1's (progress.log, hugetlb_results, the
# NN_after_* snapshots); the model replays the FIRST one's workload, from
# its after_pagecache /proc, at its pace; every capture must have run the
# same workload. By default: the real run of the shared data
# (tests/data/linux61/frag) and eight reruns of that workload on the same
# kernel, VM and guest (tests/data/linux61/frag-reruns, README there).
#
# The real kernel is not repeatable on this workload: TCG timing and
# kswapd and kcompactd racing the writer decide it. Nine runs got 120 to
# 160 huge pages in the first growth and 13 to 145 in the second, 0 % to
# 53 % of whose compaction stalls succeeded. One model run against one
# real run says little; so the model replays the workload once per real
# run, at that run's pace (a growth's huge pages come one every N jiffies
# of HZ 1000, N that run's time for the growth over its attempts: 8 to 13
# ms in the first growth, 5 to 10 in the second), with that run's idle
# time before compact_memory, and the two sets are compared.
#
# Checked per growth (hugetlb1, hugetlb2): huge pages got, compaction
# stalls per huge page attempted (pages got, plus the request that
# failed), and the share of stalls that succeeded (the share that failed
# is the rest). The band:
#   - with 5 or more real runs: the model's median lies within the range
#     the real runs span, and the real runs' median within the range the
#     model's replays span. The model then does what some real run did,
#     and the typical real run is one the model can produce.
#   - with fewer: the model also replays at the first run's pace plus and
#     minus 1 to 4 jiffies, and every real run must lie within the range of
#     the replays, widened by 10 % of its attempts (pages got) or by 0.15
#     (the two shares).
# Each replay runs at its real run's CPU slowdown (sim.cpu_slowdown),
# measured from the run itself: the factor by which the real fragfill
# (progress.log phase2 -> phase3) took longer than the model's fragfill at
# slowdown 1 (less its one-jiffy ticks). The real runs ran under QEMU
# TCG, several times slower than the host the cost table was measured on.
# Each replay's kernel threads also start as late after a wakeup as the
# run's kswapd did (sim.wakeup_us): the median over the run's trace
# (trace_events.txt, or its cut trace_kswapd_wakes.txt) of each
# mm_vmscan_wakeup_kswapd to the next mm_vmscan_kswapd_wake; without a
# trace, the cost table's WAKEUP times the slowdown.
# FRAG61_TICK=N replays once, at N jiffies a huge page in every growth
# (and checks as with fewer runs). FRAG61_SLOWDOWN=1 replays every run at
# slowdown 1 (the cost table as measured), FRAG61_WAKEUP=default at the
# table's wakeup, for comparison.
# Prints "ok ..." / "not ok ..." per check and "N passed, N failed".
set -u
bin=${1:?usage: run.sh BINARY [CAPTURE...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
defaults=no
if [ $# -eq 0 ]; then
	defaults=yes
	set -- "$root/tests/data/linux61/frag"
	for d in "$root"/tests/data/linux61/frag-reruns/*/; do
		[ -d "$d" ] && set -- "$@" "${d%/}"
	done
fi
cap=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frag61.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# snap CAPTURE NAME: the capture's NN_NAME snapshot folder
snap() { for d in "$1"/*_"$2"; do [ -d "$d" ] && echo "$d" && return; done; echo "no $2 snapshot in $1" >&2; exit 1; }
# hp CAPTURE NAME FIELD: hugetlb_results' time, requested or got
hp() {
	awk -v n="$2" -v f="$3" '$2 == n {
		if (f == "time") { print $1; exit }
		for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) { print kv[2]; exit } } }' "$1/hugetlb_results"
}
# phase CAPTURE PATTERN: progress.log's time of the phase line
phase() { grep "$2" "$1/progress.log" | head -n 1 | cut -d' ' -f1; }
# pace START END ATTEMPTS: jiffies (ms) a huge page, at least 1
pace() { awk -v a="${1:-0}" -v b="${2:-0}" -v n="${3:-1}" 'BEGIN { t = (b - a) * 1000 / (n > 0 ? n : 1); t = int(t + 0.5); print (t < 1 ? 1 : t) }'; }
# att GOT ASKED: the attempts (set_max_huge_pages stops at the first failure)
att() { if [ "$1" -lt "$2" ]; then echo $(($1 + 1)); else echo "$1"; fi; }
bad() { echo "not ok $*"; echo "0 passed, 1 failed"; exit 1; }

spec=$(grep fragfill "$cap/progress.log" 2>/dev/null | head -n 1 | cut -d' ' -f2-)
mib=$(echo "$spec" | sed -n 's/.*anon=\([0-9]*\)MB.*/\1/p')
pipes=$(echo "$spec" | sed -n 's/.*pipes\/MB=\([0-9]*\).*/\1/p')
chunk=$(echo "$spec" | sed -n 's/.*chunk=\([0-9]*\).*/\1/p')
h1=$(hp "$cap" hugetlb1 requested)
h2=$(hp "$cap" hugetlb2 requested)
h3=$(hp "$cap" hugetlb3 requested)
[ -n "$mib" ] && [ -n "$pipes" ] && [ -n "$chunk" ] && [ -n "$h1" ] && [ -n "$h2" ] ||
	bad "$cap: no fragfill line in progress.log or no hugetlb1/hugetlb2 in hugetlb_results"
for c in "$@"; do
	s=$(grep fragfill "$c/progress.log" 2>/dev/null | head -n 1 | cut -d' ' -f2-)
	[ "$s" = "$spec" ] && [ "$(hp "$c" hugetlb1 requested)" = "$h1" ] &&
		[ "$(hp "$c" hugetlb2 requested)" = "$h2" ] || bad "$c ran another workload than $cap"
done

# the name each run goes by: its folder's, or its parent's when the
# folder is a capture's own frag/; made unique with -2, -3, ...
for c in "$@"; do
	r=$(cd "$c" && pwd)
	case ${r##*/} in frag) r=${r%/frag} ;; esac
	r=${r##*/}
	k=1
	b=$r
	while grep -qx "$r" "$tmp/names" 2>/dev/null; do k=$((k + 1)); r=$b-$k; done
	echo "$r" >>"$tmp/names"
done
# runname N: the Nth capture's name
runname() { sed -n "$1p" "$tmp/names"; }
# params CAPTURE: "TICK1 TICK2 TICK3 GAP1" of a real run: each growth's
# pace (its time over its attempts), and the idle ms between the first
# growth's end and compact_memory
params() {
	cg1=$(hp "$1" hugetlb1 got); cg2=$(hp "$1" hugetlb2 got); cg3=$(hp "$1" hugetlb3 got)
	t1=$(hp "$1" hugetlb1 time)
	p1=$(pace "$(phase "$1" phase3)" "$t1" "$(att "$cg1" "$h1")")
	p2=$(pace "$(phase "$1" phase5)" "$(hp "$1" hugetlb2 time)" "$(att $((cg2 - cg1)) $((h2 - cg1)))")
	p3=$p2
	[ -n "$h3" ] && [ -n "$cg3" ] && p3=$(pace "$(phase "$1" phase7)" "$(hp "$1" hugetlb3 time)" "$(att "$cg3" "$h3")")
	gap=$(awk -v a="${t1:-0}" -v b="$(phase "$1" phase4)" 'BEGIN { g = (b - a) * 1000; printf "%d", (g > 0 ? g : 0) }')
	echo "$p1 $p2 $p3 $gap"
}
# script NAME SLOWDOWN FRAGONLY TICK1 TICK2 TICK3 GAP1 [WAKEUP]: fragfill.lua
# filled in
script() {
	sed -e "s/@GAP1@/$7/g" -e "s/@WAKEUP@/${8:-default}/g" -e "s/@ANON_MIB@/$mib/g" -e "s/@PIPES@/$pipes/g" -e "s/@CHUNK@/$chunk/g" \
	    -e "s/@H1@/$h1/g" -e "s/@H2@/$h2/g" -e "s/@H3@/${h3:-0}/g" -e "s/@SLOWDOWN@/$2/g" \
	    -e "s/@FRAGONLY@/$3/g" -e "s/@TICK1@/$4/g" -e "s/@TICK2@/$5/g" -e "s/@TICK3@/$6/g" \
	    "$root/tests/frag61/fragfill.lua" >"$tmp/$1.lua"
	echo "source $tmp/$1.lua" | "$bin" --batch --seed 1 --kernel 6.1 \
		--machine "proc:$(snap "$cap" after_pagecache)" >"$tmp/$1.out" 2>&1
}
# replay NAME TICK1 TICK2 TICK3 GAP1 SLOWDOWN WAKEUP: one model run; its
# lines, tagged
replay() {
	script "$1" "$6" 0 "$2" "$3" "$4" "$5" "$7"
	if grep -q '^model hugetlb2 ' "$tmp/$1.out"; then
		grep 'model ' "$tmp/$1.out" | sed "s|\$| run=$1 pace=$2/$3 cpu_slowdown=$6 wakeup_us=$7|"
	else
		echo "failed $1: $(head -n 3 "$tmp/$1.out" | tr '\n' ' ')"
	fi
}
# The machine's speed, measured: the model's fragfill at cpu_slowdown 1
# keeps its CPU busy busy_ns (its simulated time less its one-jiffy ticks);
# a real run's fragfill took phase2 -> phase3 of its progress.log. A run's
# slowdown is the factor that makes the model's fragfill take as long:
# (real seconds - the ticks) / busy seconds, 1 to 100, to 3 decimals.
script speed 1 1 1 1 1 0
busy=$(sed -n 's/^model fragfill .*busy_ns=\([0-9]*\).*/\1/p' "$tmp/speed.out")
[ -n "$busy" ] && [ "$busy" -gt 0 ] || bad "the fragfill ran at cpu_slowdown 1: $(head -n 3 "$tmp/speed.out" | tr '\n' ' ')"
# slowdown CAPTURE: its factor
slowdown() {
	awk -v a="$(phase "$1" phase2)" -v b="$(phase "$1" phase3)" -v busy="$busy" -v mib="$mib" 'BEGIN {
		f = ((b - a) - mib / 1000) / (busy / 1e9); if (a == "" || b == "" || f < 1) f = 1; if (f > 100) f = 100
		printf "%.3f", f }'
}
if [ "${FRAG61_SLOWDOWN:-measured}" = 1 ]; then slowdown() { echo 1; }; fi
# wakeup CAPTURE: how long the real kswapd took to start once woken, in us:
# the median, over the run's trace, of each mm_vmscan_wakeup_kswapd (one
# only traces while kswapd waits) to the next mm_vmscan_kswapd_wake, from
# trace_events.txt or its cut trace_kswapd_wakes.txt; "default" (the cost
# table's WAKEUP x the slowdown) without either. Under TCG an idle vCPU
# wakes late: the shared run's median is 0.23 ms, the reruns' 3.2 to 7.6.
wakeup() {
	for f in "$1/trace_events.txt" "$1/trace_kswapd_wakes.txt"; do
		[ -f "$f" ] || continue
		awk '{ t = ""; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = $i + 0; break } }
		     t == "" { next }
		     / mm_vmscan_wakeup_kswapd: / && !pend { w = t; pend = 1 }
		     / mm_vmscan_kswapd_wake: / && pend { d[++n] = (t - w) * 1e6; pend = 0 }
		     END {
			if (!n) { print "default"; exit }
			for (i = 2; i <= n; i++) for (j = i; j > 1 && d[j - 1] > d[j]; j--) { x = d[j]; d[j] = d[j - 1]; d[j - 1] = x }
			m = n % 2 ? d[(n + 1) / 2] : (d[n / 2] + d[n / 2 + 1]) / 2
			printf "%.3f\n", (m > 1e6 ? 1e6 : m) }' "$f"
		return
	done
	echo default
}
if [ "${FRAG61_WAKEUP:-measured}" = default ]; then wakeup() { echo default; }; fi
echo "# model fragfill at cpu_slowdown 1: busy $busy ns; each run's slowdown = (its phase2 -> phase3 seconds - $mib ms of ticks) / that"

# the plan: one replay a real run, at its pace; with fewer than 5 real
# runs, also the first one's pace plus and minus 1 to 4 jiffies
if [ -n "${FRAG61_TICK:-}" ]; then
	set -- "$cap"
	echo "pace$FRAG61_TICK $FRAG61_TICK $FRAG61_TICK $FRAG61_TICK $(params "$cap" | cut -d' ' -f4) $(slowdown "$cap") $(wakeup "$cap")" >"$tmp/plan"
else
	i=0
	for c in "$@"; do i=$((i + 1)); echo "$(runname $i) $(params "$c") $(slowdown "$c") $(wakeup "$c")"; done >"$tmp/plan"
	if [ $# -lt 5 ]; then
		for d in -4 -3 -2 -1 1 2 3 4; do
			echo "$(params "$cap") $(slowdown "$cap") $(wakeup "$cap")" | awk -v d="$d" '{ for (i = 1; i <= 3; i++) { $i += d; if ($i < 1) $i = 1 }
				printf "pace%+d %d %d %d %d %s %s\n", d, $1, $2, $3, $4, $5, $6 }'
		done >>"$tmp/plan"
	fi
fi
# two replays at a time; a pace already replayed is not replayed again
# (the model is deterministic), its result counts once a real run
n=0
while read -r name t1 t2 t3 gap sd wk; do
	echo "# $name: cpu_slowdown $sd, pace $t1/$t2/$t3 jiffies, gap $gap ms, kswapd wakeup $wk us"
	first=$(awk -v k="$t1 $t2 $t3 $gap $sd $wk" '$2 " " $3 " " $4 " " $5 " " $6 " " $7 == k { print $1; exit }' "$tmp/plan")
	[ "$first" = "$name" ] || continue
	replay "$name" "$t1" "$t2" "$t3" "$gap" "$sd" "$wk" >"$tmp/$name.model" &
	n=$((n + 1))
	[ $((n % 2)) -eq 0 ] && wait
done <"$tmp/plan"
wait
while read -r name t1 t2 t3 gap sd wk; do
	first=$(awk -v k="$t1 $t2 $t3 $gap $sd $wk" '$2 " " $3 " " $4 " " $5 " " $6 " " $7 == k { print $1; exit }' "$tmp/plan")
	sed "s/ run=$first / run=$name /" "$tmp/$first.model"
done <"$tmp/plan" >"$tmp/model"
if grep '^failed' "$tmp/model"; then
	bad "the workload ran"
fi

# real NAME BEFORE AFTER GOT_NEW ASKED RUN: the real phase as the model line reads
real() {
	awk -v name="$1" -v got="$4" -v asked="$5" -v run="$6" '
		FNR == NR { a[$1] = $2; next } { b[$1] = $2 }
		END {
			att = got < asked ? got + 1 : got
			printf "real  %s got=%d attempted=%d compact_stall=%d compact_success=%d compact_fail=%d pgsteal_kswapd=%d pgsteal_direct=%d run=%s\n",
				name, got, att, b["compact_stall"] - a["compact_stall"],
				b["compact_success"] - a["compact_success"], b["compact_fail"] - a["compact_fail"],
				b["pgsteal_kswapd"] - a["pgsteal_kswapd"], b["pgsteal_direct"] - a["pgsteal_direct"], run
		}' "$2/vmstat" "$3/vmstat"
}
i=0
for c in "$@"; do
	i=$((i + 1))
	name=$(runname $i)
	cg1=$(hp "$c" hugetlb1 got); cg2=$(hp "$c" hugetlb2 got)
	real hugetlb1 "$(snap "$c" after_fragfill)" "$(snap "$c" after_hugetlb1)" "$cg1" "$h1" "$name"
	real hugetlb2 "$(snap "$c" after_compact_memory)" "$(snap "$c" after_hugetlb2)" "$((cg2 - cg1))" "$((h2 - cg1))" "$name"
	# the free pageblocks the second growth started with (order 9 counts
	# 1, order 10 two): shown beside the model's, in no check
	if [ -f "$(snap "$c" after_compact_memory)/buddyinfo" ]; then
		awk -v run="$name" '{ n += $14 + 2 * $15 } END { printf "unchecked real  after_compact_memory free_pageblocks=%d run=%s\n", n, run }' \
			"$(snap "$c" after_compact_memory)/buddyinfo"
	fi
	# the third growth, after the pool was released and drop_caches: shown
	# for the record, in no check (the README gives the numbers and why)
	ch3=$(hp "$c" hugetlb3 requested)
	if [ -n "$ch3" ] && ls -d "$c"/*_after_release_dropcaches "$c"/*_after_hugetlb3 >/dev/null 2>&1; then
		real hugetlb3 "$(snap "$c" after_release_dropcaches)" "$(snap "$c" after_hugetlb3)" "$(hp "$c" hugetlb3 got)" "$ch3" "$name" |
			sed 's/^/unchecked /'
	fi
done >"$tmp/real"
sed 's/^/# /' "$tmp/model" "$tmp/real"

# one line a check: "ok|not_ok text"
cat "$tmp/model" "$tmp/real" | awk -v nreal=$# '
	function kv(from,   i, p) { delete f; for (i = from; i <= NF; i++) { split($i, p, "="); f[p[1]] = p[2] } }
	function share(a, b) { return b > 0 ? a / b : 0 }
	function add(who, ph, k, v, slack) { c = ++n[who, ph, k]; val[who, ph, k, c] = v; tol[who, ph, k, c] = slack }
	function sortv(who, ph, k,   i, j, t, m) {
		m = n[who, ph, k]
		for (i = 1; i <= m; i++) s[i] = val[who, ph, k, i]
		for (i = 2; i <= m; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
		return m
	}
	function median(who, ph, k,   m) { m = sortv(who, ph, k); return m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2 }
	function lo(who, ph, k) { sortv(who, ph, k); return s[1] }
	function hi(who, ph, k,   m) { m = sortv(who, ph, k); return s[m] }
	($1 == "model" || $1 == "real") && ($2 == "hugetlb1" || $2 == "hugetlb2") {
		kv(3)
		add($1, $2, 1, f["got"], 0.10 * f["attempted"])
		add($1, $2, 2, share(f["compact_stall"], f["attempted"]), 0.15)
		add($1, $2, 3, share(f["compact_success"], f["compact_stall"]), 0.15)
	}
	END {
		name[1] = "huge pages got"; name[2] = "stalls per huge page attempted"
		name[3] = "share of stalls that succeeded"
		for (p = 1; p <= 2; p++) for (k = 1; k <= 3; k++) {
			ph = "hugetlb" p; fmt = k == 1 ? "%.1f" : "%.3f"
			mm = median("model", ph, k); ml = lo("model", ph, k); mh = hi("model", ph, k)
			rm = median("real", ph, k); rl = lo("real", ph, k); rh = hi("real", ph, k)
			if (nreal >= 5) {
				min = mm >= rl - 1e-9 && mm <= rh + 1e-9; rin = rm >= ml - 1e-9 && rm <= mh + 1e-9
				okv = min && rin
				why = okv ? "each median within the other side'"'"'s range" : \
					!min && !rin ? "neither median within the other side'"'"'s range" : \
					!min ? "the model'"'"'s median outside the real range" : "the real median outside the model'"'"'s range"
				printf "%s %s %s: model median " fmt " of %d replays (" fmt " to " fmt "), real median " fmt " of %d runs (" fmt " to " fmt "); %s\n",
					okv ? "ok" : "not_ok", ph, name[k], mm, n["model", ph, k], ml, mh, rm, n["real", ph, k], rl, rh, why
			} else {
				okv = 1
				for (i = 1; i <= n["real", ph, k]; i++) {
					v = val["real", ph, k, i]; t = tol["real", ph, k, i]
					if (v < ml - t - 1e-9 || v > mh + t + 1e-9) okv = 0
				}
				printf "%s %s %s: real " fmt " to " fmt " of %d run%s, model " fmt " to " fmt " of %d replays; %s real run within the replays'"'"' range widened by %s\n",
					okv ? "ok" : "not_ok", ph, name[k], rl, rh, n["real", ph, k], n["real", ph, k] == 1 ? "" : "s",
					ml, mh, n["model", ph, k], okv ? "each" : "not every", k == 1 ? "10 % of its attempts" : "0.15"
			}
		}
	}' >"$tmp/checks"
# Known gaps: figures the model does not match yet (README, "Checked
# against a real 6.1 fragmentation run"). On the shipped runs a known gap
# that fails is shown and not counted; one that passes fails, so that it
# comes off this list. On other captures they count as any check.
known_gaps=''
while read -r v t; do
	known=no
	if [ "$defaults" = yes ]; then
		case "|$known_gaps|" in *"|${t%%:*}|"*) known=yes ;; esac
	fi
	if [ "$known" = yes ] && [ "$v" != ok ]; then
		echo "# known gap, not counted: $t"
	elif [ "$known" = yes ]; then
		failed=$((failed + 1)); echo "not ok ${t%%:*} matches now: take it off run.sh's known gaps ($t)"
	elif [ "$v" = ok ]; then
		passed=$((passed + 1)); echo "ok $t"
	else
		failed=$((failed + 1)); echo "not ok $t"
	fi
done <"$tmp/checks"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
