#!/usr/bin/env bash
# End-to-end test of `bitext segment`: formats, offsets, paragraphs, bad input, the cases file.
. "$(dirname "$0")/lib.sh"

# --help teaches: options, examples, exit codes
expect_rc 0 "$BITEXT" segment --help
contains "$WORK/out" "--segtype"
contains "$WORK/out" "Examples:"
contains "$WORK/out" "Exit status"

# usage errors
expect_rc 2 "$BITEXT" segment "$TESTDATA/segment_en.txt"
expect_rc 2 "$BITEXT" segment --lang en --format xml "$TESTDATA/segment_en.txt"
expect_rc 2 "$BITEXT" segment --lang en --segtype word "$TESTDATA/segment_en.txt"
expect_rc 3 "$BITEXT" segment --lang 12345678 "$TESTDATA/segment_en.txt"
expect_rc 1 "$BITEXT" segment --lang en "$WORK/missing.txt"
contains "$WORK/err" "missing.txt"

# text format: one segment per line, CRLF fine, blank lines end paragraphs
expect_rc 0 "$BITEXT" segment --lang en "$TESTDATA/segment_en.txt"
equals "$(cat "$WORK/out")" "Dr. Smith came home at 5 p.m.
He was tired.
She was not.
A new paragraph starts here.
It ends here." "text output"

# jsonl: text, start, end as byte offsets into the file; slicing the file gives the text
expect_rc 0 "$BITEXT" segment --lang en --format jsonl "$TESTDATA/segment_en.txt"
contains "$WORK/out" '{"text": "Dr. Smith came home at 5 p.m.", "start": 0, "end": 29}'
python3 - "$WORK/out" "$TESTDATA/segment_en.txt" <<'PY' && ok || bad "jsonl offsets do not slice the input"
import json, sys
data = open(sys.argv[2], "rb").read()
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    assert data[o["start"]:o["end"]].decode("utf-8") == o["text"], o
PY

# paragraph segtype
expect_rc 0 "$BITEXT" segment --lang en --segtype paragraph "$TESTDATA/segment_en.txt"
equals "$(wc -l < "$WORK/out")" "2" "paragraph segtype gives one line per paragraph"

# stdin, BOM dropped but counted in offsets
printf '\xEF\xBB\xBFHello there. Bye.' > "$WORK/bom.txt"
expect_rc 0 "$BITEXT" segment --lang en --format jsonl - < "$WORK/bom.txt"
contains "$WORK/out" '{"text": "Hello there.", "start": 3, "end": 15}'

# bad input: invalid UTF-8 with its byte offset, --lossy repairs, NUL is an error
printf 'Fine text.\n\nBad \xff byte here.' > "$WORK/bad.txt"
expect_rc 3 "$BITEXT" segment --lang en "$WORK/bad.txt"
contains "$WORK/err" "byte 16"
contains "$WORK/err" "invalid UTF-8"
expect_rc 0 "$BITEXT" segment --lang en --lossy --format jsonl "$WORK/bad.txt"
contains "$WORK/err" "warning"
contains "$WORK/out" $'"text": "Bad \xEF\xBF\xBD byte here.", "start": 12, "end": 28}'
printf 'One.\x00Two.' > "$WORK/nul.txt"
expect_rc 3 "$BITEXT" segment --lang en "$WORK/nul.txt"
contains "$WORK/err" "NUL byte"
contains "$WORK/err" "byte 4"

# SRX rule files: the first matching rule wins; bad files are errors naming file:line
printf 'Dr. Smith came; he left. Ok? yes. Then more.' > "$WORK/srx.txt"
expect_rc 0 "$BITEXT" segment --lang en --srx "$TESTDATA/segment_rules.srx" "$WORK/srx.txt"
equals "$(cat "$WORK/out")" "Dr. Smith came;
he left.
Ok? yes.
Then more." "segmenting with an SRX file"
expect_rc 3 "$BITEXT" segment --lang en --srx "$TESTDATA/segment_badregex.srx" "$WORK/srx.txt"
contains "$WORK/err" "segment_badregex.srx:33"
contains "$WORK/err" "U_REGEX_MISMATCHED_PAREN"
expect_rc 3 "$BITEXT" segment --lang en --srx "$TESTDATA/segment_malformed.srx" "$WORK/srx.txt"
contains "$WORK/err" "segment_malformed.srx:"
contains "$WORK/err" "not well-formed"

# a long line without punctuation is segmented in linear time (the test would time out)
head -c 3000000 /dev/zero | tr '\0' 'a' | sed 's/aaaaaaaaa/word word /g' > "$WORK/long.txt"
expect_rc 0 "$BITEXT" segment --lang en --format jsonl "$WORK/long.txt"
equals "$(wc -l < "$WORK/out")" "1" "one segment for a line without punctuation"

# the data-driven cases through the verb (the unit test runs them through the library)
n=0
while IFS=$'\t' read -r lang segs; do
    case "$lang" in ''|'#'*) continue ;; esac
    text=$(printf '%s' "$segs" | sed 's/ || / /g; s/||//g')
    want=$(printf '%s' "$segs" | sed 's/ *|| */\n/g')
    got=$(printf '%s' "$text" | "$BITEXT" segment --lang "$lang" -)
    equals "$got" "$want" "segment_cases.txt: $lang: $text"
    n=$((n + 1))
done < "$TESTDATA/segment_cases.txt"
[ "$n" -ge 60 ] && ok || bad "only $n cases read"
finish
