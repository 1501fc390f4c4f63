#!/usr/bin/env bash
# End-to-end test of corrections back into the TM: `bitext align --tsv` writes the review
# TSV, a reviewer edits it (merges, splits, moves, deletes, retypes and adds rows, as a
# spreadsheet saves them), `bitext import --doc` replaces the document's pairs; bad files
# change nothing.
. "$(dirname "$0")/lib.sh"
PL="$TESTDATA/review_train.pl.html"
EN="$TESTDATA/review_train.en.html"
TM="$(tm t.tm)"
TSV="$WORK/review.tsv"

expect_rc 0 "$BITEXT" align -q --tm "$TM" --tsv "$TSV" "$PL" "$EN"
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang pl --tgt-lang en "Rozkład jazdy"
contains "$WORK/out" "[en] Timetable"

# the reviewer's work, saved the way a spreadsheet saves it (CRLF, every text quoted)
python3 - "$TSV" "$WORK/edited.tsv" "$WORK/stored" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline=""), delimiter="\t"))
head, body = rows[0], rows[1:]
# the pairs the TM holds (a pair twice in the article is stored once)
open(sys.argv[3], "w").write("%d\n" % len({(r[2], r[3]) for r in body if r[2] and r[3]}))
def find(text):
    return next(i for i, r in enumerate(body) if r[2].startswith(text))
i = find("Rozkład jazdy"); body[i][3] = "Timetable and fares"                    # retyped
i = find("Bilet normalny"); j = find("Bilety można")                             # merged
body[i][2] += " " + body[j][2]; body[i][3] += " " + body[j][3]; del body[j]
i = find("Skład rozpędza")                                                       # split
a, b = body[i][3].split(", and ")
body[i:i + 1] = [["1-1", "", "Skład rozpędza się do 160 km/h.", a + ".", ""],
                 ["1-1", "", "Podróż potrwa niecałe dwie godziny.", "The " + b, ""]]
del body[find("W weekendy")]                                                     # deleted
body.insert(0, body.pop(find("Nowy skład")))                                     # moved
body.append(["", "", "Nowy wiersz od recenzenta.", "A new row from the reviewer.", ""])
body.append(["1-0", "", "Tylko źródło, bez przekładu.", "", ""])                 # one side
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    w.writerows([head] + body)
PY
"$BITEXT" export --tm "$TM" -o "$WORK/before.tmx" 2>/dev/null

# bad files: file:line, exit 3, the TM unchanged
printf 'bead\tconfidence\tsource:pl\ttarget:en\tqa\n1-1\t1\tRaz.\tOne.\t\n1-1\t1\tDwa.\tTwo.\n' >"$WORK/cols.tsv"
expect_rc 3 "$BITEXT" import --tm "$TM" --doc "$PL" "$WORK/cols.tsv"
contains "$WORK/err" "cols.tsv:3: 4 columns, a review TSV has 5"
contains "$WORK/err" "the TM is unchanged"
printf 'bead\tconfidence\tsource:pl\ttarget:en\tqa\n1-1\t1\tZa\xbf\xf3\xb3\xe6\tOne.\t\n' >"$WORK/latin2.tsv"
expect_rc 3 "$BITEXT" import --tm "$TM" --doc "$PL" "$WORK/latin2.tsv"
contains "$WORK/err" "latin2.tsv:2: "
contains "$WORK/err" "invalid UTF-8"
expect_rc 3 "$BITEXT" import --tm "$TM" --doc "$WORK/not-aligned.html" "$WORK/edited.tsv"
contains "$WORK/err" "edited.tsv:1: "
contains "$WORK/err" "not-aligned.html"
printf 'bead\tconfidence\tsource\ttarget\tqa\n' >"$WORK/nohead.tsv"
expect_rc 3 "$BITEXT" import --tm "$TM" --doc "$PL" "$WORK/nohead.tsv"
contains "$WORK/err" "nohead.tsv:1: not a review TSV"
"$BITEXT" export --tm "$TM" -o "$WORK/after-bad.tmx" 2>/dev/null
if diff <(grep -v creationdate "$WORK/before.tmx") <(grep -v creationdate "$WORK/after-bad.tmx") >/dev/null; then ok; else bad "a bad file changed the TM"; fi
expect_rc 4 "$BITEXT" import --tm "$(tm none.tm)" --doc "$PL" "$WORK/edited.tsv"
if tm_exists "$(tm none.tm)"; then bad "a TM was created"; else ok; fi
expect_rc 2 "$BITEXT" import --tm "$TM" --doc "$PL" "$WORK/edited.tsv" "$WORK/cols.tsv"

# the corrected file: what changed, said in one line
expect_rc 0 "$BITEXT" import --tm "$TM" --doc "$PL" "$WORK/edited.tsv"
# kept: all stored pairs but the retyped one and the three the merge, split and deletion took
stored=$(cat "$WORK/stored")
contains "$WORK/err" "$((stored - 4)) pairs kept, 1 edited, 4 added, 3 removed; 1 rows with one side empty left out"
# reviewed pairs win in lookup and export; the removed ones are gone
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang pl --tgt-lang en --format jsonl "Rozkład jazdy"
contains "$WORK/out" '"target":"Timetable and fares"'
contains "$WORK/out" '"reviewed":true'
lacks "$WORK/out" '"target":"Timetable"'
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang pl --tgt-lang en "Nowy wiersz od recenzenta."
contains "$WORK/out" "100%"
contains "$WORK/out" "A new row from the reviewer.  (reviewed)"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/after.tmx"
equals "$(grep -c '<tu ' "$WORK/after.tmx")" $((stored + 1)) "TUs exported"
equals "$(grep -c '<prop type="x-bitext-origin">reviewed</prop>' "$WORK/after.tmx")" $((stored + 1)) "all reviewed"
lacks "$WORK/after.tmx" "<seg>There will be fewer services"
lacks "$WORK/after.tmx" "<seg>Tylko źródło"
contains "$WORK/after.tmx" "<seg>Podróż potrwa niecałe dwie godziny.</seg>"
# the reviewed document pair is not aligned into the TM again
expect_rc 0 "$BITEXT" align --tm "$TM" "$PL" "$EN"
contains "$WORK/err" "were reviewed: the TM keeps their reviewed pairs"
contains "$WORK/out" "0 new TUs"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/again.tmx"
equals "$(grep -c '<tu ' "$WORK/again.tmx")" $((stored + 1)) "TUs after aligning again"
# the same file again keeps everything
expect_rc 0 "$BITEXT" import --tm "$TM" --doc "$EN" "$WORK/edited.tsv"
contains "$WORK/err" "$((stored + 1)) pairs kept, 0 edited, 0 added, 0 removed"
expect_rc 0 "$BITEXT" import --help
contains "$WORK/out" "--doc NAME"
finish
