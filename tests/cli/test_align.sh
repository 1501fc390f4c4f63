#!/usr/bin/env bash
# End-to-end test of `bitext align` on the bundled example and small hand-made articles.
. "$(dirname "$0")/lib.sh"
TM="$(tm a.tm)"

# the HTML pages: languages come from the file names and <html lang>
expect_rc 0 "$BITEXT" align --tm "$TM" --tsv "$WORK/pairs.tsv" --beads "$WORK/beads" \
    "$EXAMPLES/library.pl.html" "$EXAMPLES/library.en.html"
contains "$WORK/out" "pairs"
contains "$WORK/out" "(pl, "
contains "$WORK/out" "(en, "
# every bead line is in the gold format, and every segment is in exactly one bead
if grep -qvE '^\[[0-9, ]*\]:\[[0-9, ]*\]$' "$WORK/beads"; then bad "bead format"; else ok; fi
nsrc=$(tr -d '[]' < "$WORK/beads" | cut -d: -f1 | tr ',' '\n' | grep -c '[0-9]')
maxsrc=$(tr -d '[]' < "$WORK/beads" | cut -d: -f1 | tr ',' '\n' | grep '[0-9]' | sort -n | tail -1)
equals "$nsrc" "$((maxsrc + 1))" "source segments covered once"
# page chrome is not in the pairs
lacks "$WORK/pairs.tsv" "cookie"
lacks "$WORK/pairs.tsv" "Wszelkie prawa"
lacks "$WORK/pairs.tsv" "Tramwaj na Jar"
lacks "$WORK/pairs.tsv" "Fot. Anna"
# abbreviations did not split sentences; the sentence the translation omits is unpaired
contains "$WORK/pairs.tsv" "W sobotę 14 marca 2026 r. o godz. 10.00 miejska biblioteka przy ul. Mostowej ponownie przyjmie gości."
contains "$WORK/pairs.tsv" "at 10 a.m. the city library on Mostowa St. will welcome visitors again."
# the review TSV: a header, then bead, confidence, source, target, findings
equals "$(head -1 "$WORK/pairs.tsv")" "$(printf 'bead\tconfidence\tsource:pl\ttarget:en\tqa')" "TSV header"
if awk -F'\t' '$1 ~ /^1-0 / && $4 == "" && $3 ~ /Archeolodzy/ && $5 ~ /^omission: /' "$WORK/pairs.tsv" | grep -q .; then ok; else bad "omitted sentence not 1-0 with its finding"; fi
# a confident 1-1 pair
if awk -F'\t' '$1 ~ /^1-1 [0-9]+:[0-9]+$/ && $3 ~ /^Wstęp jest bezpłatny/ && $4 ~ /^Admission is free/ && $2 >= 0.5' "$WORK/pairs.tsv" | grep -q .; then ok; else bad "pair Wstęp/Admission"; fi
# every row has the five columns
if awk -F'\t' 'NF != 5' "$WORK/pairs.tsv" | grep -q .; then bad "TSV column count"; else ok; fi

# the pages' inline formatting travels into the TM as codes (export level 2)
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/l2.tmx" --level 2
contains "$WORK/l2.tmx" '&lt;i&gt;</bpt>dr Ewa Nowak<ept'

# aligning the same pair again stores nothing new
"$BITEXT" stats --tm "$TM" > "$WORK/stats1"
expect_rc 0 "$BITEXT" align --tm "$TM" "$EXAMPLES/library.pl.html" "$EXAMPLES/library.en.html"
contains "$WORK/out" " 0 new TUs"
"$BITEXT" stats --tm "$TM" > "$WORK/stats2"
if cmp -s "$WORK/stats1" "$WORK/stats2"; then ok; else bad "TM changed on re-align"; fi
# on a server, aligning into a TM takes one connection (the yardstick: a concordance's)
if ! on_file; then
    n0=$(pg_opens "$TM")
    "$BITEXT" concord --tm "$TM" "library" >/dev/null 2>&1
    n1=$(pg_opens "$TM")
    expect_rc 0 "$BITEXT" align --tm "$TM" "$EXAMPLES/library.pl.html" "$EXAMPLES/library.en.html"
    n2=$(pg_opens "$TM")
    equals "$((n1 - n0)) $((n2 - n1))" "1 1" "connections of a concordance and of an align"
fi
# an alignment that fails leaves no new TM behind
expect_rc 3 "$BITEXT" align --tm "$(tm never.tm)" --dict "$TESTDATA/align_bad.dict" \
    "$EXAMPLES/library.pl.html" "$EXAMPLES/library.en.html"
if tm_exists "$(tm never.tm)"; then bad "a failed align created its TM"; else ok; fi

# plain text, explicit languages, --min-confidence keeps everything out at 1.01? no: 1.0 max
expect_rc 0 "$BITEXT" align --tm "$(tm b.tm)" --src-lang pl --tgt-lang en --min-confidence 1 \
    "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
contains "$WORK/out" "below --min-confidence"

