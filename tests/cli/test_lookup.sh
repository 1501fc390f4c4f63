#!/usr/bin/env bash
# End-to-end test of `bitext lookup` on a TM imported from tests/data/tm_small.tmx.
. "$(dirname "$0")/lib.sh"
TM="$(tm l.tm)"
L() { expect_rc "$1" "$BITEXT" lookup --tm "$TM" "${@:2}"; }

expect_rc 0 "$BITEXT" lookup --help
contains "$WORK/out" "Usage: bitext lookup"
expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"

# Exact (white space normalised), `en` finds en-GB, the newest translation first.
L 0 --src-lang en --tgt-lang pl "  Read   more. "
contains "$WORK/out" "100%  [en-GB] Read more."
equals "$(grep -c '100%' "$WORK/out")" 2 "two exact matches"
equals "$(sed -n 2p "$WORK/out" | sed 's/^ *//')" "[pl] Przeczytaj więcej." "newest first"

# Context match: the neighbours stored with the TU match too -> 101.
L 0 --src-lang en --tgt-lang pl --prev "The council met today." --next "Related content" "Read more."
equals "$(head -1 "$WORK/out")" "101%  [en-GB] Read more." "context match first"

# Fuzzy: one word of nine differs -> 88, as jsonl.
L 0 --src-lang en --tgt-lang pl --format jsonl "The city council approved the old budget on Monday."
contains "$WORK/out" '"score":88,"source":"The city council approved the new budget on Monday.","target":"Rada miasta zatwierdziła nowy budżet w poniedziałek."'
equals "$(wc -l < "$WORK/out")" 1 "one fuzzy match"

# A differing number is penalised beyond the edit: 100*10/11 - 2 = 88.
L 0 --src-lang en --tgt-lang pl --format jsonl "Tickets cost 30 euros for adults and 10 euros for children."
contains "$WORK/out" '"score":88'

# Threshold and max.
L 0 --src-lang en --tgt-lang pl --threshold 90 "The city council approved the old budget on Monday."
contains "$WORK/out" "no match at or above 90%"
L 0 --src-lang en --tgt-lang pl --max 1 --format jsonl "Read more."
equals "$(wc -l < "$WORK/out")" 1 "--max 1"

# The other direction, and Japanese (one token per character).
L 0 --src-lang pl --tgt-lang en "Czytaj więcej."
contains "$WORK/out" "[en-GB] Read more."
L 0 --src-lang ja --tgt-lang en --format jsonl "東京は日本の首都だ。"
contains "$WORK/out" '"target":"Tokyo is the capital of Japan."'

# Batch mode: one query per line, query_index in jsonl, timings on stderr.
printf 'Read more.\nThe mayor will present the plan to residents next month.\nNothing like it.\n' > "$WORK/q.txt"
L 0 --src-lang en --tgt-lang pl --format jsonl --timings --file "$WORK/q.txt"
contains "$WORK/out" '"query_index":1,"query":"The mayor will present the plan to residents next month."'
lacks "$WORK/out" '"query_index":2'
contains "$WORK/err" "timings: 3 lookups"

# Usage errors and a bad language code.
L 2 --src-lang en "Read more."
L 2 --src-lang en --tgt-lang pl
L 2 --src-lang en --tgt-lang pl --threshold abc "x"
L 3 --src-lang xx-bogus --tgt-lang pl "Read more."
expect_rc 4 "$BITEXT" lookup --tm "$(tm none.tm)" --src-lang en --tgt-lang pl "x"
# batch mode: a bad line names file:line (exit 3); an unreadable "file" is an error
printf 'Read more.\n\303 bad\n' > "$WORK/q.txt"
expect_rc 3 "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl --file "$WORK/q.txt"
contains "$WORK/err" "q.txt:2:"
expect_rc 1 "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl --file "$WORK"
contains "$WORK/err" "read error"

# a stored text in NFD (as some tools write it) scores like its NFC form
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/><body><tu><tuv xml:lang="fr"><seg>Le cafe\xcc\x81 e\xcc\x81tait tre\xcc\x80s chaud hier soir.</seg></tuv><tuv xml:lang="de"><seg>Der Kaffee war gestern Abend sehr heiss.</seg></tuv></tu></body></tmx>\n' > "$WORK/nfd.tmx"
"$BITEXT" import --tm "$(tm nfd.tm)" "$WORK/nfd.tmx" 2>/dev/null
expect_rc 0 "$BITEXT" lookup --tm "$(tm nfd.tm)" --src-lang fr --tgt-lang de --threshold 1 \
    "Le café était très froid hier soir."
contains "$WORK/out" "85%"

# the same pair in a bilingual and in a multilingual TU is shown once
printf 'Guten Morgen.\nDas Wetter ist heute schön.\n' > "$WORK/pv.de"
printf 'Bonjour.\nIl fait beau aujourd hui.\n' > "$WORK/pv.fr"
printf 'Buongiorno.\nOggi fa bel tempo.\n' > "$WORK/pv.it"
"$BITEXT" align --tm "$(tm pv.tm)" --presegmented --src-lang de --tgt-lang fr "$WORK/pv.de" "$WORK/pv.fr" >/dev/null
"$BITEXT" align --tm "$(tm pv.tm)" --presegmented --src-lang de --tgt-lang fr,it "$WORK/pv.de" "$WORK/pv.fr" "$WORK/pv.it" >/dev/null
expect_rc 0 "$BITEXT" lookup --tm "$(tm pv.tm)" --src-lang de --tgt-lang fr "Guten Morgen."
equals "$(grep -c 'Bonjour' "$WORK/out")" "1" "one match for a pair stored twice"

finish
