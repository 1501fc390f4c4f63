#!/usr/bin/env bash
# End-to-end test of how bitext writes files (output.h), through every verb that writes one:
# never the TM itself, atomic replace keeping the mode, links followed, devices and pipes
# written in place, nothing half-written on failure.  With the TM on a server there is no TM
# file to protect; the outputs are written the same way.
. "$(dirname "$0")/lib.sh"
TM="$(tm news.tm)"
SRC="$EXAMPLES/library.pl.txt"
TGT="$EXAMPLES/library.en.txt"
expect_rc 0 "$BITEXT" align -q --tm "$TM" "$SRC" "$TGT"
tus() { "$BITEXT" stats --tm "$TM" | awk '/^translation units:/ {print $3}'; }
tus_before=$(tus)

# the TM and its side files are never outputs: exit 2, a clear message, the TM unchanged
if on_file; then
sum_before=$(sha256sum "$TM" | cut -d' ' -f1)
for target in "$TM" "$WORK/./news.tm" "$WORK/../$(basename "$WORK")/news.tm" "$TM-wal" \
              "$TM-journal"; do
    expect_rc 2 "$BITEXT" export --tm "$TM" -o "$target"
    contains "$WORK/err" "translation memory"
done
ln -s news.tm "$WORK/link-to-tm.tmx"
ln "$TM" "$WORK/hardlink.tmx"
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/link-to-tm.tmx"
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK/hardlink.tmx"
expect_rc 2 "$BITEXT" align -q --tm "$TM" --tsv "$TM" "$SRC" "$TGT"
expect_rc 2 "$BITEXT" align -q --tm "$TM" --beads "$TM-wal" "$SRC" "$TGT"
equals "$(sha256sum "$TM" | cut -d' ' -f1)" "$sum_before" "TM bytes unchanged"
rm -f "$WORK/hardlink.tmx"
fi
equals "$(tus)" "$tus_before" "TM still readable with its TUs"

# an existing file is replaced whole and keeps its permission bits
echo old >"$WORK/private.tmx"
chmod 600 "$WORK/private.tmx"
expect_rc 0 "$BITEXT" export --tm "$TM" -o "$WORK/private.tmx"
equals "$(stat -c %a "$WORK/private.tmx")" 600 "mode kept"
contains "$WORK/private.tmx" '<tmx version="1.4">'
echo OLD-CONTENT >"$WORK/shared.tsv"
chmod 640 "$WORK/shared.tsv"
expect_rc 0 "$BITEXT" align -q --no-tm --tsv "$WORK/shared.tsv" "$SRC" "$TGT"
equals "$(stat -c %a "$WORK/shared.tsv")" 640 "tsv mode kept"
lacks "$WORK/shared.tsv" "OLD-CONTENT"

# a symbolic link is followed (as cp does): the file it names is replaced, the link stays
echo old >"$WORK/real.beads"
ln -s real.beads "$WORK/link.beads"
expect_rc 0 "$BITEXT" align -q --no-tm --beads "$WORK/link.beads" "$SRC" "$TGT"
[ -L "$WORK/link.beads" ] && ok || bad "link.beads is no longer a link"
contains "$WORK/real.beads" "[0]:[0]"
ln -s missing/file "$WORK/dangling.tsv"
expect_rc 2 "$BITEXT" align -q --no-tm --tsv "$WORK/dangling.tsv" "$SRC" "$TGT"
contains "$WORK/err" "symbolic link"

# devices and pipes are written in place, never replaced by a regular file
expect_rc 0 "$BITEXT" export --tm "$TM" -o /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is not a device any more"
lacks "$WORK/err" "OmegaT"
if [ -e /dev/full ]; then
    expect_rc 1 "$BITEXT" export --tm "$TM" -o /dev/full
    contains "$WORK/err" "/dev/full: cannot write"
    [ -c /dev/full ] && ok || bad "/dev/full is not a device any more"
fi
mkfifo "$WORK/pipe"
cat "$WORK/pipe" >"$WORK/from-pipe" &
expect_rc 0 "$BITEXT" align -q --no-tm --tsv "$WORK/pipe" "$SRC" "$TGT"
wait
[ -p "$WORK/pipe" ] && ok || bad "the FIFO was replaced"
equals "$(wc -l <"$WORK/from-pipe")" "$(wc -l <"$WORK/shared.tsv")" "TSV through the pipe"

# a failed command leaves the old output as it was, and no temporary file
echo keep >"$WORK/keep.tmx"
expect_rc 3 "$BITEXT" align -q --no-tm --tsv "$WORK/keep.tmx" "$SRC" "$TESTDATA/read_binary.bin"
equals "$(cat "$WORK/keep.tmx")" keep "old output kept"
equals "$(ls "$WORK" | grep -c '\.tmp\.')" 0 "no temporary files"

# a directory, a missing directory
expect_rc 2 "$BITEXT" export --tm "$TM" -o "$WORK"
expect_rc 1 "$BITEXT" export --tm "$TM" -o "$WORK/no/such/dir.tmx"
contains "$WORK/err" "no/such/dir.tmx"
finish
