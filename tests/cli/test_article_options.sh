#!/usr/bin/env bash
# End-to-end test of the options of how an article is read and segmented (--encoding, --lossy,
# --presegmented, --segtype, --srx, --rules): every verb that reads articles (segment, align,
# diff, update, check) takes each of them, with one meaning, and each changes what the verb
# does.  The article is a small messy news story (tests/data/opts_ferry_*: the headline twice,
# a photo credit, a quote, times and prices, a related link, a copyright footer) and its
# Polish translation, which leaves out the last paragraph.
. "$(dirname "$0")/lib.sh"
EN1="$TESTDATA/opts_ferry_v1.en.txt"
EN2="$TESTDATA/opts_ferry_v2.en.txt"
PL1="$TESTDATA/opts_ferry_v1.pl.txt"
RULES="$TESTDATA/opts_house.rules"     # title Cllr: "Cllr. Patel" is one sentence
SRX="$TESTDATA/segment_rules.srx"      # breaks after ';' too
TM="$(tm ferry.tm)"
VERBS="segment align diff update check"

expect_rc 0 "$BITEXT" align -q --tm "$TM" "$EN1" "$PL1"

# run VERB OPTION...: the verb on the English article $SRC (with $TGT, its translation, or
# EN2, its next edition, where the verb takes two), output in $WORK/out and $WORK/err
SRC="$EN1" TGT="$PL1"
run() {
    local verb=$1
    shift
    case $verb in
    segment) "$BITEXT" segment --lang en "$@" "$SRC" ;;
    align) "$BITEXT" align --no-tm "$@" "$SRC" "$TGT" ;;
    diff) "$BITEXT" diff --color never "$@" "$SRC" "$EN2" ;;
    update) "$BITEXT" update --tm "$TM" --tgt-lang pl "$@" "$SRC" ;;
    check) "$BITEXT" check --format jsonl "$@" "$SRC" "$TGT" ;;
    esac >"$WORK/out" 2>"$WORK/err"
}
# nseg VERB OPTION...: how many segments the verb made of $SRC, read from what it prints
# (check: the last source segment of its findings; the translation's gap is at the end)
nseg() {
    local verb=$1
    run "$@" || { echo "exit $?"; return; }
    case $verb in
    segment) wc -l <"$WORK/out" ;;
    align) sed -n 's/^aligned .* (en, \([0-9]*\) segments).*/\1/p' "$WORK/out" ;;
    diff) sed -n 's/.*(old: \([0-9]*\) segments, new: [0-9]*)$/\1/p' "$WORK/out" ;;
    update) sed -n 's/^Analysis of .* (en -> pl), \([0-9]*\) segments:$/\1/p' "$WORK/out" ;;
    check) grep -o '"source_segments":\[[0-9,]*\]' "$WORK/out" | grep -o '[0-9]*' |
               sort -n | tail -1 ;;
    esac
}

# --rules: a house rule file on top of bitext's rules; "Cllr." stops ending a sentence
for v in $VERBS; do
    n=$(nseg "$v")
    equals "$(nseg "$v" --rules "$RULES")" "$((n - 1))" "$v --rules: Cllr. Patel is one sentence"
done
# --srx: an SRX file's rules instead of bitext's; this one breaks after ';' (and segment,
# which keeps the photo credit, after "J.")
for v in $VERBS; do
    n=$(nseg "$v")
    s=$(nseg "$v" --srx "$SRX")
    if [ "$s" -gt "$n" ] 2>/dev/null; then ok; else bad "$v --srx: $s segments, not > $n"; fi
done
run segment --srx "$SRX"
equals "$(grep -cx 'Tickets stay at 3.50 euros;' "$WORK/out")" 1 "segment --srx: a break after ';'"
# --srx and --rules do not go together in any verb
for v in $VERBS; do
    run "$v" --srx "$SRX" --rules "$RULES"
    equals "$?" 2 "$v --srx --rules is a usage error"
    contains "$WORK/err" "--srx and --rules cannot be combined"
