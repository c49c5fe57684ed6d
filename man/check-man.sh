#!/bin/sh
# Render one man page with man -l, as a reader would see it, and check that
# man and groff succeed without warnings and that the text has its title,
# NAME section and the given strings.
#   check-man.sh PAGE TITLE STRING...
set -u
page=$1 title=$2
shift 2
command -v man >/dev/null 2>&1 || { echo "SKIP: man (man-db) is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -l "$page" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: man -l $page exited non-zero:"
        cat "$tmp/err"
        exit 1
fi
if [ -s "$tmp/err" ]; then
        echo "FAIL: man -l $page warned:"
        cat "$tmp/err"
        exit 1
fi
# man pipes through col -b when not on a terminal: plain text
head -1 "$tmp/out" | grep -q "^$title(" || { echo "FAIL: first line is not '$title(...)':"; head -1 "$tmp/out"; exit 1; }
grep -qx 'NAME' "$tmp/out" || { echo "FAIL: no NAME section"; exit 1; }
grep -q "^ *$title - " "$tmp/out" || { echo "FAIL: NAME does not say '$title - ...'"; exit 1; }
for s in "$@"; do
        grep -qF -- "$s" "$tmp/out" || { echo "FAIL: '$s' is not in the rendered page"; exit 1; }
done
echo "OK: $page renders ($(wc -l <"$tmp/out") lines, $# strings found)"
