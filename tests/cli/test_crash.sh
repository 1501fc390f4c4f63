#!/usr/bin/env bash
# End-to-end test of crashes: bitext import and align killed with SIGKILL at random moments
# leave the TM as it was before or after, readable at once by every verb, also from a
# read-only directory (the short version of scripts/crash-test).  On PostgreSQL the killed
# command's transaction is the server's to abort, and the TM must be as before or after.
. "$(dirname "$0")/lib.sh"
# On PostgreSQL: TMs in schemas of the test database, each state before made again.
out="$WORK/crash.out"
pg=()
on_file || pg=(--pg "$BITEXT_TEST_PG")
if python3 "$SCRIPTS/crash-test" --moments 3 --tus 20000 --sentences 3000 --seed 7 \
        --bitext "$BITEXT" "${pg[@]}" >"$out" 2>&1; then ok; else bad "crash-test failed"; fi
sed 's/^/  /' "$out"
equals "$(grep -c 'every verb worked at once' "$out")" 2 "commands that survived every kill"
finish
