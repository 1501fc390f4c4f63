#!/usr/bin/env bash
# End-to-end test of `bitext check` on a messy news article (page chrome, the headline twice,
# a caption twice, a photo credit, a quote, related links, numbers written the Polish way),
# its correct English translation, and a translation with one flaw of every kind.
. "$(dirname "$0")/lib.sh"
PL="$TESTDATA/review_train.pl.html"
EN="$TESTDATA/review_train.en.html"
BAD="$TESTDATA/review_train_bad.en.html"
TM="$(tm c.tm)"

# a correct translation gives no finding: 2,3 tys. = 2,300, godz. 22 = 10 p.m., 5.40 = 5:40
# a.m., 1,2 mld zł = PLN 1.2 billion, 14 marca = 14 March; the credit is too short to miss
expect_rc 0 "$BITEXT" check "$PL" "$EN"
contains "$WORK/out" "no findings in"
lacks "$WORK/out" "major"
lacks "$WORK/out" "minor"

# one flaw of every kind
expect_rc 0 "$BITEXT" check "$PL" "$BAD"
for kind in omission addition numbers untranslated length inconsistent codes; do
    contains "$WORK/out" " $kind (source "
done
contains "$WORK/out" "major numbers (source 5, target 6): numbers differ: 2300 only in the source; 3200 only in the target"
contains "$WORK/out" "  pl: Przewoźnik szacuje, że codziennie pojedzie nim 2,3 tys. pasażerów."
contains "$WORK/out" "  en: The operator expects 3,200 passengers a day."
contains "$WORK/out" "major omission (source 10, target -)"
contains "$WORK/out" "  pl: W weekendy kursy będą rzadsze niż w dni robocze."
contains "$WORK/out" "major addition (source -, target 3)"
contains "$WORK/out" "  en: Passengers will also get free Wi-Fi on board."
contains "$WORK/out" "major untranslated (source "
contains "$WORK/out" "  en: W wagonach są miejsca na 12 rowerów oraz przewijak dla niemowląt."
contains "$WORK/out" "minor codes (source 4, target 5): inline codes differ: source bold 1; target none"
contains "$WORK/out" "7 findings (4 major) in "

# JSON lines: kind, severity, segment numbers, both texts
expect_rc 0 "$BITEXT" check --format jsonl "$PL" "$BAD"
equals "$(wc -l <"$WORK/out")" 7 "one object per finding"
contains "$WORK/out" '{"kind":"omission","severity":"major","source_segments":[10],"target_segments":[],"source_lang":"pl","target_lang":"en","source":"W weekendy kursy będą rzadsze niż w dni robocze.","target":""'
contains "$WORK/out" '"kind":"length","severity":"minor","source_segments":[6],"target_segments":[7]'
if python3 -c 'import json, sys
for line in sys.stdin:
    o = json.loads(line)
    assert set(o) == {"kind", "severity", "source_segments", "target_segments", "source_lang",
                      "target_lang", "source", "target", "message"}, o' <"$WORK/out"; then ok; else bad "jsonl"; fi

# for scripts: --checks runs some checks, --fail-on turns findings into exit 5
expect_rc 5 "$BITEXT" check --fail-on numbers "$PL" "$BAD"
expect_rc 0 "$BITEXT" check --fail-on numbers,omission "$PL" "$EN"
expect_rc 5 "$BITEXT" check --fail-on all "$PL" "$BAD"
expect_rc 0 "$BITEXT" check --checks codes --fail-on omission "$PL" "$BAD"
contains "$WORK/out" "1 finding (0 major) in "
contains "$WORK/out" " rows: codes 1"
expect_rc 0 "$BITEXT" check --min-words 10 --checks omission,addition "$PL" "$BAD"
contains "$WORK/out" "no findings"
expect_rc 2 "$BITEXT" check --fail-on spelling "$PL" "$BAD"
contains "$WORK/err" "unknown check 'spelling'"
expect_rc 2 "$BITEXT" check "$PL"
expect_rc 2 "$BITEXT" check --doc x "$PL" "$EN"
expect_rc 3 "$BITEXT" check "$PL" "$TESTDATA/read_binary.bin"

# against a TM: the stored translation of a sentence differs from this one
expect_rc 0 "$BITEXT" align -q --tm "$TM" "$PL" "$EN"
expect_rc 0 "$BITEXT" check --tm "$TM" --checks inconsistent "$PL" "$BAD"
contains "$WORK/out" "the TM translates this source differently: “A standard ticket costs PLN 49"
# the TM's own pairs of the document: consistent, and pairs only
expect_rc 0 "$BITEXT" check --tm "$TM" --doc "$PL"
contains "$WORK/out" "no findings in "
contains "$WORK/out" "omissions and additions need the files"
expect_rc 3 "$BITEXT" check --tm "$TM" --doc missing.html
contains "$WORK/err" "missing.html"
expect_rc 4 "$BITEXT" check --tm "$(tm none.tm)" "$PL" "$EN"

expect_rc 0 "$BITEXT" check --help
contains "$WORK/out" "Examples:"
contains "$WORK/out" "--fail-on"
finish
