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
if [ $# -lt 1 ]; then
	echo "usage: $0 BINARY [--update] [NAME...]" >&2
	exit 2
fi
bin=$1
shift
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -x "$bin" ]; then
	echo "$0: $bin is not an executable" >&2
	exit 2
fi
update=0
if [ "${1:-}" = "--update" ]; then
	update=1
	shift
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp "${TMPDIR:-/tmp}/lessons.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM
passed=0
failed=0

# check NAME OUT EXPECT_EXIT0: compare $tmp with OUT
check() {
	name=$1
	out=$2
	must_pass=$3
	if [ $update -eq 1 ]; then
		if [ -f "$out" ] && cmp -s "$tmp" "$out"; then
			echo "ok $name"
		else
			cp "$tmp" "$out"
			echo "ok $name # updated"
		fi
		passed=$((passed + 1))
		return
	fi
	if [ -f "$out" ] && cmp -s "$tmp" "$out" &&
	   { [ "$must_pass" = 0 ] || [ "$(tail -n 1 "$tmp")" = "exit 0" ]; }; then
		echo "ok $name"
		passed=$((passed + 1))
		return
	fi
	echo "not ok $name"
	if [ -f "$out" ]; then
		diff -u "$out" "$tmp" | head -40 | sed 's/^/#   /'
	else
		echo "#   no $out (run with --update, then read it)"
	fi
	[ "$must_pass" = 1 ] && [ "$(tail -n 1 "$tmp")" != "exit 0" ] &&
		echo "#   the lesson did not end with every expect() passing ($(tail -n 1 "$tmp"))"
	failed=$((failed + 1))
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
