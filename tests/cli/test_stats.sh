#!/usr/bin/env bash
# End-to-end test of `bitext stats`: counts after a real import, jsonl, bad TMs.
. "$(dirname "$0")/lib.sh"
TM="$WORK/s.tm"

expect_rc 0 "$BITEXT" stats --help
contains "$WORK/out" "Usage: bitext stats"

# A missing TM is an error (stats never creates one).
expect_rc 4 "$BITEXT" stats --tm "$WORK/missing.tm"
contains "$WORK/err" "missing.tm"
[ ! -e "$WORK/missing.tm" ] && ok || bad "stats created a TM"

expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"
expect_rc 0 "$BITEXT" stats --tm "$TM"
contains "$WORK/out" "TUs:          9"          # 10 units, one of them a duplicate
contains "$WORK/out" "variants:     18"
contains "$WORK/out" "schema:       v3"
contains "$WORK/out" "en-GB        9"
contains "$WORK/out" "pl           7"
contains "$WORK/out" "ja           2"
contains "$WORK/out" "documents:    0"

expect_rc 0 "$BITEXT" stats --tm "$TM" --format jsonl
contains "$WORK/out" '"tus":9,'
contains "$WORK/out" '"languages":{"en-GB":9,"pl":7,"ja":2}'
contains "$WORK/out" '"schema_version":3'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["file_size"] > 0' \
    "$WORK/out" && ok || bad "jsonl is not JSON with a file size"

# $BITEXT_TM is the default TM.
BITEXT_TM="$TM" expect_rc 0 "$BITEXT" stats
contains "$WORK/out" "TUs:          9"

# Importing the same file again adds nothing.
expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"
expect_rc 0 "$BITEXT" stats --tm "$TM" --format jsonl
contains "$WORK/out" '"tus":9,'

# Not a bitext TM: a text file and another program's SQLite database.
printf 'just some text, not a database at all\n' > "$WORK/text.tm"
expect_rc 4 "$BITEXT" stats --tm "$WORK/text.tm"
contains "$WORK/err" "not a bitext translation memory"
if command -v sqlite3 >/dev/null; then
    sqlite3 "$WORK/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
    expect_rc 4 "$BITEXT" stats --tm "$WORK/other.db"
    contains "$WORK/err" "not a bitext translation memory"
fi

# A read-only TM can still be read.
chmod 0444 "$TM"
expect_rc 0 "$BITEXT" stats --tm "$TM"
contains "$WORK/out" "TUs:          9"
chmod 0644 "$TM"

expect_rc 2 "$BITEXT" stats --tm "$TM" --format xml
expect_rc 2 "$BITEXT" stats --tm "$TM" extra
# more languages than the per-language list holds: the total is still right
{ echo '<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>'
  for l in af am ar az be bg bn bs ca cs cy da de el es et eu fa fi fr ga gl gu he hi hr hu hy id is it ja ka kk km kn ko ky lo lt lv mk ml mn mr ms mt my ne nl no pa pl ps pt ro ru si sk sl so sq sr sv sw ta te th tr uk ur uz vi zh zu; do
      echo "<tu><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv><tuv xml:lang=\"$l\"><seg>x $l</seg></tuv></tu>"
  done
  echo '</body></tmx>'; } > "$WORK/langs.tmx"
"$BITEXT" import --tm "$WORK/langs.tm" "$WORK/langs.tmx" 2>/dev/null
expect_rc 0 "$BITEXT" stats --tm "$WORK/langs.tm"
contains "$WORK/out" "languages:    76 "

finish
