#!/usr/bin/env bash
# End-to-end test of `bitext diff` on an article in two editions (tests/data/edition_v*.en.html:
# pages with navigation, cookie banner, byline, caption and credit, related links, footer).
# Between the editions: the headline changed, a paragraph moved up, a number changed, a
# paragraph added, a sentence removed; the page chrome changed too and must not show.
. "$(dirname "$0")/lib.sh"
V1="$TESTDATA/edition_v1.en.html"
V2="$TESTDATA/edition_v2.en.html"

expect_rc 0 "$BITEXT" diff --help
contains "$WORK/out" "Usage: bitext diff"
contains "$WORK/out" "[-old words-]{+new words+}"

# jsonl: every unit exactly, in the new edition's order, the removed one where it stood.
expect_rc 0 "$BITEXT" diff --format jsonl "$V1" "$V2"
cut -d, -f1-4 "$WORK/out" | sed 's/"old_text.*//' > "$WORK/units"
cat > "$WORK/want" <<'WANT'
{"status": "changed", "moved": false, "old": [0], "new": [0]
{"status": "unchanged", "moved": false, "old": [1], "new": [1]
{"status": "unchanged", "moved": false, "old": [2], "new": [2]
{"status": "unchanged", "moved": true, "old": [9], "new": [3]
{"status": "unchanged", "moved": false, "old": [3], "new": [4]
{"status": "unchanged", "moved": false, "old": [4], "new": [5]
{"status": "unchanged", "moved": false, "old": [5], "new": [6]
{"status": "changed", "moved": false, "old": [6], "new": [7]
{"status": "added", "moved": false, "old": [], "new": [8]
{"status": "added", "moved": false, "old": [], "new": [9]
{"status": "unchanged", "moved": false, "old": [7], "new": [10]
{"status": "removed", "moved": false, "old": [8], "new": []
WANT
if diff -u "$WORK/want" "$WORK/units" >&2; then ok; else bad "jsonl units differ"; fi
contains "$WORK/out" '"new_text": "Riverside bridge to close for eight weeks from March", "words": [["=", "Riverside bridge to close for "], ["-", "repairs in"], ["+", "eight weeks from"], ["=", " March"]]}'
contains "$WORK/out" '"words": [["=", "The repairs will cost "], ["-", "2.4"], ["+", "2.9"], ["=", " million euros."]]'
lacks "$WORK/out" "Related content"
lacks "$WORK/out" "Tom Hale"
lacks "$WORK/out" "Photo:"
equals "$(grep -c '"words"' "$WORK/out")" 2 "words only for changed units"

# text: git's word diff, removed sentence where it stood, the move marked, a summary.
expect_rc 0 "$BITEXT" diff "$V1" "$V2"
contains "$WORK/out" "Riverside bridge to close for [-repairs in-]{+eight weeks from+} March"
contains "$WORK/out" "(moved from 10) The bridge was built in 1968 and last renovated in 1994."
contains "$WORK/out" "The repairs will cost [-2.4-]{+2.9+} million euros."
contains "$WORK/out" "{+Their association welcomed the detour.+}"
equals "$(grep -A1 'temporary footbridge' "$WORK/out" | tail -1)" "[-It will open on 1 March.-]" "removed after its neighbour"
contains "$WORK/out" "7 unchanged, 2 changed, 2 added, 1 removed, 1 moved (old: 10 segments, new: 11)"
lacks "$WORK/out" $'\033['
expect_rc 0 "$BITEXT" diff --color always "$V1" "$V2"
contains "$WORK/out" $'\033[31m[-2.4-]\033[m'

# html: one self-contained page, side by side, changed words marked.
expect_rc 0 "$BITEXT" diff --format html -o "$WORK/d.html" "$V1" "$V2"
contains "$WORK/d.html" "<!DOCTYPE html>"
contains "$WORK/d.html" '<html lang="en">'
contains "$WORK/d.html" 'The repairs will cost <del>2.4</del> million euros.'
contains "$WORK/d.html" 'The repairs will cost <ins>2.9</ins> million euros.'
# the page design of the alignment report (report.h): statuses, notes, keys
contains "$WORK/d.html" 'class="row s-plain look"><td class="n"><a href="#r4">4</a><span class="d">unchanged</span>'
contains "$WORK/d.html" '<b class="tag">moved</b>'
contains "$WORK/d.html" 'class="row s-left look"'
contains "$WORK/d.html" 'class="row s-right look"'
contains "$WORK/d.html" '<th class="notes">notes</th>'
lacks "$WORK/d.html" "src="
lacks "$WORK/d.html" "<link"

# presegmented: numbers are 0-based line numbers of the files (blank lines count).
expect_rc 0 "$BITEXT" diff --presegmented --lang en --format jsonl \
    "$TESTDATA/edition_lines_old.txt" "$TESTDATA/edition_lines_new.txt"
contains "$WORK/out" '{"status": "unchanged", "moved": false, "old": [0], "new": [0]'
contains "$WORK/out" '{"status": "changed", "moved": false, "old": [2], "new": [2]'
contains "$WORK/out" '{"status": "changed", "moved": false, "old": [3], "new": [4]'
contains "$WORK/out" '{"status": "unchanged", "moved": false, "old": [5], "new": [5]'
# a split: one sentence of the old edition became two
printf 'The mayor opened the library on Monday, and 500 people came to see it.\n' > "$WORK/a.txt"
printf 'The mayor opened the library on Monday.\nMore than 500 people came to see it.\n' > "$WORK/b.txt"
expect_rc 0 "$BITEXT" diff --presegmented --lang en --format jsonl "$WORK/a.txt" "$WORK/b.txt"
contains "$WORK/out" '{"status": "changed", "moved": false, "old": [0], "new": [0, 1]'

# --ignore-space, --ignore-punct
printf 'Hello, world!\nOpen from 9 to 5.\n' > "$WORK/c.txt"
printf 'Hello world\nOpen from 9to 5.\n' > "$WORK/d.txt"
expect_rc 0 "$BITEXT" diff --presegmented --lang en "$WORK/c.txt" "$WORK/d.txt"
contains "$WORK/out" "0 unchanged, 2 changed"
expect_rc 0 "$BITEXT" diff --presegmented --lang en --ignore-space --ignore-punct "$WORK/c.txt" "$WORK/d.txt"
contains "$WORK/out" "2 unchanged, 0 changed"

# errors: usage (2), a missing file (1), bad input (3); -o never overwrites what it must not
expect_rc 2 "$BITEXT" diff "$V1"
expect_rc 2 "$BITEXT" diff --format xml "$V1" "$V2"
expect_rc 1 "$BITEXT" diff "$V1" "$WORK/missing.html"
contains "$WORK/err" "missing.html"
printf 'ok\n\xff\xfe bad\n' > "$WORK/bad.txt"
expect_rc 3 "$BITEXT" diff --lang en "$V1" "$WORK/bad.txt"
contains "$WORK/err" "bad.txt"
expect_rc 2 "$BITEXT" diff -o "$WORK" "$V1" "$V2"
finish
