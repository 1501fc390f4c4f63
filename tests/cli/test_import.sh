#!/usr/bin/env bash
# End-to-end test of `bitext import`: odd but valid TMX files import, malformed ones fail
# with file:line:column and leave the TM untouched, --skip-invalid reports what it skipped.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
TM="$(tm a.tm)"
D="$TESTDATA"
export_count() {   # export_count TM: prints the number of TUs the TM exports
    "$BITEXT" export --tm "$1" -o "$WORK/count.tmx" 2>&1 | sed -n 's/^exported \([0-9]*\) TUs.*/\1/p'
}

expect_rc 0 "$BITEXT" import --help
contains "$WORK/out" "--skip-invalid"

expect_rc 0 "$BITEXT" import --tm "$TM" "$D/tmx_level2.tmx"
contains "$WORK/err" "imported 3 TUs (0 duplicates, 0 skipped) from $D/tmx_level2.tmx"
expect_rc 0 "$BITEXT" import --tm "$TM" "$D/tmx_level2.tmx"
contains "$WORK/err" "imported 0 TUs (3 duplicates, 0 skipped)"

# encodings, TMX 1.1, *all*, underscore codes: one command, one line per file
expect_rc 0 "$BITEXT" import --tm "$TM" "$D/tmx_utf16le_bom.tmx" "$D/tmx_utf16be_bom.tmx" \
    "$D/tmx_utf16le_bom_decl_utf8.tmx" "$D/tmx_tmx11.tmx" "$D/tmx_srclang_all.tmx" \
    "$D/tmx_underscore.tmx"
contains "$WORK/err" "imported 1 TUs (0 duplicates, 0 skipped) from $D/tmx_utf16le_bom.tmx"
contains "$WORK/err" "imported 0 TUs (1 duplicates, 0 skipped) from $D/tmx_utf16be_bom.tmx"
contains "$WORK/err" "imported 2 TUs (0 duplicates, 0 skipped) from $D/tmx_tmx11.tmx"
contains "$WORK/err" "imported 3 TUs (0 duplicates, 0 skipped) from $D/tmx_srclang_all.tmx"
equals "$(export_count "$TM")" 10 "TUs in the TM"
contains "$WORK/count.tmx" '<tuv xml:lang="en-US">'
contains "$WORK/count.tmx" '<tuv xml:lang="pt-BR">'
contains "$WORK/count.tmx" 'Zażółć gęślą jaźń 𝐀.'
contains "$WORK/count.tmx" 'creationid="ANNA"'
lacks "$WORK/count.tmx" 'EN_us'

# a UTF-8 byte-order mark over a declared windows-1250: read as UTF-8, with a warning
expect_rc 0 "$BITEXT" import --tm "$WORK/bom.tm" "$D/tmx_utf8_bom_decl_1250.tmx"
contains "$WORK/err" "tmx_utf8_bom_decl_1250.tmx: starts with a UTF-8 byte-order mark"
expect_rc 0 "$BITEXT" export --tm "$WORK/bom.tm" -o -
contains "$WORK/out" "<seg>Żółć</seg>"

# an element with 100,000 attributes (quadratic in libxml2) is refused at once, bounded work
python3 -c "
import sys
sys.stdout.write('<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body><tu ')
sys.stdout.write(' '.join('a%d=\"x\"' % i for i in range(100000)))
sys.stdout.write('><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu></body></tmx>')" >"$WORK/attrs.tmx"
expect_rc 3 "$BITEXT" import --tm "$TM" "$WORK/attrs.tmx"
contains "$WORK/err" "attrs.tmx: byte "
contains "$WORK/err" "more than 256 attributes"

# malformed XML: file:line:column, exit 3, and the TM is untouched even for the good file
expect_rc 3 "$BITEXT" import --tm "$TM" "$D/tmx_malformed.tmx"
contains "$WORK/err" "tmx_malformed.tmx:7:"
contains "$WORK/err" "malformed XML"
contains "$WORK/err" "the TM is unchanged"
equals "$(export_count "$TM")" 10 "TUs after a failed import"
expect_rc 3 "$BITEXT" import --tm "$(tm fresh.tm)" "$D/tmx_level2.tmx" "$D/tmx_malformed.tmx"
lacks "$WORK/err" "imported 3 TUs"
contains "$WORK/err" "tmx_malformed.tmx:7:"
absent() {   # absent TM: neither the TM nor its SQLite side files exist
    if ! tm_exists "$1" && [ ! -e "$1-wal" ] && [ ! -e "$1-shm" ]; then ok; else bad "$1 exists"; fi
}
absent "$(tm fresh.tm)"
equals "$(export_count "$(tm fresh.tm)")" "" "TUs after a failed two-file import"
expect_rc 3 "$BITEXT" import --tm "$TM" --skip-invalid "$D/tmx_malformed.tmx"
equals "$(export_count "$TM")" 10 "TUs after a failed --skip-invalid import"

