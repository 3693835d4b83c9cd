#!/bin/sh
# tests/oom61/run.sh BINARY [CAPTURE]
#
# The OOM check of issue 12: the oom workload of a real 6.1 run (CAPTURE: a
# folder laid out as /work/shared/data/linux-6.1/oom_1G_smp2, by default the
# copy in tests/data/linux61/oom) replayed under --kernel 6.1 by oomrun.lua
# on the real machine (proc: of the snapshot taken before the holders), and
# the model's OOM kills compared with the real kernel log's:
#   - the victims, in order: the real ones from dmesg.txt's "Killed process
#     PID (comm)" lines, named by their pid in oom/holders and grower.log
#     (every task of the run is a memhog, so the comm names nobody); the
#     model's by the comm its tasks are given (the holders' names, grower);
#   - the holders alive after the run, as in oom/survivors;
#   - the number of OOM kills;
#   - each report's line kinds, in the real report's order: a line's words
#     and "key:"/"key=" names, numbers dropped, the stack dump and task rows
#     left out, the victim's comm and the GFP mask that invoked the killer
#     normalised (the masks are printed above the checks, in no check):
#     tests/unit/oomsig.c, the rule test_linux61.c applies, run through
#     oom61-sigs, which `make test` builds beside BINARY (tests/oom61/sigs.c).
# Above the checks, on "# " lines: each OOM's victim, its rss (anon + file +
# shmem kB) and oom_score_adj at the kill, the free pages in Mem-Info and
# the allocation that invoked the killer, model and real.
# The kernel memory the real run took beside the workload before the
# grower (from the 00_boot and 01_holders_ready snapshots; see below) is
# taken first, as GFP_KERNEL pages the model never frees (SIMPLIFICATION:
# the real run's is ftrace ring buffers and slab; the slab's reclaimable
# part is not offered to the shrinkers); without it (OOM61_KMEM=0) the
# model's grower starts with 63 MiB more and is that much bigger at its
# kills. oomrun.lua's header has the workload's SIMPLIFICATIONS.
# Prints "ok ..." / "not ok ..." per check and "N passed, N failed".
#
# Without CAPTURE: the shared capture's run (tests/data/linux61/oom) and
# the four variants of tests/data/linux61/oom-variants (README there: the
# same workload with other holder sizes and page cache), each checked as
# above. A variant's KNOWN_GAPS names checks the model does not pass yet,
# with the reason: on this default set such a check that fails is shown
# and not counted, and one that passes fails, so that it comes off the list.
set -u
bin=${1:?usage: run.sh BINARY [CAPTURE]}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ $# -lt 2 ]; then
	tp=0 tf=0
	for c in "$root/tests/data/linux61/oom" "$root"/tests/data/linux61/oom-variants/*/; do
		c=${c%/}
		echo "# capture ${c#"$root"/}"
		out=$(OOM61_SET=yes sh "$0" "$bin" "$c")
		echo "$out" | sed '$d'
		last=$(echo "$out" | tail -n 1)
		tp=$((tp + $(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')))
		tf=$((tf + $(echo "$last" | sed -n 's/.* \([0-9]*\) failed$/\1/p')))
	done
	echo "$tp passed, $tf failed"
	[ "$tf" -eq 0 ]
	exit
fi
cap=$2
sigtool=$(dirname "$bin")/oom61-sigs
[ -x "$sigtool" ] || sigtool=$root/build/oom61-sigs
if [ ! -x "$sigtool" ]; then
	echo "not ok no oom61-sigs next to $bin (make BUILD=$(dirname "$bin") $(dirname "$bin")/oom61-sigs)"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/oom61.XXXXXX")
trap 'rm -f "$tmp" "$tmp".*' EXIT INT TERM
passed=0
failed=0

check() {
	name=${2%%:*}
	name=${name%% (*}
	if [ "${OOM61_SET:-}" = yes ] && [ -f "$cap/KNOWN_GAPS" ] && grep -qxF "$name" "$cap/KNOWN_GAPS"; then
		if [ "$1" = ok ]; then
			failed=$((failed + 1))
			echo "not ok $name matches now: take it off $cap/KNOWN_GAPS ($2)"
		else
			echo "# known gap, not counted: $2"
		fi
		return
	fi
	if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	echo "$1 $2"
}
snap() { for d in "$cap"/oom/*_"$1"; do [ -d "$d" ] && echo "$d" && return; done; echo "no $1 snapshot in $cap/oom" >&2; exit 1; }

# ---- the workload, from the capture ----
# holders: "NAME pid=P adj=A mb=M"; a holder's step from its log's start line
holders=$(awk '$2 ~ /^pid=/ && $3 ~ /^adj=/ && $4 ~ /^mb=/' "$cap/oom/holders")
hl=""
for name in $(echo "$holders" | cut -d' ' -f1); do
	line=$(echo "$holders" | awk -v n="$name" '$1 == n')
	adj=$(echo "$line" | sed 's/.* adj=\([-0-9]*\).*/\1/')
	mb=$(echo "$line" | sed 's/.* mb=\([0-9]*\).*/\1/')
	step=$(sed -n 's/.* start total=[0-9]* step=\([0-9]*\).*/\1/p' "$cap/oom/holder_$name.log" 2>/dev/null | head -n 1)
	hl="$hl{ name = \"$name\", adj = $adj, mib = $mb, step = ${step:-16} }, "
