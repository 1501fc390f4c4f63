#!/usr/bin/env bash
# End-to-end test of `bitext concord` on a TM imported from tests/data/tm_small.tmx.
. "$(dirname "$0")/lib.sh"
TM="$(tm c.tm)"
C() { expect_rc "$1" "$BITEXT" concord --tm "$TM" "${@:2}"; }

expect_rc 0 "$BITEXT" concord --help
contains "$WORK/out" "Usage: bitext concord"
expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"

# The phrase marked, the translation beside it; case-insensitive.
C 0 "city COUNCIL"
contains "$WORK/out" "en-GB  The «city council» approved the new budget on Monday."
contains "$WORK/out" "pl     Rada miasta zatwierdziła nowy budżet w poniedziałek."

# jsonl: byte offsets of the phrase.
C 0 --format jsonl "budżet"
contains "$WORK/out" '"lang":"pl"'
contains "$WORK/out" '"start":31,"end":38,"match":"budżet"'
contains "$WORK/out" '"target":"The city council approved the new budget on Monday."'

# --lang restricts the side searched.
C 0 --lang pl --format jsonl "plan"
contains "$WORK/out" '"lang":"pl"'
lacks "$WORK/out" '"lang":"en-GB"'

# Short phrases (fewer than three characters, which trigrams cannot find) and CJK.
C 0 --format jsonl --lang en "EU"
contains "$WORK/out" '"text":"Prices in the EU rose by 3 percent.","start":14,"end":16'
C 0 "日本"
contains "$WORK/out" "ja     東京は«日本»の首都です。"
contains "$WORK/out" "ja     «日本»は海岸線が長い。"
C 0 --format jsonl "首都です"
contains "$WORK/out" '"target":"Tokyo is the capital of Japan."'

# --max, and nothing found.
C 0 --format jsonl --max 1 "the"
equals "$(wc -l < "$WORK/out")" 1 "--max 1"
C 0 "no such phrase anywhere"
contains "$WORK/out" 'no segment holds'

C 2
C 2 --max 0 "x"
expect_rc 4 "$BITEXT" concord --tm "$(tm none.tm)" "x"
# scripts with combining marks (Devanagari vowel signs): found by concordance and by lookup
cat > "$WORK/hi.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="hi"><seg>भारत में बहुत लोग हिन्दी भाषा बोलते हैं।</seg></tuv>
<tuv xml:lang="en"><seg>Many people in India speak Hindi.</seg></tuv></tu></body></tmx>
TMX
"$BITEXT" import --tm "$(tm hi.tm)" "$WORK/hi.tmx" 2>/dev/null
expect_rc 0 "$BITEXT" concord --tm "$(tm hi.tm)" "हिन्दी भाषा"
contains "$WORK/out" "«हिन्दी भाषा»"
expect_rc 0 "$BITEXT" lookup --tm "$(tm hi.tm)" --src-lang hi --tgt-lang en --threshold 50 \
    "भारत में बहुत लोग अंग्रेज़ी भाषा बोलते हैं।"
contains "$WORK/out" "Many people in India speak Hindi."

# the stored text may space differently from the phrase: double spaces, NBSP
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>The city  council met.</seg></tuv><tuv xml:lang="pl"><seg>Rada miasta.</seg></tuv></tu><tu><tuv xml:lang="en"><seg>Tickets cost 25\xc2\xa0euros.</seg></tuv><tuv xml:lang="pl"><seg>Bilety po 25 euro.</seg></tuv></tu></body></tmx>\n' > "$WORK/sp.tmx"
"$BITEXT" import --tm "$(tm sp.tm)" "$WORK/sp.tmx" 2>/dev/null
expect_rc 0 "$BITEXT" concord --tm "$(tm sp.tm)" "city council"
contains "$WORK/out" "«city  council»"
expect_rc 0 "$BITEXT" concord --tm "$(tm sp.tm)" "25 euros"
contains "$WORK/out" "Bilety po 25 euro."
finish
