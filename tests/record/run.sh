#!/bin/sh
# tests/record/run.sh BINARY - `--record FILE.cast`: the file is asciicast
# v2 (a JSON header with version, width, height; then [time, code, data]
# events in time order), it has a marker for every command and every
# slow-path stage a stepped request runs, recording changes nothing in the
# transcript, the same session records the same file byte for byte, and
# the recorded output replayed into a tmux pane gives the screen the
# transcript gives.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
passed=0
failed=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/record.XXXXXX")
T="tmux -L bsrec$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
cd "$dir" || exit 1
ok() { echo "ok $1"; passed=$((passed + 1)); }
notok() { echo "not ok $1"; [ -n "${2:-}" ] && echo "#   $2"; failed=$((failed + 1)); }

cat > session.txt <<'CMDS'
alloc GFP_KERNEL 3
set vm.min_free_kbytes 4096
alloc GFP_NOWAIT|__GFP_NOWARN 2 x2000
start GFP_ATOMIC 0
continue
show buddyinfo
nosuchcommand
CMDS
"$bin" --batch --seed 1 --machine tiny < session.txt > plain.out 2>&1
"$bin" --batch --seed 1 --machine tiny --record a.cast < session.txt > rec.out 2>&1
"$bin" --batch --seed 1 --machine tiny --record b.cast < session.txt > /dev/null 2>&1
cmp -s plain.out rec.out && ok "recording changes nothing in the transcript" ||
	notok "recording changes nothing" "$(diff plain.out rec.out | head -5)"
cmp -s a.cast b.cast && ok "same session, same recording" || notok "same session, same recording"

msg=$(python3 - a.cast plain.out <<'PY'
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
assert lines[-1] == '', 'no final newline'
head = json.loads(lines[0])
assert head['version'] == 2 and isinstance(head['width'], int) and isinstance(head['height'], int), head
ev = [json.loads(l) for l in lines[1:-1]]
last = 0.0
for e in ev:
    assert isinstance(e, list) and len(e) == 3, e
    assert isinstance(e[0], (int, float)) and e[0] >= last, 'time goes back at %r' % e
    assert e[1] in ('o', 'm', 'r', 'i'), e
    last = e[0]
marks = [e[2] for e in ev if e[1] == 'm']
cmds = [m for m in marks if m.startswith('command: ')]
assert len(cmds) == 7, cmds
stages = [m for m in marks if m.startswith('stage ')]
import re
printed = ['stage ' + m for m in re.findall(r'^\[([A-Z_]+)\]', open(sys.argv[2]).read(), re.M)]
assert stages == printed and len(stages) >= 3, (stages, printed)
out = ''.join(e[2] for e in ev if e[1] == 'o').replace('\r\n', '\n')
want = open(sys.argv[2], encoding='utf-8').read()
assert out == want, 'the output events are not the transcript'
print(len(ev), len(marks))
PY
)
[ $? -eq 0 ] && ok "valid asciicast v2 with markers ($msg events, markers)" || notok "valid asciicast v2" "$msg"

# replay the recorded output into a tmux pane; the same screen as the transcript
python3 -c "
import json,sys
ev=[json.loads(l) for l in open('a.cast').read().split('\n')[1:] if l]
sys.stdout.write(''.join(e[2] for e in ev if e[1]=='o'))" > replay.raw
$T new-session -d -s r -x 120 -y 40 "cat replay.raw; sleep 30"
$T new-session -d -s p -x 120 -y 40 "cat plain.out; sleep 30"
for i in $(seq 1 100); do	# until both panes show the last line
	a=$($T capture-pane -p -t r)
	b=$($T capture-pane -p -t p)
	case "$a$b" in *nosuchcommand*nosuchcommand*) break ;; esac
	sleep 0.1
done
[ -n "$a" ] && [ "$a" = "$b" ] && ok "replayed output gives the same final screen" ||
	notok "replayed output gives the same final screen"

# the screen: frames with the real clock, a marker per stage stepped
wait_for() {	# SESSION TEXT: poll the pane until it shows TEXT (at most 10 s)
	for i in $(seq 1 100); do
		$T capture-pane -p -t "$1" | grep -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
$T new-session -d -s s -x 120 -y 40 "$bin --machine tiny --record screen.cast; sleep 30"
wait_for s "buddyscope>" || wait_for s "Zones"
$T send-keys -t s ':'
$T send-keys -t s 'start GFP_ATOMIC 0' Enter
wait_for s "Request: GFP_ATOMIC\\|request: GFP_ATOMIC\\|GFP_ATOMIC order 0"
$T send-keys -t s Escape
$T send-keys -t s s
$T send-keys -t s s
$T send-keys -t s s
wait_for s "got pfn\\|GOT_PG"
sleep 0.5
$T capture-pane -p -t s > live.txt
$T send-keys -t s q
for i in $(seq 1 50); do
	[ -s screen.cast ] && tail -1 screen.cast | grep -q '"o"' && break
	sleep 0.1
done
msg=$(python3 - screen.cast <<'PY'
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
head = json.loads(lines[0])
assert head['version'] == 2 and head['width'] == 120 and head['height'] == 40, head
assert isinstance(head.get('timestamp'), int), 'no timestamp'
ev = [json.loads(l) for l in lines[1:] if l]
assert all(ev[i][0] <= ev[i + 1][0] for i in range(len(ev) - 1)), 'time goes back'
marks = [e[2] for e in ev if e[1] == 'm']
assert 'stage FASTPATH' in marks, marks
open('screen.raw', 'w', encoding='utf-8').write(''.join(e[2] for e in ev if e[1] == 'o'))
print(len(ev))
PY
)
[ $? -eq 0 ] && ok "screen recording: frames and stage markers ($msg events)" ||
	notok "screen recording" "$msg"
$T new-session -d -s sr -x 120 -y 40 "cat screen.raw; sleep 30"
wait_for sr "buddyscope>"
sleep 0.3
$T capture-pane -p -t sr > replay.txt
# the last frame is the screen as the class saw it (the line being typed aside)
if diff live.txt replay.txt > /dev/null; then
	ok "replaying the screen recording gives the same final screen"
else
	notok "replaying the screen recording" "$(diff live.txt replay.txt | head -6)"
fi

# a lesson: one marker per step shown, after the command that showed it
# (not one per step of the silent runs that count the steps or go back)
printf 'lesson 01-buddy-split-merge\nlesson next\nlesson answer 1\nlesson back\nlesson goto 2\n' |
	"$bin" --batch --seed 1 --machine tiny --record les.cast > les.out 2>&1
msg=$(python3 - les.cast <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8').read().split('\n')[1:] if l]
marks = [e[2] for e in ev if e[1] == 'm' and not e[2].startswith('stage ')]
want = ['command: lesson 01-buddy-split-merge', 'lesson step 1',
        'command: lesson next', 'lesson step 2',
        'command: lesson answer 1', 'lesson step 3',
        'command: lesson back', 'lesson step 2',
        'command: lesson goto 2', 'lesson step 2']
assert marks == want, marks
print(len(marks))
PY
)
[ $? -eq 0 ] && ok "a marker per lesson step shown, after its command ($msg markers)" ||
	notok "lesson step markers" "$msg"

"$bin" --batch --machine tiny --record /nonexistent/dir/x.cast -c 'show buddyinfo' > bad.txt 2>&1
grep -q "cannot write" bad.txt && ok "an unwritable file is a one-line error" || notok "unwritable" "$(cat bad.txt)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
