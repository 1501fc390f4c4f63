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

# --learn: rules from the user's own text (one sentence a line here: the copy of a small
# paper, messy as real copy is), then --rules reads them on top of the built-in ones
cat > "$WORK/corpus.txt" <<'TEXT'
City Hall: budget approved
The council met on Monday evening.
Cllr. Ward asked about the new library.
Cllr. Ward said the roof leaks.
The budget grows by approx. ten percent.
Cllr. Patel agreed with her.
Most members voted for it.
Photo: J. Green / Daily Echo
The vote was close, though.
Cllr. Patel left early.
Cllr. Ward thanked the staff.
The next meeting is in May.
Most residents welcome the plan.
The library opens next year.
Related: Bus fares rise again
(c) 2024 Daily Echo. All rights reserved.
TEXT
for i in 1 2 3; do cat "$WORK/corpus.txt"; done > "$WORK/corpus3.txt"
expect_rc 0 "$BITEXT" segment --lang en --learn --lines "$WORK/corpus3.txt" -o "$WORK/echo.rules"
contains "$WORK/echo.rules" "title cllr"
contains "$WORK/echo.rules" "starter"
contains "$WORK/echo.rules" " Patel"
printf 'We asked Cllr. Patel. Most agreed.\n' > "$WORK/council.txt"
expect_rc 0 "$BITEXT" segment --lang en "$WORK/council.txt"
equals "$(cat "$WORK/out")" "We asked Cllr.
Patel.
Most agreed." "without the learned rules Cllr. ends a sentence"
expect_rc 0 "$BITEXT" segment --lang en --rules "$WORK/echo.rules" "$WORK/council.txt"
equals "$(cat "$WORK/out")" "We asked Cllr. Patel.
Most agreed." "with them it is a title"
expect_rc 0 "$BITEXT" segment --lang en --learn "$WORK/corpus3.txt" -o -
contains "$WORK/out" "# Segmentation rules for en learned"
expect_rc 2 "$BITEXT" segment --lang en --learn "$WORK/corpus3.txt"
contains "$WORK/err" "-o RULES"
expect_rc 2 "$BITEXT" segment --lang en --learn -o "$WORK/x.rules"
expect_rc 2 "$BITEXT" segment --lang en --srx "$TESTDATA/segment_rules.srx" \
    --rules "$WORK/echo.rules" "$WORK/council.txt"
expect_rc 1 "$BITEXT" segment --lang en --learn "$WORK/missing.txt" -o "$WORK/x.rules"
[ ! -e "$WORK/x.rules" ] && ok || bad "a failed --learn left a rules file"
# --learn --tm: the TM's segments in the language are sentences to learn from
expect_rc 0 "$BITEXT" align --tm "$WORK/learn.tm" --src-lang pl --tgt-lang en \
    "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
expect_rc 0 "$BITEXT" segment --lang pl --learn --tm "$WORK/learn.tm" -o "$WORK/tm.rules"
contains "$WORK/tm.rules" "# Segmentation rules for pl learned by bitext segment --learn from"
if grep -q "from 0 words" "$WORK/tm.rules"; then bad "--tm: nothing learned"; else ok; fi
expect_rc 4 "$BITEXT" segment --lang pl --learn --tm "$WORK/no.tm" -o "$WORK/tm2.rules"
# the TM is never the output; a device is written in place; a file keeps its mode
expect_rc 2 "$BITEXT" segment --lang pl --learn --tm "$WORK/learn.tm" -o "$WORK/learn.tm"
contains "$WORK/err" "translation memory"
expect_rc 0 "$BITEXT" segment --lang pl --learn --tm "$WORK/learn.tm" -o /dev/null
[ -c /dev/null ] && ok || bad "/dev/null replaced"
: > "$WORK/mine.rules"
chmod 600 "$WORK/mine.rules"
expect_rc 0 "$BITEXT" segment --lang pl --learn --tm "$WORK/learn.tm" -o "$WORK/mine.rules"
equals "$(stat -c %a "$WORK/mine.rules")" "600" "the rules file keeps its mode"
contains "$WORK/mine.rules" "# Segmentation rules for pl"
# a broken rules file is bad input naming file:line
printf 'title Dr\nabbrev ok\nfinal etc etc\nnonsense here\n' > "$WORK/broken.rules"
expect_rc 3 "$BITEXT" segment --lang en --rules "$WORK/broken.rules" "$WORK/council.txt"
contains "$WORK/err" "broken.rules:4"
expect_rc 1 "$BITEXT" segment --lang en --rules "$WORK/none.rules" "$WORK/council.txt"
contains "$WORK/err" "none.rules"

# an SRX rule that backtracks catastrophically stops at its work budget: exit 3, file:line
cat > "$WORK/slow.srx" <<'SRX'
<?xml version="1.0"?>
<srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="A">
<rule break="yes"><beforebreak>a+b</beforebreak><afterbreak></afterbreak></rule>
</languagerule></languagerules><maprules>
<languagemap languagepattern=".*" languagerulename="A"/></maprules></body></srx>
SRX
head -c 20000 /dev/zero | tr '\0' 'a' > "$WORK/aaa.txt"
expect_rc 3 "$BITEXT" segment --lang en --srx "$WORK/slow.srx" "$WORK/aaa.txt"
contains "$WORK/err" "slow.srx:4"
contains "$WORK/err" "more work than bitext allows"

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
