#!/usr/bin/env bash
# End-to-end test of `bitext update` and of `bitext import` for XLIFF: the translator's loop.
# Edition 1 of an article (tests/data/edition_v1.en.html) and its Polish translation
# (edition_v1.pl.html, which never had the mayor's quote) are aligned into a TM; edition 2
# (edition_v2.en.html: headline changed, a paragraph moved, a number changed, a paragraph
# added, a sentence removed) is prepared as XLIFF; the edited sentence is translated, the
# file imported, and the TM knows edition 2.
. "$(dirname "$0")/lib.sh"
TM="$(tm news.tm)"
V1="$TESTDATA/edition_v1.en.html"
V2="$TESTDATA/edition_v2.en.html"
U() { expect_rc "$1" "$BITEXT" update --tm "$TM" "${@:2}"; }

expect_rc 0 "$BITEXT" update --help
contains "$WORK/out" "Usage: bitext update"
contains "$WORK/out" "leveraged-inherited"

expect_rc 0 "$BITEXT" align --tm "$TM" "$V1" "$TESTDATA/edition_v1.pl.html"
contains "$WORK/out" "9 pairs, 1 source and 0 target segments unpaired; 9 new TUs"

# The analysis: per band, segments and words.
U 0 --tgt-lang pl "$V2"
cat > "$WORK/want" <<'WANT'
101%                 1         8
repetitions          0         0
100%                 5        60
95-99%               0         0
85-94%               0         0
75-84%               1         7
50-74%               1         9
no match             3        27
total               11       111
WANT
tail -9 "$WORK/out" > "$WORK/got"
if diff -u "$WORK/want" "$WORK/got" >&2; then ok; else bad "analysis table"; fi
contains "$WORK/out" "Analysis of $V2 (en -> pl), 11 segments:"
U 0 --tgt-lang pl --format jsonl "$V2"
contains "$WORK/out" '{"band": "101%", "segments": 1, "words": 8}'
contains "$WORK/out" '{"band": "total", "segments": 11, "words": 111}'
equals "$(wc -l < "$WORK/out")" 9 "one line per band and the total"
[ ! -e "$WORK/v2.xlf" ] && ok || bad "no -o, no file"

# A sentence met again in the same edition is a repetition, counted once in its band
printf 'The ferry timetable changes on Monday.\n\nThe ferry timetable changes on Monday.\n\nTickets stay at 3 euros.\n' > "$WORK/rep.en.txt"
U 0 --tgt-lang pl --format jsonl "$WORK/rep.en.txt"
contains "$WORK/out" '{"band": "repetitions", "segments": 1, "words": 6}'
contains "$WORK/out" '{"band": "no match", "segments": 2, "words": 11}'

# The XLIFF: one unit per sentence, in order, filled as the issue says.
U 0 --tgt-lang pl -o "$WORK/v2.xlf" "$V2"
X="$WORK/v2.xlf"
equals "$(grep -c '<trans-unit ' "$X")" 11 "11 units"
equals "$(grep -c 'xml:space="preserve"' "$X")" 11 "xml:space on every unit"
equals "$(grep -c '<target xml:lang="pl" state=' "$X")" 6 "targets for 101% and 100% only"
equals "$(grep -c 'approved="yes"' "$X")" 1 "approved: the 101% match"
equals "$(grep -c 'state-qualifier="exact-match"' "$X")" 5 "five exact matches"
contains "$X" '<trans-unit id="6" xml:space="preserve" approved="yes">'
contains "$X" '<target xml:lang="pl" state="translated" state-qualifier="leveraged-inherited">Autobusy pojadą objazdem przez ulicę Młyńską.</target>'
# the moved paragraph keeps its translation (100%: its neighbours changed)
contains "$X" '<target xml:lang="pl" state="translated" state-qualifier="exact-match">Most zbudowano w 1968 roku, a ostatni raz remontowano go w 1994 roku.</target>'
# the HTML bold survives as an inline code
contains "$X" '<source xml:lang="en">The <g id="1" ctype="bold">Riverside bridge</g> will close'
# the edited sentence: no target, the old translation offered
grep -A3 '2.9 million' "$X" > "$WORK/fuzzy"
lacks "$WORK/fuzzy" "<target xml:lang=\"pl\" state"
contains "$WORK/fuzzy" '<alt-trans match-quality="83" origin="tm"><source xml:lang="en">The repairs will cost 2.4 million euros.</source><target xml:lang="pl">Remont będzie kosztował 2,4 mln euro.</target></alt-trans>'
# new sentences and the one the translation never had: nothing to reuse
for s in 'Their association welcomed the detour.' '&quot;We know this is hard' 'said Mayor Ellen Park.'; do
    grep -A2 -F "$s" "$X" | grep -q '<target' && bad "a target for: $s" || ok
done
if command -v xmllint >/dev/null; then
    xmllint --noout --nonet "$X" 2>"$WORK/lint" && ok || bad "not well-formed: $(cat "$WORK/lint")"