done
# --segtype paragraph: one segment per block; sentence is the default
for v in $VERBS; do
    n=$(nseg "$v")
    equals "$(nseg "$v" --segtype sentence)" "$n" "$v --segtype sentence is the default"
    p=$(nseg "$v" --segtype paragraph)
    if [ "$p" -lt "$n" ] 2>/dev/null; then ok; else bad "$v --segtype paragraph: $p, not < $n"; fi
    run "$v" --segtype word
    equals "$?" 2 "$v --segtype word is a usage error"
    contains "$WORK/err" "--segtype takes sentence or paragraph, not 'word'"
done

# --presegmented: one segment per line, nothing joined or split
SRC="$WORK/lines.en.txt" TGT="$WORK/lines.pl.txt"
printf 'Ferry timetable changes on Monday\nFrom Monday the ferry leaves at 7.15 a.m. We asked Cllr. Patel about it.\nTickets stay at 3.50 euros.\n' >"$SRC"
printf 'Zmiana rozkładu promu od poniedziałku\nOd poniedziałku prom odpływa o 7.15. Zapytaliśmy radną Patel.\nBilety nadal kosztują 3,60 euro.\n' >"$TGT"
for v in $VERBS; do
    equals "$(nseg "$v" --presegmented)" 3 "$v --presegmented: a segment per line"
    n=$(nseg "$v")
    if [ "$n" != 3 ]; then ok; else bad "$v without --presegmented: 3 segments too"; fi
done

# --lossy: invalid UTF-8 in plain text is exit 3 without it, U+FFFD and a warning with it
SRC="$WORK/latin1.en.txt" TGT="$PL1"
sed 's/Café/Caf\xe9/' "$EN1" >"$SRC"
for v in $VERBS; do
    run "$v"
    equals "$?" 3 "$v: invalid UTF-8 is bad input"
    contains "$WORK/err" "byte 390: invalid UTF-8 (byte 0xE9)"
    contains "$WORK/err" "--lossy"
    run "$v" --lossy
    equals "$?" 0 "$v --lossy reads it"
    contains "$WORK/err" "latin1.en.txt: 1 undecodable byte sequence replaced by U+FFFD"
done
# --encoding: the same file read as what it is (by position for two inputs)
run segment --encoding windows-1252
equals "$?" 0 "segment --encoding"
contains "$WORK/out" "at the Harbour Café."
run align --encoding windows-1252,utf-8 --tsv "$WORK/a.tsv"
equals "$?" 0 "align --encoding A,B"
contains "$WORK/a.tsv" "at the Harbour Café."
contains "$WORK/a.tsv" "w kawiarni Harbour Café."
run align --encoding en=windows-1252
equals "$?" 0 "align --encoding LANG=NAME"
run diff --format jsonl --encoding windows-1252,utf-8
equals "$?" 0 "diff --encoding OLD,NEW"
contains "$WORK/out" '"status": "unchanged", "moved": false, "old": [5], "new": [5], "old_text": "Tickets stay at 3.50 euros; a monthly pass costs 42 euros at the Harbour Café."'
run update --encoding windows-1252 -o "$WORK/u.xlf"
equals "$?" 0 "update --encoding"
contains "$WORK/u.xlf" "at the Harbour Café.</source>"
run check --encoding windows-1252,utf-8
equals "$?" 0 "check --encoding A,B"
contains "$WORK/out" "at the Harbour Café."
lacks "$WORK/out" "Caf�"
for v in segment update; do
    run "$v" --encoding windows-1252,utf-8
    equals "$?" 2 "$v: two encodings for one input"
    contains "$WORK/err" "--encoding names 2 encodings for 1 inputs"
done

# every verb teaches the same options in its --help
for v in $VERBS; do
    expect_rc 0 "$BITEXT" "$v" --help
    contains "$WORK/out" "How articles are read and segmented:"
    for o in "--encoding E " "--lossy " "--presegmented " "--segtype T " "--srx FILE " \
             "--rules FILE "; do
        contains "$WORK/out" "  $o"
    done
done
finish
