#!/bin/sh
# tests/golden/run.sh BINARY [--update] [NAME...]
#
# Runs each tests/golden/NAME.cmd as
#     BINARY --batch --seed 1 [ARGS] < NAME.cmd
# in tests/golden/, where ARGS come from an optional first line
# "#args: --machine tiny" (shell quoting works: #args: -c 'alloc GFP_KERNEL 3').
# The transcript is stdout and stderr together (errors go to stderr after
# stdout is flushed, so their order is kept) and a last line "exit N". It must
# equal NAME.out byte for byte.
#
# Prints "ok NAME" or "not ok NAME" (with a diff) per case and a final line
# "N passed, N failed"; exits 1 if any case failed. --update rewrites the .out
# files instead: read every changed one before you keep it.

set -u
. "$(dirname "$0")/../lib.sh"
runner_args "$@"
shift $runner_shift

dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp "${TMPDIR:-/tmp}/golden.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM

if [ $# -eq 0 ]; then
	set -- $(cd "$dir" && ls *.cmd | sed 's/\.cmd$//')
fi

for name in "$@"; do
	cmd=$dir/$name.cmd
	out=$dir/$name.out
	if [ ! -f "$cmd" ]; then
		echo "not ok $name"
		echo "#   no $cmd"
		failed=$((failed + 1))
		continue
	fi
	args=$(sed -n '1s/^#args:[ 	]*//p' "$cmd")
	(
		cd "$dir" || exit 1
		eval "set -- $args"
		HOME=/nonexistent BUDDYSCOPE_HISTORY=/dev/null \
			"$bin" --batch --seed 1 "$@" < "$cmd" > "$tmp" 2>&1
		echo "exit $?" >> "$tmp"
	)
	transcript_check "$name" "$out" "$tmp"
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
