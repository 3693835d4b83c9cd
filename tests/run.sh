#!/bin/sh
# tests/run.sh - every test suite, then one summary line CI can read.
# Run by `make test` after it built build/ (plain) and build/san (ASan+UBSan).
cd "$(dirname "$0")/.." || exit 1
# BUDDYSCOPE_BUILD: the plain build (make coverage uses build/cov);
# BUDDYSCOPE_SAN set but empty: no sanitizer runs (and no valgrind).
B=${BUDDYSCOPE_BUILD:-build}
SAN=${BUDDYSCOPE_SAN-build/san}
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

# the sanitizer runs when there is a sanitizer build
san() {
	[ -n "$SAN" ] && run "$@"
}

run "unit" $B/unit-tests
san "unit (asan+ubsan)" "$SAN/unit-tests"
run "app" $B/app-tests
san "app (asan+ubsan)" "$SAN/app-tests"
run "fuzz" $B/fuzz-driver
san "fuzz (asan+ubsan)" "$SAN/fuzz-driver"
run "soak" $B/soak -n 400 -r 3
san "soak (asan+ubsan)" "$SAN/soak" -n 150 -r 2
run "man page" sh tests/man.sh $B/buddyscope
run "export" sh tests/export/run.sh $B/buddyscope
run "record" sh tests/record/run.sh $B/buddyscope
run "quiz" $B/quiz-tests
san "quiz (asan+ubsan)" "$SAN/quiz-tests"
for suite in tests/golden/run.sh tests/tui/run.sh tests/tui/cli.sh tests/tui/interrupt.sh \
    tests/lessons/run.sh tests/frag61/run.sh tests/oom61/run.sh tests/realfmt/run.sh; do
	[ -x "$suite" ] || continue
	run "$suite" "$suite" $B/buddyscope
	san "$suite (asan+ubsan)" "$suite" "$SAN/buddyscope"
done
[ -n "$SAN" ] && run "valgrind" tests/valgrind/run.sh $B/buddyscope
# every narrated comparison holds (lessons and workloads; the plain build
# is enough: the transcripts are the same under the sanitizers)
run "tests/narration/run.sh" tests/narration/run.sh $B/buddyscope
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