# a bad TU: fails without --skip-invalid, is skipped and reported with it
expect_rc 3 "$BITEXT" import --tm "$TM" "$D/tmx_bad_tu.tmx"
contains "$WORK/err" "tmx_bad_tu.tmx:7: a <tuv> without xml:lang"
equals "$(export_count "$TM")" 10 "TUs after a refused TU"
expect_rc 0 "$BITEXT" import --tm "$TM" --skip-invalid "$D/tmx_bad_tu.tmx"
contains "$WORK/err" "imported 3 TUs (0 duplicates, 2 skipped) from $D/tmx_bad_tu.tmx"
contains "$WORK/err" "skipped 2 invalid TUs; the first: $D/tmx_bad_tu.tmx:7: a <tuv> without xml:lang"
equals "$(export_count "$TM")" 13 "TUs after --skip-invalid"

# XXE: a DOCTYPE that declares entities is refused whole: no file read, no network, no
# expansion, even with --skip-invalid
expect_rc 3 "$BITEXT" import --tm "$(tm x.tm)" "$D/tmx_xxe.tmx"
contains "$WORK/err" "tmx_xxe.tmx:8: the DOCTYPE declares entities"
lacks "$WORK/err" "TOP-SECRET"
expect_rc 3 "$BITEXT" import --tm "$(tm x.tm)" --skip-invalid "$D/tmx_xxe.tmx"
if command -v strace >/dev/null 2>&1; then
    strace -f -e trace=open,openat,connect -o "$WORK/strace.log" \
        "$BITEXT" import --tm "$(tm x.tm)" "$D/tmx_xxe.tmx" 2>/dev/null
    if [ -s "$WORK/strace.log" ]; then
        lacks "$WORK/strace.log" "tmx_secret.txt"
        if on_file; then lacks "$WORK/strace.log" "connect("
        else lacks "$WORK/strace.log" "sin_port"; lacks "$WORK/strace.log" "sin6_port"; fi
    fi
fi

# round trip: import(export(TM)) is the same TM
"$BITEXT" export --tm "$TM" -o "$WORK/rt1.tmx" --level 2 2>/dev/null
expect_rc 0 "$BITEXT" import --tm "$(tm rt.tm)" "$WORK/rt1.tmx"
contains "$WORK/err" "imported 13 TUs (0 duplicates, 0 skipped)"
"$BITEXT" export --tm "$(tm rt.tm)" -o "$WORK/rt2.tmx" --level 2 2>/dev/null
if cmp -s "$WORK/rt1.tmx" "$WORK/rt2.tmx"; then ok; else bad "round trip differs"; diff "$WORK/rt1.tmx" "$WORK/rt2.tmx" | head >&2; fi

# on a server, a command connects once: the check whether the TM exists and the import share
# the connection (concordance, which only reads, is the yardstick of one connection)
if ! on_file; then
    n0=$(pg_opens "$TM")
    "$BITEXT" concord --tm "$TM" "the" >/dev/null 2>&1
    n1=$(pg_opens "$TM")
    expect_rc 0 "$BITEXT" import --tm "$TM" "$WORK/rt1.tmx"
    contains "$WORK/err" "imported 0 TUs (13 duplicates, 0 skipped)"
    n2=$(pg_opens "$TM")
    equals "$((n1 - n0)) $((n2 - n1))" "1 1" "connections of a concordance and of an import"
fi

# bad input
expect_rc 2 "$BITEXT" import --tm "$TM"
expect_rc 2 "$BITEXT" import --tm "$TM" --bogus "$D/tmx_level2.tmx"
expect_rc 1 "$BITEXT" import --tm "$TM" "$WORK/missing.tmx"
contains "$WORK/err" "missing.tmx"
tm_exists "$TM" && [ "$(export_count "$TM")" = 13 ] && ok ||
    bad "the existing TM is kept after a failed import"
