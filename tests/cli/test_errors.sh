#!/usr/bin/env bash
# Bad input: one line naming the file and the problem, a non-zero exit, an untouched TM.
. "$(dirname "$0")/lib.sh"
PL="$EXAMPLES/library.pl.txt"
EN="$EXAMPLES/library.en.txt"
TM="$(tm t.tm)"
expect_rc 0 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang en "$PL" "$EN"
snapshot() { "$BITEXT" export --tm "$TM" -o - 2>/dev/null | grep -v 'creationdate\|changedate' | md5sum; }
before=$(snapshot)

one_line() { # stderr is one line that names $1
    if [ "$(wc -l < "$WORK/err")" -eq 1 ] && grep -qF -- "$1" "$WORK/err"; then ok; else
        bad "stderr should be one line naming '$1'"; sed 's/^/  | /' "$WORK/err" >&2; fi
}

expect_rc 1 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang en "$WORK/missing.txt" "$EN"
one_line "missing.txt"
contains "$WORK/err" "cannot open"

: > "$WORK/empty.txt"
expect_rc 3 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang en "$WORK/empty.txt" "$EN"
one_line "empty.txt"
contains "$WORK/err" "empty"

printf '\x7fELF\x02\x01\x01\x00\x00binary' > "$WORK/prog.bin"
expect_rc 3 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang en "$PL" "$WORK/prog.bin"
one_line "prog.bin"
contains "$WORK/err" "binary"

printf 'Dobry tekst.\nZ\xc5\xbc\xf3\xb3w.\n' > "$WORK/bad.txt"
expect_rc 3 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang en "$WORK/bad.txt" "$EN"
one_line "bad.txt: byte 16"
contains "$WORK/err" "invalid UTF-8"
# --lossy goes through with a warning
expect_rc 0 "$BITEXT" align --no-tm --lossy --src-lang pl --tgt-lang en "$WORK/bad.txt" "$EN"
contains "$WORK/err" "U+FFFD"
# --encoding names the real one
printf 'Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1.\n' > "$WORK/latin2.txt"
expect_rc 0 "$BITEXT" align --no-tm --encoding ISO-8859-2 --tsv "$WORK/l2.tsv" --src-lang pl --tgt-lang en "$WORK/latin2.txt" "$EN"
contains "$WORK/l2.tsv" "Zażółć gęślą jaźń."

expect_rc 3 "$BITEXT" align --tm "$TM" --src-lang pl --tgt-lang xx "$PL" "$EN"
one_line "xx"
expect_rc 3 "$BITEXT" align --tm "$TM" --src-lang 'p!' --tgt-lang en "$PL" "$EN"

if on_file; then   # what is not a TM: a file of another program (a server: test_stats)
printf 'just some notes, not a database\n' > "$WORK/notes.tm"
expect_rc 4 "$BITEXT" align --tm "$WORK/notes.tm" --src-lang pl --tgt-lang en "$PL" "$EN"
one_line "notes.tm"
contains "$WORK/err" "not a bitext"
equals "$(cat "$WORK/notes.tm")" "just some notes, not a database" "foreign file untouched"

sqlite3 "$WORK/other.db" 'CREATE TABLE x(a); INSERT INTO x VALUES (1);' 2>/dev/null ||
    python3 -c "import sqlite3; c=sqlite3.connect('$WORK/other.db'); c.execute('create table x(a)'); c.commit()"
expect_rc 4 "$BITEXT" align --tm "$WORK/other.db" --src-lang pl --tgt-lang en "$PL" "$EN"
contains "$WORK/err" "not a bitext"

if [ "$(id -u)" -ne 0 ]; then
    cp "$TM" "$WORK/ro.tm"; chmod a-w "$WORK/ro.tm"
    expect_rc 4 "$BITEXT" align --tm "$WORK/ro.tm" --src-lang pl --tgt-lang en "$PL" "$EN"
    contains "$WORK/err" "read-only"
else
    # root writes through file modes: make the directory immutable to the TM instead
    mkdir "$WORK/rodir" && cp "$TM" "$WORK/rodir/ro.tm"
    if mount --bind -o ro "$WORK/rodir" "$WORK/rodir" 2>/dev/null ||
       mount -o remount,bind,ro "$WORK/rodir" 2>/dev/null; then
        expect_rc 4 "$BITEXT" align --tm "$WORK/rodir/ro.tm" --src-lang pl --tgt-lang en "$PL" "$EN"
        contains "$WORK/err" "read-only"
        umount "$WORK/rodir" 2>/dev/null
    fi
fi
fi

# a failure after the TM was opened removes a TM the command created, and only that one
expect_rc 1 "$BITEXT" align --tm "$(tm new.tm)" --beads "$WORK/no/dir/b.txt" --src-lang pl \
    --tgt-lang en "$PL" "$EN"
contains "$WORK/err" "b.txt"
if ! tm_exists "$(tm new.tm)" && [ ! -e "$WORK/new.tm-wal" ] && [ ! -e "$WORK/new.tm-shm" ]; then
    ok; else bad "a failed align left the TM it created"; fi
expect_rc 1 "$BITEXT" align --tm "$TM" --beads "$WORK/no/dir/b.txt" --src-lang pl --tgt-lang en \
    "$PL" "$EN"
tm_exists "$TM" && ok || bad "a failed align removed an existing TM"

# an SRX rule that backtracks catastrophically: file:line of the rule, exit 3
cat > "$WORK/slow.srx" <<'EOF'
<?xml version="1.0"?>
<srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="A">
<rule break="yes"><beforebreak>(a+)+$</beforebreak><afterbreak/></rule>
</languagerule></languagerules><maprules>
<languagemap languagepattern=".*" languagerulename="A"/></maprules></body></srx>
EOF
printf 'Zdanie. aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' > "$WORK/slow.txt"
expect_rc 3 "$BITEXT" align --tm "$(tm srx.tm)" --srx "$WORK/slow.srx" --src-lang pl \
    --tgt-lang en "$WORK/slow.txt" "$EN"
one_line "slow.srx:4:"
contains "$WORK/err" "more work than bitext allows"

expect_rc 2 "$BITEXT" align --tm "$TM" "$PL"
contains "$WORK/err" "--help"
expect_rc 2 "$BITEXT" align --bogus "$PL" "$EN"
expect_rc 2 "$BITEXT" frobnicate

# an output that cannot be written is an error, not a silent success
if [ -w /dev/full ]; then
    expect_rc 1 "$BITEXT" align --no-tm --tsv /dev/full --src-lang pl --tgt-lang en "$PL" "$EN"
    contains "$WORK/err" "cannot write"
fi
# words in file names are not languages
cp "$PL" "$WORK/story.new.txt"
expect_rc 2 "$BITEXT" align --no-tm "$WORK/story.new.txt" "$EN"
contains "$WORK/err" "language unknown"

after=$(snapshot)
equals "$after" "$before" "TM untouched by the failed commands"
finish
