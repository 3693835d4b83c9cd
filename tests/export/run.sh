#!/bin/sh
# tests/export/run.sh BINARY - `export pagemap|zones|history`: the files are
# valid XML (python3's xml.etree) with the elements a picture needs (a title,
# a group per zone, cells or bars, a legend), the CSV has a row per sample
# and zone, and export refuses what it must (a FIFO, a script writing
# outside the current folder or through a symlink, a wrong suffix) without
# writing anything.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
passed=0
failed=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/export.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir" || exit 1

ok() { echo "ok $1"; passed=$((passed + 1)); }
notok() { echo "not ok $1"; [ -n "${2:-}" ] && echo "#   $2"; failed=$((failed + 1)); }

"$bin" --batch --seed 1 --machine tiny > out.txt 2>&1 <<'CMDS'
set vm.min_free_kbytes 2048
task spawn hog
task touch hog anon 3000
tick 500
alloc GFP_KERNEL 3 x100
tick 2000
export pagemap pm.svg
export zones zones.svg
export history hist.svg
export history hist.csv
CMDS
[ $? -eq 0 ] && ok "export runs" || notok "export runs" "$(tail -3 out.txt)"

check_svg() {	# FILE WHAT: python checks, prints the failure
	python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
path, what = sys.argv[1], sys.argv[2]
try:
    root = ET.parse(path).getroot()
except Exception as e:
    print("not XML: %s" % e); sys.exit(1)
def need(cond, msg):
    if not cond:
        print(msg); sys.exit(1)
need(root.tag == ns + 'svg', 'root is %s, not svg' % root.tag)
need(root.find(ns + 'title') is not None, 'no <title>')
zones = [g.get('id') for g in root.iter(ns + 'g') if g.get('class') == 'zone']
need(zones == ['zone-0-DMA', 'zone-0-DMA32'], 'zone groups %s' % zones)
legend = [g for g in root.iter(ns + 'g') if g.get('class') == 'legend']
need(len(legend) >= 4, 'only %d legend entries' % len(legend))
cls = {'pagemap': 'cell', 'zones': 'order', 'history': 'heat'}[what]
n = sum(1 for r in root.iter(ns + 'rect') if r.get('class') == cls)
need(n > 10, 'only %d %s rects' % (n, cls))
if what == 'zones':
    need(sum(1 for l in root.iter(ns + 'line') if l.get('class') == 'wmark') == 6, 'watermark lines')
if what == 'history':
    need(sum(1 for l in root.iter(ns + 'polyline') if l.get('class') == 'free') == 2, 'free lines')
    # a point per sample on each line
    p = [l for l in root.iter(ns + 'polyline') if l.get('class') == 'free'][0]
    need(len(p.get('points').split()) >= 3, 'too few samples')
if what == 'pagemap':
    texts = ' '.join(t.text or '' for t in root.iter(ns + 'text'))
    need('task' in texts and 'free Movable' in texts, 'legend lacks task/free Movable')
PY
}
for w in pagemap:pm zones:zones history:hist; do
	what=${w%%:*}
	f=${w#*:}.svg
	msg=$(check_svg "$f" "$what")
	[ $? -eq 0 ] && ok "$what svg" || notok "$what svg" "$msg"
done

rows=$(tail -n +2 hist.csv | wc -l)
samples=$(python3 -c "
import csv; r=list(csv.DictReader(open('hist.csv'))); print(len({x['jiffies'] for x in r}))")
if head -1 hist.csv | grep -q '^jiffies,node,zone,nr_free_pages,min,low,high,free_blocks_o0' &&
   [ "$rows" -eq $((samples * 2)) ] && [ "$samples" -ge 3 ]; then
	ok "history csv ($samples samples)"
else
	notok "history csv" "rows $rows samples $samples"
fi
# the last sample is the zone as it is now
last=$(tail -1 hist.csv | cut -d, -f4)
now=$("$bin" --batch --seed 1 --machine tiny 2>&1 <<'CMDS' | sed -n 's/^  free *\([0-9]*\) (NR_FREE_PAGES)/\1/p'
set vm.min_free_kbytes 2048
task spawn hog
task touch hog anon 3000
tick 500
alloc GFP_KERNEL 3 x100
tick 2000
show zone DMA32
CMDS
)
[ "$last" = "$now" ] && ok "last sample is the zone now ($now)" || notok "last sample" "$last vs $now"

mkfifo fifo.svg
"$bin" --batch --machine tiny -c 'export zones fifo.svg' > fifo.txt 2>&1
grep -q "not a regular file" fifo.txt && ok "a FIFO is refused" || notok "a FIFO is refused" "$(cat fifo.txt)"
"$bin" --batch --machine tiny -c 'lua return bs.export{what="zones", file="/tmp/bs-export-outside.svg"}' > lua.txt 2>&1
if grep -q "only below the current folder" lua.txt && [ ! -e /tmp/bs-export-outside.svg ]; then
	ok "a script cannot write outside its folder"
else
	notok "a script cannot write outside its folder" "$(cat lua.txt)"
fi
"$bin" --batch --machine tiny -c 'lua return bs.export{what="zones", file="inside.svg"}' > lua2.txt 2>&1
[ -s inside.svg ] && ok "a script may write below its folder" || notok "a script may write below" "$(cat lua2.txt)"
"$bin" --batch --machine tiny -c 'export pagemap pm.csv' > suffix.txt 2>&1
grep -q "only as FILE.svg" suffix.txt && [ ! -e pm.csv ] && ok "pagemap.csv is refused" || notok "pagemap.csv is refused" "$(cat suffix.txt)"

# what a script may not write through (issue 9): a symlinked file, a
# symlinked folder (anywhere in the path), '..', an absolute path, a device,
# a FIFO, a folder; each refused with one line, nothing written; a real
# folder below is fine
mkdir -p outside realdir
ln -s outside linkdir
echo keep > outside/target.svg
ln -s outside/target.svg linkfile.svg
mkdir -p realdir/deeper
ln -s ../../outside realdir/deeper/up
lua_export() {
	"$bin" --batch --machine tiny -c "lua return bs.export{what=\"zones\", file=\"$1\"}" >lw.txt 2>&1
	lw_status=$?
}
# refused NAME PATH WANT: the script's export of PATH fails with one error
# line containing WANT
refused() {
	lua_export "$2"
	if [ $lw_status -ne 0 ] && [ "$(grep -c '^error: ' lw.txt)" -eq 1 ] && grep -qF -- "$3" lw.txt; then
		ok "a script cannot write $1"
	else
		notok "a script cannot write $1" "exit $lw_status: $(cat lw.txt)"
	fi
}
refused "through a symlinked file" linkfile.svg "is not a regular file"
refused "into a symlinked folder" linkdir/x.svg "leads through a symlink ('linkdir')"
refused "through a symlink deeper down" realdir/deeper/up/x.svg "leads through a symlink ('up')"
refused "with '..'" realdir/../x.svg "without '..'"
refused "to '..'" ../x.svg "without '..'"
refused "to an absolute path" "$dir/abs.svg" "only below the current folder"
refused "to a FIFO" fifo.svg "is not a regular file"
mkdir folder.svg
refused "to a folder" folder.svg "is not a regular file"
# a device named like a picture (mknod needs root, as CI runs; else untested)
if mknod dev.svg c 1 3 2>/dev/null; then
	refused "to a device" dev.svg "is not a regular file"
	"$bin" --batch --machine tiny -c 'export zones dev.svg' >pw.txt 2>&1
	grep -q "'dev.svg' is not a regular file" pw.txt && ok "a person cannot export to a device" ||
		notok "a person cannot export to a device" "$(cat pw.txt)"
fi
if [ "$(cat outside/target.svg)" = keep ] && [ ! -e outside/x.svg ] && [ ! -e x.svg ] &&
   [ ! -e ../x.svg ] && [ ! -e abs.svg ]; then
	ok "nothing was written where a script was refused"
else
	notok "nothing was written where a script was refused" "$(ls outside)"
fi
lua_export realdir/deeper/./in.svg
[ $lw_status -eq 0 ] && [ -s realdir/deeper/in.svg ] && ok "a script may write into a real folder below" ||
	notok "a script may write into a real folder below" "$(cat lw.txt)"
# a person at the command line may write through a symlinked folder
"$bin" --batch --machine tiny -c 'export zones linkdir/person.svg' >pw.txt 2>&1
[ -s outside/person.svg ] && ok "a person may write through a symlinked folder" ||
	notok "a person may write through a symlinked folder" "$(cat pw.txt)"

# the charts pane on the screen (`h`): the same history, drawn big
T="tmux -L bsexp$$ -f /dev/null"
$T new-session -d -s c -x 200 -y 60 "$bin --machine tiny; sleep 30"
for i in $(seq 1 100); do $T capture-pane -p -t c | grep -q "buddyscope>" && break; sleep 0.1; done
$T send-keys -t c ':' 'task spawn hog' Enter 'task touch hog anon 3000' Enter 'tick 500' Enter Escape h
for i in $(seq 1 100); do $T capture-pane -p -t c | grep -q "Charts:" && break; sleep 0.1; done
screen=$($T capture-pane -p -t c)
$T kill-server 2>/dev/null
if echo "$screen" | grep -q "Charts: free pages" && echo "$screen" | grep -q " o10 " &&
   echo "$screen" | grep -q "DMA32: free"; then
	ok "h shows the charts pane"
else
	notok "h shows the charts pane" "$(echo "$screen" | head -3)"
fi

# at 120x40 the pane has no room for the heat strip: the free pages still show
# (a server of its own: the one just killed may still be shutting down on the
# old socket, and a session started there dies with it)
T="tmux -L bsexp$$-2 -f /dev/null"
$T new-session -d -s c -x 120 -y 40 "$bin --machine tiny; sleep 30"
for i in $(seq 1 100); do $T capture-pane -p -t c | grep -q "buddyscope>" && break; sleep 0.1; done
$T send-keys -t c ':' 'task spawn hog' Enter 'task touch hog anon 3000' Enter 'tick 500' Enter Escape h
for i in $(seq 1 100); do $T capture-pane -p -t c | grep -q "Charts:" && break; sleep 0.1; done
screen=$($T capture-pane -p -t c)
$T send-keys -t c f
for i in $(seq 1 100); do $T capture-pane -p -t c | grep -q " o10 " && break; sleep 0.1; done
full=$($T capture-pane -p -t c)
$T kill-server 2>/dev/null
if echo "$screen" | grep -q "Charts: free pages over time (f: full pane" &&
   echo "$screen" | grep -q "DMA32: free" && ! echo "$screen" | grep -q "too small" &&
   echo "$full" | grep -q " o10 "; then
	ok "h at 120x40: the free pages, and f adds free blocks per order"
else
	notok "h at 120x40" "$(echo "$screen" | grep -m2 'Charts\|too small')"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
