#!/bin/sh
# tests/run.sh - every test suite, then one summary line CI can read.
# Run by `make test` after it built build/ (plain) and build/san (ASan+UBSan).
cd "$(dirname "$0")/.." || exit 1
SAN=${BUDDYSCOPE_SAN:-build/san}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run NAME CMD...: run a suite that ends with "N passed, N failed"
run() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	status=$?
	grep -v '^ok ' "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line (exit $status)"
		failed=$((failed + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exit status $status"
		failed=$((failed + 1))
	fi
}

run "unit" build/unit-tests
run "unit (asan+ubsan)" "$SAN/unit-tests"
run "fuzz" build/fuzz-driver
run "fuzz (asan+ubsan)" "$SAN/fuzz-driver"
run "man page" sh tests/man.sh build/buddyscope
run "export" sh tests/export/run.sh build/buddyscope
run "record" sh tests/record/run.sh build/buddyscope
run "quiz" build/quiz-tests
run "quiz (asan+ubsan)" "$SAN/quiz-tests"
for suite in tests/golden/run.sh tests/tui/run.sh tests/lessons/run.sh; do
	[ -x "$suite" ] || continue
	run "$suite" "$suite" build/buddyscope
	run "$suite (asan+ubsan)" "$suite" "$SAN/buddyscope"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
