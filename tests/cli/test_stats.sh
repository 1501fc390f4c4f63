#!/usr/bin/env bash
# End-to-end test of `bitext stats`: counts after a real import, jsonl, bad TMs.
. "$(dirname "$0")/lib.sh"
TM="$(tm s.tm)"

expect_rc 0 "$BITEXT" stats --help
contains "$WORK/out" "Usage: bitext stats"

# A missing TM is an error (stats never creates one).
expect_rc 4 "$BITEXT" stats --tm "$(tm missing.tm)"
if on_file; then
    contains "$WORK/err" "missing.tm"
    [ ! -e "$(tm missing.tm)" ] && ok || bad "stats created a TM"
else
    contains "$WORK/err" "no translation memory in this database"
    lacks "$WORK/err" "password"
fi

expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"
expect_rc 0 "$BITEXT" stats --tm "$TM"
contains "$WORK/out" "TUs:          9"          # 10 units, one of them a duplicate
contains "$WORK/out" "variants:     18"
contains "$WORK/out" "schema:       v4"
if on_file; then contains "$WORK/out" "file size:"; else contains "$WORK/out" "size:"; fi
contains "$WORK/out" "en-GB        9"
contains "$WORK/out" "pl           7"
contains "$WORK/out" "ja           2"
contains "$WORK/out" "documents:    0"

expect_rc 0 "$BITEXT" stats --tm "$TM" --format jsonl
contains "$WORK/out" '"tus":9,'
contains "$WORK/out" '"languages":{"en-GB":9,"pl":7,"ja":2}'
contains "$WORK/out" '"schema_version":4'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["file_size"] > 0' \
    "$WORK/out" && ok || bad "jsonl is not JSON with a file size"

# $BITEXT_TM is the default TM.
BITEXT_TM="$TM" expect_rc 0 "$BITEXT" stats
contains "$WORK/out" "TUs:          9"

# Importing the same file again adds nothing.
expect_rc 0 "$BITEXT" import --tm "$TM" "$TESTDATA/tm_small.tmx"
expect_rc 0 "$BITEXT" stats --tm "$TM" --format jsonl
contains "$WORK/out" '"tus":9,'

# Not a bitext TM: a text file and another program's SQLite database (or schema).
if on_file; then
    printf 'just some text, not a database at all\n' > "$WORK/text.tm"
    expect_rc 4 "$BITEXT" stats --tm "$WORK/text.tm"
    contains "$WORK/err" "not a bitext translation memory"
else
    psql -q "$BITEXT_TEST_PG" -c "CREATE SCHEMA ${PG_PREFIX}other;
        CREATE TABLE ${PG_PREFIX}other.t(x int); INSERT INTO ${PG_PREFIX}other.t VALUES (1)"
    expect_rc 4 "$BITEXT" stats --tm "$(tm other)"
    contains "$WORK/err" "not a bitext translation memory"
    expect_rc 4 "$BITEXT" import --tm "$(tm other)" "$TESTDATA/tm_small.tmx"
    contains "$WORK/err" "holds 1 tables of another program"
    equals "$(psql -qAt "$BITEXT_TEST_PG" -c "SELECT count(*) FROM pg_tables
        WHERE schemaname = '${PG_PREFIX}other'")" 1 "the other program's schema left alone"
fi
# a database without pg_trgm whose user may make tables but not install extensions: a clear
# error naming the extension (needs a superuser connection to set up: the private server's)
if ! on_file; then
    SU=${BITEXT_TEST_PG/user=bitext/user=postgres}
    NOTRGM=${BITEXT_TEST_PG/\/bitext\?//${PG_PREFIX}notrgm?}
    if [ "$SU" != "$BITEXT_TEST_PG" ] &&
       psql -qX "$SU" -c "CREATE DATABASE ${PG_PREFIX}notrgm" >/dev/null 2>&1; then
        psql -qX "${SU/\/bitext\?//${PG_PREFIX}notrgm?}" \
            -c "GRANT CREATE ON SCHEMA public TO bitext" >/dev/null
        expect_rc 4 "$BITEXT" import --tm "$NOTRGM" "$TESTDATA/tm_small.tmx"
        contains "$WORK/err" "CREATE EXTENSION pg_trgm"
        contains "$WORK/err" "postgresql-contrib"
        psql -qX "$SU" -c "DROP DATABASE ${PG_PREFIX}notrgm" >/dev/null 2>&1
    fi
fi
if on_file && command -v sqlite3 >/dev/null; then
    sqlite3 "$WORK/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
    expect_rc 4 "$BITEXT" stats --tm "$WORK/other.db"
    contains "$WORK/err" "not a bitext translation memory"
fi

# A read-only TM can still be read.
if on_file; then
    chmod 0444 "$TM"
    expect_rc 0 "$BITEXT" stats --tm "$TM"
    contains "$WORK/out" "TUs:          9"
    chmod 0644 "$TM"
fi

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
"$BITEXT" import --tm "$(tm langs.tm)" "$WORK/langs.tmx" 2>/dev/null
expect_rc 0 "$BITEXT" stats --tm "$(tm langs.tm)"
contains "$WORK/out" "languages:    76 "

finish