done
gname=$(sed -n 's/^memhog \([^ ]*\) pid=[0-9]* start .*/\1/p' "$cap/oom/grower.log" | head -n 1)
gpid=$(sed -n 's/^memhog [^ ]* pid=\([0-9]*\) start .*/\1/p' "$cap/oom/grower.log" | head -n 1)
gstep=$(sed -n 's/.* start total=[0-9]* step=\([0-9]*\).*/\1/p' "$cap/oom/grower.log" | head -n 1)
# the grower's period: the median time between two of its steps, in ms
pace=$(sed -n 's/.* touched=[0-9]*MB t=\([0-9.]*\).*/\1/p' "$cap/oom/grower.log" |
	awk 'NR > 1 { d[++n] = int(($1 - p) * 1000 + 0.5) } { p = $1 }
	     END { if (!n) { print 0; exit } for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
	           if (d[j] < d[i]) { t = d[i]; d[i] = d[j]; d[j] = t } print d[int((n + 1) / 2)] }')
# the page cache read first: OOM_PC_MB=N on the kernel command line (init
# gets it in its environment), or what dd said it read (bs=1M)
pc=$(tr ' ' '\n' <"$cap/cmdline" 2>/dev/null | awk -F= 'toupper($1) == "OOM_PC_MB" { print $2 + 0; exit }')
if [ -f "$cap/oom/dd.log" ]; then
	pc=$(sed -n 's/^\([0-9]*\)+[0-9]* records in.*/\1/p' "$cap/oom/dd.log" | head -n 1)
fi
if [ -z "$hl" ] || [ -z "$gname" ] || [ -z "$gstep" ] || [ "${pace:-0}" -le 0 ]; then
	echo "not ok the capture describes its workload (oom/holders, oom/holder_*.log, oom/grower.log)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# workload: holders $(echo "$holders" | awk '{ printf "%s%s(%s,%s)", (NR > 1 ? " " : ""), $1, $3, $4 }'); $gname ${gstep} MiB every ${pace} ms; page cache ${pc:-0} MiB first"

# the kernel memory the real run took beside the workload between the
# snapshot it boots from and the one taken once the holders were ready
# (oom.sh's ftrace ring buffers, slab): the drop in free pages (the
# buddy's and the per-cpu lists') less the growth of anon, page-table and
# file pages, which the workload brings in itself
kmem=0
ready=$(snap holders_ready 2>/dev/null)
if [ -n "$ready" ] && [ -f "$ready/vmstat" ] && [ -f "$ready/zoneinfo" ]; then
	kmem=$(awk '
		FNR == 1 { f++ }
		f % 2 == 1 { v[f > 2, $1] = $2 }			# vmstat
		f % 2 == 0 && $1 == "count:" { v[f > 2, "pcp"] += $2 }	# zoneinfo
		END {
			k = (v[0, "nr_free_pages"] + v[0, "pcp"]) - (v[1, "nr_free_pages"] + v[1, "pcp"])
			k -= v[1, "nr_anon_pages"] - v[0, "nr_anon_pages"]
			k -= v[1, "nr_page_table_pages"] - v[0, "nr_page_table_pages"]
			k -= v[1, "nr_file_pages"] - v[0, "nr_file_pages"]
			print (k > 0 ? k : 0)
		}' "$(snap boot)/vmstat" "$(snap boot)/zoneinfo" "$ready/vmstat" "$ready/zoneinfo")
fi
sed -e "s/@HOLDERS@/$hl/" -e "s/@KMEM@/${OOM61_KMEM:-$kmem}/g" -e "s/@GROWER@/$gname/g" -e "s/@GSTEP@/$gstep/g" \
    -e "s/@PACE@/${OOM61_PACE:-$pace}/g" -e "s/@PC_MIB@/${pc:-0}/g" \
    "$root/tests/oom61/oomrun.lua" >"$tmp.lua"
printf 'source %s\ndmesg\n' "$tmp.lua" | "$bin" --batch --seed 1 --kernel 6.1 \
	--machine "proc:$(snap boot)" >"$tmp" 2>&1
if ! grep -q '^model survivor ' "$tmp"; then
	cat "$tmp"
	echo "not ok the workload ran"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- the reports, model and real, read the same way ----
# names NAME-OF-PID: the real pids of the run's tasks
{ echo "$holders" | sed 's/^\([^ ]*\) pid=\([0-9]*\).*/\2 \1/'; echo "$gpid $gname"; } >"$tmp.pids"
# kills LOG [PIDS]: one line an OOM kill: victim adj rss_kB free gfp order
# grower_rss (pages, from the report's task rows)
kills() {
	awk -v pids="${2:-}" -v grower="$gname" '
		BEGIN { if (pids != "") while ((getline l < pids) > 0) { split(l, a, " "); nm[a[1]] = a[2] } }
		/invoked oom-killer:/ {
			gfp = $0; sub(/.*gfp_mask=0x[0-9a-f]*\(/, "", gfp); sub(/\).*/, "", gfp)
			ord = $0; sub(/.*order=/, "", ord); sub(/,.*/, "", ord); free = "?"; grss = "?"
		}
		/^\[[ 0-9.]*\] \[ *[0-9]+\] / {
			row = $0; sub(/^\[[ 0-9.]*\] \[ */, "", row); split(row, f, /[] ]+/)
			if ((pids != "" && nm[f[1]] == grower) || (pids == "" && f[9] == grower)) grss = f[5]
		}
		/^\[[ 0-9.]*\]  free:[0-9]* / { free = $0; sub(/.* free:/, "", free); sub(/ .*/, "", free) }
		/Killed process [0-9]* \(/ {
			pid = $0; sub(/.*Killed process /, "", pid); comm = pid; sub(/ .*/, "", pid)
			sub(/^[0-9]* \(/, "", comm); sub(/\).*/, "", comm)
			who = pids != "" ? (pid in nm ? nm[pid] : "pid" pid "(" comm ")") : comm
			rss = 0
			for (i = 1; i <= NF; i++) if ($i ~ /^(anon|file|shmem)-rss:/) { v = $i; sub(/.*:/, "", v); rss += v + 0 }
			adj = $NF; sub(/.*:/, "", adj)
			print who, adj, rss, free, gfp, ord, grss
		}' "$1"
}
grep '^\[' "$tmp" >"$tmp.mlog"
kills "$tmp.mlog" >"$tmp.mk"
kills "$cap/dmesg.txt" "$tmp.pids" >"$tmp.rk"
for who in model real; do
	f=$tmp.mk; [ $who = real ] && f=$tmp.rk
	awk -v who=$who -v g="$gname" '{ printf "# %-5s OOM %d: killed %s oom_score_adj=%s rss=%skB; free=%s pages; %s rss=%s pages; invoked by %s order %s\n",
		who, NR, $1, $2, $3, $4, g, $7, $5, $6 }' "$f"
done
grep '^model ' "$tmp" | sed 's/^/# /'
# the real holders' scores as oom.sh read them once they were ready
sed -n 's/^pid \([0-9]*\) oom_score=\([0-9]*\) oom_score_adj=\([-0-9]*\) VmRSS:[^0-9]*\([0-9]*\) kB.*/\1 \2 \3 \4/p' "$cap/oom/holders" |
	while read -r p sc adj kb; do
		printf '# real  holder %s rss=%d oom_score=%s oom_score_adj=%s\n' \
			"$(awk -v p="$p" '$1 == p { print $2 }' "$tmp.pids")" $((kb / 4)) "$sc" "$adj"
	done
echo "# real kernel memory taken beside the workload before the grower: $kmem pages (replayed as GFP_KERNEL pages)"

# ---- the checks ----
mv=$(cut -d' ' -f1 "$tmp.mk" | tr '\n' ' ' | sed 's/ $//')
rv=$(cut -d' ' -f1 "$tmp.rk" | tr '\n' ' ' | sed 's/ $//')
if [ -n "$rv" ] && [ "$mv" = "$rv" ]; then
	check ok "victims in the real order: $mv"
else
	check "not ok" "victims in the real order: model '$mv', real '$rv'"
fi
ms=$(sed -n 's/^model survivor //p' "$tmp" | sort | tr '\n' ' ' | sed 's/ $//')
rs=$(sed -n 's/^pid \([0-9]*\) \(alive\|dead\).*/\1 \2/p' "$cap/oom/survivors" | while read -r p st; do
	n=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp.pids"); echo "${n:-pid$p} $st"; done | sort | tr '\n' ' ' | sed 's/ $//')
if [ -n "$rs" ] && [ "$ms" = "$rs" ]; then
	check ok "survivors as oom/survivors: $ms"
else
	check "not ok" "survivors as oom/survivors: model '$ms', real '$rs'"
fi
mn=$(wc -l <"$tmp.mk" | tr -d ' ')
rn=$(wc -l <"$tmp.rk" | tr -d ' ')
if [ "$mn" -eq "$rn" ]; then
	check ok "OOM kills: $mn (real $rn)"
else
	check "not ok" "OOM kills: model $mn, real $rn"
fi

# report N's line kinds into OUTPREFIX.N, one a line: oom61-sigs, built
# beside BINARY from tests/unit/oomsig.c, the rule test_linux61.c uses
"$sigtool" "$tmp.ms" <"$tmp.mlog" >/dev/null &&
	"$sigtool" "$tmp.rs" <"$cap/dmesg.txt" >/dev/null ||
	{ echo "not ok $sigtool read the reports"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
i=1
while [ "$i" -le "$rn" ]; do
	if [ ! -f "$tmp.ms.$i" ]; then
		check "not ok" "report $i's line kinds as the real report $i's: the model has no report $i"
	elif cmp -s "$tmp.ms.$i" "$tmp.rs.$i"; then
		check ok "report $i's line kinds as the real report $i's ($(wc -l <"$tmp.rs.$i" | tr -d ' ') lines)"
	else
		diff "$tmp.ms.$i" "$tmp.rs.$i" | sed 's/^/# /'
		check "not ok" "report $i's line kinds as the real report $i's (diff above: < model, > real)"
	fi
	i=$((i + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
