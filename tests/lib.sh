# tests/lib.sh - what the transcript runners (golden, lessons) share.
# Source it, call runner_args "$@", then shift $runner_shift.

# runner_args BINARY [--update] ...: sets $bin (absolute), $update (0/1) and
# $runner_shift (how many arguments it took); exits 2 on a bad BINARY.
runner_args() {
	if [ $# -lt 1 ]; then
		echo "usage: $0 BINARY [--update] [NAME...]" >&2
		exit 2
	fi
	bin=$1
	runner_shift=1
	case $bin in
	/*) ;;
	*) bin=$(pwd)/$bin ;;
	esac
	if [ ! -x "$bin" ]; then
		echo "$0: $bin is not an executable" >&2
		exit 2
	fi
	update=0
	if [ "${2:-}" = "--update" ]; then
		update=1
		runner_shift=2
	fi
	passed=0
	failed=0
}

# transcript_check NAME OUT TMP [NOTE]: compare the transcript TMP with the
# expected OUT (or, with --update, replace OUT); print ok / not ok with a
# diff and count it. NOTE, if given, is printed under a failure.
transcript_check() {
	if [ "$update" -eq 1 ]; then
		if [ -f "$2" ] && cmp -s "$3" "$2"; then
			echo "ok $1"
		else
			cp "$3" "$2"
			echo "ok $1 # updated"
		fi
		passed=$((passed + 1))
		return 0
	fi
	if [ -f "$2" ] && cmp -s "$3" "$2" && [ -z "${4:-}" ]; then
		echo "ok $1"
		passed=$((passed + 1))
		return 0
	fi
	echo "not ok $1"
	if [ -f "$2" ]; then
		diff -u "$2" "$3" | head -40 | sed 's/^/#   /'
	else
		echo "#   no $2 (run with --update, then read it)"
	fi
	[ -n "${4:-}" ] && echo "#   $4"
	failed=$((failed + 1))
	return 1
}
