# tests/tui/lib.sh - what the suites here (run.sh, interrupt.sh, cli.sh)
# share: the BINARY argument (made absolute; the top of the tree becomes the
# working folder), a temporary HOME, ok/not ok counting, a tmux server of
# their own, and bounded polls of the screen and of the CPU time the
# program used (never a fixed sleep). Source it first thing, with the
# suite's arguments: . "$(dirname "$0")/lib.sh"

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

passed=0
failed=0
tmp=$(mktemp -d)
sock=0
T="tmux -L bs$$-0 -f /dev/null"
# (a program the server's end killed may still be writing its history
# into $tmp: a second try, not the noise "Directory not empty")
trap '$T kill-server 2>/dev/null; rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp"; }' \
	EXIT INT TERM
export HOME="$tmp" BUDDYSCOPE_HISTORY="$tmp/history" LANG=C.UTF-8 LC_ALL=C.UTF-8
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
unset NO_COLOR

ok() {
	echo "ok $1"
	passed=$((passed + 1))
}

not_ok() {
	echo "not ok $1${2:+: $2}"
	failed=$((failed + 1))
	if [ -f "$tmp/screen" ]; then
		sed 's/^/    | /' "$tmp/screen"
	fi
}

screen() {
	$T capture-pane -p -t t >"$tmp/screen" 2>/dev/null
}

# wait_for REGEX [SECONDS]: poll the screen until grep -E finds REGEX.
wait_for() {
	i=0
	limit=$((${2:-20} * 10))
	while [ $i -lt $limit ]; do
		screen
		grep -Eq -- "$1" "$tmp/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_gone REGEX [SECONDS]: poll until REGEX is no longer on screen.
wait_gone() {
	i=0
	limit=$((${2:-20} * 10))
	while [ $i -lt $limit ]; do
		screen
		grep -Eq -- "$1" "$tmp/screen" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# check NAME REGEX: ok if REGEX shows up on screen.
check() {
	if wait_for "$2"; then ok "$1"; else not_ok "$1" "no /$2/ on screen"; fi
}

# session COMMAND [COLS ROWS]: a fresh tmux server (its own socket, so an
# old one shutting down is never in the way) running COMMAND.
session() {
	$T kill-server 2>/dev/null
	sock=$((sock + 1))
	T="tmux -L bs$$-$sock -f /dev/null"
	$T new-session -d -s t -x "${2:-120}" -y "${3:-40}" "$1"
}

# start ARGS...: the program on a 120x40 screen.
start() {
	session "$bin --seed 1 $*; echo EXITED \$?; sleep 600"
}

# keys KEY...: back to the keys (Esc closes a popup, Esc leaves the command
# line), then press KEYs.
keys() {
	$T send-keys -t t Escape
	$T send-keys -t t Escape
	[ $# -eq 0 ] || $T send-keys -t t "$@"
}

# cmd TEXT: type a command on the command line (':' opens it; it stays open).
cmd() {
	keys ':'
	$T send-keys -t t -l "$1"
	$T send-keys -t t Enter
}

# cpu_ticks PID: the CPU time PID has used, in clock ticks
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
# wait_busy PID [HUNDREDTHS]: poll (bounded: 30 s) until PID has used
# HUNDREDTHS of a second more CPU time (0.3 s unless told): a command it
# was idle before is then surely running
wait_busy() {
	[ -n "$1" ] || return 1
	want=$(($(getconf CLK_TCK) * ${2:-30} / 100))
	[ "$want" -gt 0 ] || want=1
	b0=$(cpu_ticks "$1")
	i=0
	while [ $i -lt 1500 ]; do
		b=$(cpu_ticks "$1")
		[ -n "$b" ] && [ $((b - b0)) -ge "$want" ] && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}