# a failed import does not leave a TM it created behind
expect_rc 1 "$BITEXT" import --tm "$(tm new.tm)" "$WORK/missing.tmx"
contains "$WORK/err" "no TM was created"
absent "$(tm new.tm)"
# a TM that cannot be created (its directory is read-only) fails before any reading
if on_file; then
    mkdir "$WORK/rodir" && chmod 0555 "$WORK/rodir"
    expect_rc 4 "$BITEXT" import --tm "$WORK/rodir/new.tm" "$D/tmx_level2.tmx"
    contains "$WORK/err" "cannot create the TM: directory $WORK/rodir is read-only"
    absent "$WORK/rodir/new.tm"
    chmod 0755 "$WORK/rodir"
fi
expect_rc 3 "$BITEXT" import --tm "$TM" "$D/read_empty.txt"
contains "$WORK/err" "empty file"
expect_rc 3 "$BITEXT" import --tm "$TM" "$D/read_binary.bin"
contains "$WORK/err" "read_binary.bin"
expect_rc 3 "$BITEXT" import --tm "$TM" "$D/read_messy.html"
if on_file; then
    printf 'not a database at all, just text\n' > "$WORK/text.tm"
    expect_rc 4 "$BITEXT" import --tm "$WORK/text.tm" "$D/tmx_level2.tmx"
    equals "$(cat "$WORK/text.tm")" "not a database at all, just text" "non-TM file untouched"
    cp "$TM" "$WORK/ro.tm"; chmod 0444 "$WORK/ro.tm"
    if [ "$(id -u)" -ne 0 ]; then
        expect_rc 4 "$BITEXT" import --tm "$WORK/ro.tm" "$D/tmx_tmx11.tmx"
    fi
fi
# a CR inside a segment survives export and re-import (XML parsers turn a raw CR into LF)
cat > "$WORK/cr.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Line one&#13;
line two.</seg></tuv><tuv xml:lang="de"><seg>Zeile eins&#13;
Zeile zwei.</seg></tuv></tu></body></tmx>
TMX
expect_rc 0 "$BITEXT" import --tm "$(tm cr1.tm)" "$WORK/cr.tmx"
expect_rc 0 "$BITEXT" export --tm "$(tm cr1.tm)" -o "$WORK/cr1.tmx"
contains "$WORK/cr1.tmx" "Line one&#13;"
expect_rc 0 "$BITEXT" import --tm "$(tm cr2.tm)" "$WORK/cr1.tmx"
expect_rc 0 "$BITEXT" export --tm "$(tm cr2.tm)" -o "$WORK/cr2.tmx"
if diff <(grep -v date "$WORK/cr1.tmx") <(grep -v date "$WORK/cr2.tmx") >/dev/null; then ok; else bad "CR round trip"; fi

# a common source with many translations: every stored pair is still found as a duplicate
{ echo '<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>'
  for i in $(seq 1 100); do
      echo "<tu><tuv xml:lang=\"en\"><seg>Read more.</seg></tuv><tuv xml:lang=\"pl\"><seg>Czytaj więcej $i.</seg></tuv></tu>"
  done
  echo '<tu><tuv xml:lang="en"><seg>Blank.</seg></tuv><tuv xml:lang="pl"><seg>&#160;&#12288;</seg></tuv></tu>'
  echo '</body></tmx>'; } > "$WORK/many.tmx"
expect_rc 0 "$BITEXT" import --tm "$(tm many.tm)" "$WORK/many.tmx"
contains "$WORK/err" "imported 100 TUs"
expect_rc 0 "$BITEXT" import --tm "$(tm many.tm)" "$WORK/many.tmx"
contains "$WORK/err" "imported 0 TUs (100 duplicates"

# the same words with and without formatting are two TUs; each is a duplicate of itself
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now.</seg></tuv><tuv xml:lang="de"><seg>Jetzt <bpt i="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept> klicken.</seg></tuv></tu><tu><tuv xml:lang="en"><seg>Press Save now.</seg></tuv><tuv xml:lang="de"><seg>Jetzt Speichern klicken.</seg></tuv></tu></body></tmx>\n' > "$WORK/fmt.tmx"
expect_rc 0 "$BITEXT" import --tm "$(tm fmt.tm)" "$WORK/fmt.tmx"
contains "$WORK/err" "imported 2 TUs"
expect_rc 0 "$BITEXT" import --tm "$(tm fmt.tm)" "$WORK/fmt.tmx"
contains "$WORK/err" "imported 0 TUs (2 duplicates"
expect_rc 0 "$BITEXT" export --tm "$(tm fmt.tm)" -o "$WORK/fmt-out.tmx"
equals "$(grep -o 'tuid="[^"]*"' "$WORK/fmt-out.tmx" | sort -u | wc -l)" "2" "distinct tuids for formatted and plain"

finish
