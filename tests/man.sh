#!/bin/sh
# tests/man.sh BINARY - buddyscope.1 (committed at the top level) must be
# exactly what `BINARY --man` makes now, so the page never drifts from the
# command table; `make man` regenerates it. Where man(1) is installed, the
# page must also render without warnings.
cd "$(dirname "$0")/.." || exit 1
bin=$1
passed=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bin" --man > "$tmp"
if cmp -s "$tmp" buddyscope.1; then
	echo "ok man page is current"
	passed=$((passed + 1))
else
	echo "not ok man page is current (run make man and read the diff)"
	diff -u buddyscope.1 "$tmp" | head -20 | sed 's/^/#   /'
	failed=$((failed + 1))
fi
if grep -q '^\.SH COMMANDS' "$tmp" && [ "$(grep -c '^\.TP' "$tmp")" -gt 40 ]; then
	echo "ok man page has the command table"
	passed=$((passed + 1))
else
	echo "not ok man page has the command table"
	failed=$((failed + 1))
fi
if command -v man >/dev/null 2>&1; then
	if [ -z "$(MANWIDTH=80 man --warnings=all -l "$tmp" 2>&1 >/dev/null)" ]; then
		echo "ok man page renders without warnings"
		passed=$((passed + 1))
	else
		echo "not ok man page renders without warnings"
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
