#!/usr/bin/env bash
# End-to-end test of `bitext export`: a TM made by importing small TMX files is exported with
# each option, validated against tmx/tmx14.dtd, and bad invocations fail with the right code.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
TM="$(tm a.tm)"
have_xmllint() { command -v xmllint >/dev/null 2>&1; }
valid() {   # valid FILE: DTD-valid against our DTD, without network
    if ! have_xmllint; then ok; return; fi
    if xmllint --noout --nonet --dtdvalid "$TMXDIR/tmx14.dtd" "$1" 2>"$WORK/xmllint.err"; then ok
    else bad "$1 is not valid TMX 1.4"; head -5 "$WORK/xmllint.err" >&2; fi
}
count_tu() { grep -c '<tu[ >]' "$1"; }

expect_rc 0 "$BITEXT" export --help
contains "$WORK/out" "--level"
contains "$WORK/out" "x-bitext-confidence"

expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tmx_level2.tmx" "$TESTDATA/tmx_srclang_all.tmx" \
    "$TESTDATA/tmx_tmx11.tmx"

# everything, level 1
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/all.tmx"
contains "$WORK/err" "exported 8 TUs to $WORK/all.tmx"
valid "$WORK/all.tmx"
contains "$WORK/all.tmx" '<?xml version="1.0" encoding="UTF-8"?>'
contains "$WORK/all.tmx" '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
contains "$WORK/all.tmx" '<tmx version="1.4">'
contains "$WORK/all.tmx" 'creationtool="bitext"'
contains "$WORK/all.tmx" 'segtype="sentence"'
contains "$WORK/all.tmx" 'creationdate="20231114T221320Z"'
contains "$WORK/all.tmx" '<tu tuid="c1"'
contains "$WORK/all.tmx" '<prop type="x-domain">news</prop>'
contains "$WORK/all.tmx" '<note>checked by hand</note>'
contains "$WORK/all.tmx" '<prop type="x-bitext-origin">imported</prop>'
contains "$WORK/all.tmx" '<seg>Press Save now.</seg>'
lacks "$WORK/all.tmx" '<bpt'
# the 3-language TU stays whole
equals "$(grep -c '<tuv xml:lang="de">' "$WORK/all.tmx")" 2 "de variants"
contains "$WORK/all.tmx" '<seg>Dzień dobry.</seg>'

# level 2: codes written back with the native code escaped inside
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/l2.tmx" --level 2
valid "$WORK/l2.tmx"
contains "$WORK/l2.tmx" '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>'
contains "$WORK/l2.tmx" '<hi type="term">the mat</hi>'
contains "$WORK/l2.tmx" '<it pos="end" x="1">&lt;/i&gt;</it>'

# a language pair: header srclang = the first, others left out
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/enpl.tmx" --langs EN,pl
valid "$WORK/enpl.tmx"
contains "$WORK/enpl.tmx" 'srclang="en"'
lacks "$WORK/enpl.tmx" 'xml:lang="de"'
lacks "$WORK/enpl.tmx" 'xml:lang="fr-FR"'
equals "$(count_tu "$WORK/enpl.tmx")" 4 "en+pl TUs"

# standard output
expect_rc 0 "$BITEXT" export --tm "$TM" -o - --langs de,en
contains "$WORK/out" '<seg>Danke.</seg>'
contains "$WORK/err" "exported 2 TUs to <stdout>"

# OmegaT ignores FOO.TMX: the export says so (and still writes it)
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/UPPER.TMX"
contains "$WORK/err" "lower-case '.tmx'"
[ -s "$WORK/UPPER.TMX" ] && ok || bad "UPPER.TMX not written"

# filters
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/f.tmx" --origin aligned
contains "$WORK/err" "exported 0 TUs"
valid "$WORK/f.tmx"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/f.tmx" --origin imported --min-confidence 0.5
contains "$WORK/err" "exported 8 TUs"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/f.tmx" --since 2023-11-15
contains "$WORK/err" "exported 0 TUs"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/f.tmx" --until 2023-11-14
contains "$WORK/err" "exported 8 TUs"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/f.tmx" --until 20231114T221319Z
contains "$WORK/err" "exported 0 TUs"

# a TM made by the aligner: the document, confidence and origin filters, the demo as TMX
if "$BITEXT" align --tm "$(tm al.tm)" --src-lang pl --tgt-lang en "$EXAMPLES/library.pl.txt" \
        "$EXAMPLES/library.en.txt" >/dev/null 2>&1; then
    ok
    expect_rc 0 "$BITEXT" export --tm "$(tm al.tm)" -o "$WORK/demo.tmx"
    valid "$WORK/demo.tmx"
    contains "$WORK/demo.tmx" 'srclang="pl"'
    contains "$WORK/demo.tmx" '<prop type="x-bitext-origin">aligned</prop>'
    contains "$WORK/demo.tmx" '<prop type="x-bitext-confidence">'
    lacks "$WORK/demo.tmx" '<seg></seg>'
    n_all=$(count_tu "$WORK/demo.tmx")
    [ "$n_all" -gt 10 ] && ok || bad "only $n_all TUs from the example"
    expect_rc 0 "$BITEXT" export --tm "$(tm al.tm)" -o "$WORK/doc.tmx" --document "$EXAMPLES/library.pl.txt"
    equals "$(count_tu "$WORK/doc.tmx")" "$n_all" "--document (source)"
    expect_rc 0 "$BITEXT" export --tm "$(tm al.tm)" -o "$WORK/doc.tmx" --document other.txt
    equals "$(count_tu "$WORK/doc.tmx")" 0 "--document (unknown)"
    expect_rc 0 "$BITEXT" export --tm "$(tm al.tm)" -o "$WORK/doc.tmx" --min-confidence 1
    n_conf=$(count_tu "$WORK/doc.tmx")
    [ "$n_conf" -lt "$n_all" ] && ok || bad "--min-confidence 1 kept all $n_all TUs"
else
    bad "bitext align failed on the examples"
fi

# round trip: import(export(TM)) exports the same file
expect_rc 0 "$BITEXT" import --tm "$(tm b.tm)" "$WORK/l2.tmx"
expect_rc 0 "$BITEXT" export --tm "$(tm b.tm)" -o "$WORK/l2b.tmx" --level 2
if cmp -s "$WORK/l2.tmx" "$WORK/l2b.tmx"; then ok; else bad "round trip differs"; diff "$WORK/l2.tmx" "$WORK/l2b.tmx" | head >&2; fi

# bad invocations
expect_rc 2 "$BITEXT" export --tm "$TM"
contains "$WORK/err" "-o FILE.tmx"
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" --level 3
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" --langs en,xx
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" --since yesterday
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" --min-confidence 2
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" --bogus
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/x.tmx" extra-arg
expect_rc 4 "$BITEXT" export --tm "$(tm missing.tm)" -o "$WORK/x.tmx"
! tm_exists "$(tm missing.tm)" && ok || bad "export created a TM"
if on_file; then
    printf 'not a database at all\n' > "$WORK/text.tm"
    expect_rc 4 "$BITEXT" export --tm "$WORK/text.tm" -o "$WORK/x.tmx"
fi
expect_rc 1 "$BITEXT" export --tm "$TM" -o "$WORK/no/such/dir/x.tmx"
contains "$WORK/err" "no/such/dir/x.tmx"
[ ! -e "$WORK/x.tmx" ] && ok || bad "a failed export left a file"
ls "$WORK"/*.tmp.* >/dev/null 2>&1 && bad "temporary file left" || ok
finish
