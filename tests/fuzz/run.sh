#!/bin/sh
# tests/fuzz/run.sh BINARY_DIR [TARGET...] - run the fuzz targets through
# BINARY_DIR/fuzz-driver (build or build/san), one process per target, so a
# crash (an ASan/UBSan report, a signal) fails that target only and the
# others still run. Prints "ok TARGET" / "not ok TARGET" and, last,
# "N passed, N failed". `make test` runs the driver directly (tests/run.sh);
# this script is for running, or rerunning, targets one at a time.
cd "$(dirname "$0")/../.." || exit 1
if [ $# -lt 1 ]; then
	echo "usage: $0 BINARY_DIR [TARGET...]" >&2
	exit 2
fi
driver=$1/fuzz-driver
shift
if [ ! -x "$driver" ]; then
	echo "$0: $driver is not an executable (make $driver)" >&2
	exit 2
fi
targets=${*:-"gfp machine cmdline lua alloc"}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in $targets; do
	"$driver" "$t" >"$log" 2>&1
	status=$?
	if [ "$status" -eq 0 ] && grep -q "^ok $t" "$log"; then
		grep "^ok $t" "$log"
		passed=$((passed + 1))
	else
		echo "not ok $t (exit $status)"
		grep -v -e '^ok ' -e '^not ok ' -e '^[0-9]* passed, [0-9]* failed' "$log" | head -n 60
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
