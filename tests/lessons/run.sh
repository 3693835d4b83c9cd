#!/bin/sh
# tests/lessons/run.sh BINARY [--update] [NAME...]
#
# Every lesson runs headless as
#     BINARY --batch --seed 1 lessons/NAME.lua
# and its transcript (stdout and stderr, then a line "exit N") must equal
# tests/lessons/NAME.out byte for byte; a lesson must also exit 0 (every
# expect() passed). The Lua API and sandbox tests run the same way:
# tests/lua/NAME.lua as a script file, tests/lua/NAME.cmd as batch input
# (BINARY --batch --seed 1 < NAME.cmd; an optional first line "#args: ..."
# adds options), tests/lua/NAME.keys as the keys a class types into a
# lesson (first line "#lesson: NAME"; Enter, a choice, b back, r restart,
# q quit), each compared with tests/lua/NAME.out.
#
# Prints "ok NAME" or "not ok NAME" (with a diff) per case and a final line
# "N passed, N failed"; exits 1 if any failed. --update rewrites the .out
# files instead: read every changed one before you keep it.

set -u
. "$(dirname "$0")/../lib.sh"
runner_args "$@"
shift $runner_shift

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp "${TMPDIR:-/tmp}/lessons.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM

# check NAME OUT MUST_PASS: compare $tmp with OUT; with MUST_PASS=1 the run
# must also have ended "exit 0" (every expect() passed)
check() {
	note=""
	[ "$3" = 1 ] && [ "$update" -eq 0 ] && [ "$(tail -n 1 "$tmp")" != "exit 0" ] &&
		note="the lesson did not end with every expect() passing ($(tail -n 1 "$tmp"))"
	transcript_check "$1" "$2" "$tmp" "$note"
}

cases=""
if [ $# -eq 0 ]; then
	for f in "$root"/lessons/*.lua "$root"/tests/lua/*.lua "$root"/tests/lua/*.cmd \
		 "$root"/tests/lua/*.keys; do
		[ -f "$f" ] && cases="$cases ${f#"$root"/}"
	done
else
	for n in "$@"; do
		for f in "lessons/$n.lua" "tests/lua/$n.lua" "tests/lua/$n.cmd" "tests/lua/$n.keys" "$n"; do
			if [ -f "$root/$f" ]; then
				cases="$cases $f"
				break
			fi
		done
	done
fi

cd "$root" || exit 1
for c in $cases; do
	base=${c##*/}
	name=${base%.*}
	export HOME=/nonexistent BUDDYSCOPE_HISTORY=/dev/null BUDDYSCOPE_DATADIR="$root"
	case $c in
	lessons/*)
		"$bin" --batch --seed 1 "$c" > "$tmp" 2>&1
		echo "exit $?" >> "$tmp"
		check "$name" "tests/lessons/$name.out" 1
		;;
	*.lua)
		"$bin" --batch --seed 1 "$c" > "$tmp" 2>&1
		echo "exit $?" >> "$tmp"
		check "lua/$name" "tests/lua/$name.out" 0
		;;
	*.keys)
		# a lesson played with keys from stdin: b back, r restart, q quit
		lesson=$(sed -n '1s/^#lesson:[ 	]*//p' "$c")
		tail -n +2 "$c" | BUDDYSCOPE_LESSON_KEYS=1 "$bin" --seed 1 "lessons/$lesson.lua" > "$tmp" 2>&1
		echo "exit $?" >> "$tmp"
		check "lua/$name" "tests/lua/$name.out" 0
		;;
	*.cmd)
		args=$(sed -n '1s/^#args:[ 	]*//p' "$c")
		(
			eval "set -- $args"
			"$bin" --batch --seed 1 "$@" < "$c" > "$tmp" 2>&1
			echo "exit $?" >> "$tmp"
		)
		check "lua/$name" "tests/lua/$name.out" 0
		;;
	esac
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