fi
# The XLIFF's datatype is what the reader took the file for, not what its name says: a page
# saved under another name, or piped in, is HTML (its bold an inline code); a .txt file is
# plain text whatever it holds (the tags are text); an .html file is parsed as HTML.
cp "$V2" "$WORK/story-v2.en.page"
U 0 --tgt-lang pl -o "$WORK/page.xlf" "$WORK/story-v2.en.page"
contains "$WORK/page.xlf" 'datatype="html"'
contains "$WORK/page.xlf" '<source xml:lang="en">The <g id="1" ctype="bold">Riverside bridge</g> will close'
U 0 --tgt-lang pl --src-lang en -o "$WORK/stdin.xlf" - <"$V2"
contains "$WORK/stdin.xlf" 'datatype="html"'
cp "$V2" "$WORK/page-as-text.en.txt"
U 0 --tgt-lang pl -o "$WORK/txt.xlf" "$WORK/page-as-text.en.txt"
contains "$WORK/txt.xlf" 'datatype="plaintext"'
contains "$WORK/txt.xlf" '&lt;title&gt;Riverside bridge to close'
printf 'The ferry timetable changes on Monday.\n\nTickets stay at 3 euros &amp; 50 cents.\n' >"$WORK/plain.en.html"
U 0 --tgt-lang pl -o "$WORK/html.xlf" "$WORK/plain.en.html"
contains "$WORK/html.xlf" 'datatype="html"'
contains "$WORK/html.xlf" '<source xml:lang="en">Tickets stay at 3 euros &amp; 50 cents.</source>'
# --presegmented: a line is a unit, with the analysis' repetitions counted per line
printf 'Ferry timetable. Changes on Monday.\nTickets stay at 3 euros.\nFerry  timetable. Changes on Monday.\n' >"$WORK/lines.en.txt"
U 0 --tgt-lang pl --presegmented --format jsonl -o "$WORK/lines.xlf" "$WORK/lines.en.txt"
equals "$(grep -c '<trans-unit ' "$WORK/lines.xlf")" 3 "a unit per line"
contains "$WORK/lines.xlf" 'datatype="plaintext"'
contains "$WORK/out" '{"band": "repetitions", "segments": 1, "words": 5}'

# --threshold: the 83% proposal goes below 85
U 0 --tgt-lang pl --threshold 85 -o "$WORK/t85.xlf" "$V2"
lacks "$WORK/t85.xlf" "<alt-trans"

# For OmegaT 3.6: every target a copy of its source, the pairs beside it as TMX.
U 0 --tgt-lang pl --for omegat -o "$WORK/omegat.xlf" "$V2"
equals "$(grep -v '<alt-trans' "$WORK/omegat.xlf" | grep -c '<target xml:lang="pl">')" 11 "a copy in every unit"
contains "$WORK/omegat.xlf" '<target xml:lang="pl">The <g id="1" ctype="bold">Riverside bridge</g> will close'
equals "$(grep -c '<tu ' "$WORK/omegat.tmx")" 7 "6 reused pairs and 1 fuzzy one"
contains "$WORK/omegat.tmx" '<seg>The &lt;g0&gt;Riverside bridge&lt;/g0&gt; will close for six weeks'
contains "$WORK/omegat.tmx" '<seg>The repairs will cost 2.4 million euros.</seg>'
U 2 --tgt-lang pl --for omegat "$V2"
U 2 --tgt-lang pl --for trados -o "$WORK/x.xlf" "$V2"
U 2 "$V2"
if on_file; then U 2 --tgt-lang pl -o "$TM" "$V2"; contains "$WORK/err" "news.tm"; fi
U 4 --tm "$(tm none.tm)" --tgt-lang pl "$V2"

# The translator translates the edited sentence and the new ones; import closes the loop.
sed -e 's|<source xml:lang="en">The repairs will cost 2.9 million euros.</source>|&<target xml:lang="pl" state="translated">Remont będzie kosztował 2,9 mln euro.</target>|' \
    -e 's|<source xml:lang="en">Their association welcomed the detour.</source>|&<target state="needs-review-translation">Ich stowarzyszenie?</target>|' \
    "$X" > "$WORK/translated.xlf"
expect_rc 0 "$BITEXT" import --tm "$TM" "$WORK/translated.xlf"
contains "$WORK/err" "imported 2 TUs (5 duplicates, 4 skipped) from $WORK/translated.xlf"
expect_rc 0 "$BITEXT" import --tm "$TM" "$WORK/translated.xlf"
contains "$WORK/err" "imported 0 TUs (7 duplicates, 4 skipped)"
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl "The repairs will cost 2.9 million euros."
equals "$(head -2 "$WORK/out" | tr -s ' ')" "$(printf '100%% [en] The repairs will cost 2.9 million euros.\n [pl] Remont będzie kosztował 2,9 mln euro.')" "the TM knows edition 2"
expect_rc 0 "$BITEXT" stats --tm "$TM"
contains "$WORK/out" "documents:    4"
# edition 2 again: the translated sentence is now reused in context
U 0 --tgt-lang pl --format jsonl "$V2"
contains "$WORK/out" '{"band": "75-84%", "segments": 0, "words": 0}'
contains "$WORK/out" '{"band": "101%", "segments": 3, "words": 32}'
# the review state was not taken as a translation
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl --threshold 100 "Their association welcomed the detour."
lacks "$WORK/out" "stowarzyszenie"

# Bad XLIFF: file, line and column; nothing imported.
printf '<xliff version="1.2">\n<file original="a" source-language="en" target-language="pl"><body>\n<trans-unit id="1"><source>x</source></body></file></xliff>\n' > "$WORK/bad.xlf"
expect_rc 3 "$BITEXT" import --tm "$TM" "$WORK/bad.xlf"
contains "$WORK/err" "bad.xlf:3"
finish
