#!/bin/sh
# tests/valgrind/run.sh BINARY - a batch session and a lesson under
# valgrind's memcheck: no invalid read or write, no use of uninitialised
# memory, no leak. When valgrind is not installed it says so and counts
# nothing (the ASan+UBSan build covers the same ground in `make test`).
set -u
bin=${1:?usage: $0 BINARY}
cd "$(dirname "$0")/../.." || exit 1
if ! command -v valgrind >/dev/null 2>&1; then
	echo "# valgrind is not installed: skipped (apt-get install valgrind runs it)"
	echo "0 passed, 0 failed"
	exit 0
fi
passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/valgrind.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM

# check NAME TEXT CMD...: run CMD under memcheck; a memcheck error is exit
# 99; TEXT must be in the output (the run really ran)
check() {
	name=$1
	text=$2
	shift 2
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		"$@" >"$log" 2>&1
	if [ $? -eq 99 ] || ! grep -q "$text" "$log"; then
		echo "not ok $name"
		grep '^==' "$log" | head -30 | sed 's/^/#   /'
		grep -q "$text" "$log" || echo "#   no '$text' in the output"
		failed=$((failed + 1))
	else
		echo "ok $name"
		passed=$((passed + 1))
	fi
}

check "batch session" "ok: all invariants hold" \
	"$bin" --batch --seed 1 --machine tiny tests/valgrind/session.cmd
check "lesson" "=== " "$bin" --batch --seed 1 lessons/01-buddy-split-merge.lua
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