# presegmented input and --no-tm: beads only, no TM file created
printf 'Erster Satz.\nZweiter Satz ist etwas länger als der erste.\nDritter.\n' > "$WORK/s.de"
printf 'Première phrase.\nLa deuxième phrase est un peu plus longue que la première.\nTroisième.\n' > "$WORK/s.fr"
expect_rc 0 "$BITEXT" align --no-tm --presegmented --beads "$WORK/s.beads" --src-lang de \
    --tgt-lang fr "$WORK/s.de" "$WORK/s.fr"
equals "$(cat "$WORK/s.beads" | tr '\n' ' ')" "[0]:[0] [1]:[1] [2]:[2] " "presegmented beads"
if tm_exists "$BITEXT_TM"; then bad "--no-tm created a TM"; else ok; fi

# three languages through the pivot: one TU with three variants
printf 'Tere hommikust.\n\nIlm on täna ilus.\n' > "$WORK/p.et"
printf 'Good morning.\n\nThe weather is nice today.\n' > "$WORK/p.en"
printf 'Guten Morgen.\n\nDas Wetter ist heute schön.\n' > "$WORK/p.de"
expect_rc 0 "$BITEXT" align --tm "$(tm m.tm)" --src-lang et --tgt-lang en,de "$WORK/p.et" "$WORK/p.en" "$WORK/p.de"
expect_rc 0 "$BITEXT" stats --tm "$(tm m.tm)"
contains "$WORK/out" "et"
contains "$WORK/out" "de"

# a dictionary helps (hunalign format); a broken one is an error naming file:line
expect_rc 0 "$BITEXT" align --no-tm --dict "$TESTDATA/align_dict.hun" --src-lang de --tgt-lang fr \
    "$WORK/s.de" "$WORK/s.fr"
expect_rc 3 "$BITEXT" align --no-tm --dict "$TESTDATA/align_bad.dict" --src-lang de --tgt-lang fr \
    "$WORK/s.de" "$WORK/s.fr"
contains "$WORK/err" "align_bad.index:2:"

# segmenting with an SRX file, as a CAT tool would
expect_rc 0 "$BITEXT" align --no-tm --srx "$TESTDATA/segment_rules.srx" --tsv "$WORK/srx.tsv" \
    --src-lang pl --tgt-lang en "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
if cut -f3 "$WORK/srx.tsv" | grep -qx "Czytelnicy w Toruniu doczekali się."; then ok; else bad "srx segments"; fi

# --rules: a rule file on top of bitext's rules (here one making "się." a title: a test of
# the option, not a real rule), and a broken one names its file and line
printf '# a house rule\ntitle się\n' > "$WORK/house.rules"
expect_rc 0 "$BITEXT" align --no-tm --rules "$WORK/house.rules" --tsv "$WORK/rules.tsv" \
    --src-lang pl --tgt-lang en "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
if cut -f2 "$WORK/rules.tsv" | grep -qx "Czytelnicy w Toruniu doczekali się."; then
    bad "--rules not applied"; else ok; fi
printf 'title ok\nwhat is this\n' > "$WORK/bad.rules"
expect_rc 3 "$BITEXT" align --no-tm --rules "$WORK/bad.rules" --src-lang pl --tgt-lang en \
    "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
contains "$WORK/err" "bad.rules:2"
expect_rc 2 "$BITEXT" align --no-tm --rules "$WORK/house.rules" --srx "$TESTDATA/segment_rules.srx" \
    --src-lang pl --tgt-lang en "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"

# paragraph-level TM: whole paragraphs as TUs, and the TMX header says so
expect_rc 0 "$BITEXT" align --tm "$(tm p.tm)" --segtype paragraph --src-lang pl --tgt-lang en \
    "$EXAMPLES/library.pl.txt" "$EXAMPLES/library.en.txt"
expect_rc 0 "$BITEXT" export --tm "$(tm p.tm)" -o "$WORK/p.tmx"
contains "$WORK/p.tmx" 'segtype="paragraph"'
contains "$WORK/p.tmx" "<seg>Czytelnicy w Toruniu doczekali się. W sobotę 14 marca"

# without --tm: $BITEXT_TM, else the per-user TM under $XDG_DATA_HOME
expect_rc 0 "$BITEXT" align --src-lang et --tgt-lang en "$WORK/p.et" "$WORK/p.en"
if tm_exists "$BITEXT_TM"; then ok; else bad "\$BITEXT_TM not used"; fi
expect_rc 0 env -u BITEXT_TM XDG_DATA_HOME="$WORK/xdg" "$BITEXT" align --src-lang et --tgt-lang en \
    "$WORK/p.et" "$WORK/p.en"
if [ -s "$WORK/xdg/bitext/tm.sqlite" ]; then ok; else bad "no per-user TM under XDG_DATA_HOME"; fi

# help teaches
expect_rc 0 "$BITEXT" align --help
contains "$WORK/out" "--presegmented"
contains "$WORK/out" "Exit status"
# a FreeDict index written with CRLF line ends loads like the LF one
mkdir -p "$WORK/crlf"
sed 's/$/\r/' "$TESTDATA/align_freedict.index" > "$WORK/crlf/fd.index"
cp "$TESTDATA/align_freedict.dict.dz" "$WORK/crlf/fd.dict.dz"
expect_rc 0 "$BITEXT" align --no-tm --dict "$WORK/crlf/fd.index" --src-lang de --tgt-lang fr \
    "$WORK/s.de" "$WORK/s.fr"

finish
