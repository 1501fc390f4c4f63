#!/usr/bin/env bash
# End-to-end test of many commands on one TM at once: writers wait their turn (and say so
# after 2 s), every writer succeeds, the TM ends with the union of what they wrote, and
# readers never fail and only ever see whole commits.  On PostgreSQL (a team's TM) eight
# writers, six imports and two aligns, meet four readers; on a file four imports and two
# aligns meet two readers (its writers take turns: more would only make the test longer).
. "$(dirname "$0")/lib.sh"
GEN="python3 $(dirname "$0")/gen_tm_data.py"
TM="$(tm team.tm)"
N=400
if on_file; then IMPORTS="a b c d"; READERS="1 2"; else IMPORTS="a b c d e f"; READERS="1 2 3 4"; fi
tus() { "$BITEXT" stats --tm "$1" --format jsonl | sed -n 's/.*"tus":\([0-9]*\).*/\1/p'; }

for t in $IMPORTS; do $GEN tmx $N "$t" "$WORK/$t.tmx"; done
for t in p q; do $GEN pair 60 "$t" "$WORK/$t.pl.txt" "$WORK/$t.en.txt"; done
$GEN tmx 50 base "$WORK/base.tmx"

# 1. three writers create one new TM at the same moment: one creates, the others wait
for t in a b c; do
    "$BITEXT" import --tm "$(tm new.tm)" "$WORK/$t.tmx" 2>"$WORK/new-$t.err" &
done
fails=0
for job in $(jobs -p); do wait "$job" || fails=$((fails + 1)); done
equals "$fails" 0 "writers that failed creating one TM together"
cat "$WORK"/new-*.err | grep -v '^imported' | sed 's/^/  creating: /' >&2
equals "$(tus "$(tm new.tm)")" $((3 * N)) "TUs after three imports into a new TM"

# 2. the imports and two aligns into one TM while readers loop on it
expect_rc 0 "$BITEXT" import --tm "$TM" "$WORK/base.tmx"
reader() {   # reader N: lookups, stats, concordance and export until the writers are done
    local i=0 bad=0 n
    while [ ! -e "$WORK/writers.done" ] || [ $i -lt 3 ]; do
        "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl \
            "The council opened the new reading room on day 1007 (base)." >"$WORK/r$1.out" \
            2>>"$WORK/r$1.err" || bad=$((bad + 1))
        n=$(tus "$TM" 2>>"$WORK/r$1.err") || bad=$((bad + 1))
        echo "$n" >>"$WORK/r$1.counts"
        "$BITEXT" concord --tm "$TM" --lang pl "czytelni" >/dev/null 2>>"$WORK/r$1.err" ||
            bad=$((bad + 1))
        "$BITEXT" export --tm "$TM" -o "$WORK/r$1.tmx" 2>>"$WORK/r$1.err" || bad=$((bad + 1))
        i=$((i + 1))
    done
    echo "$bad" >"$WORK/r$1.failures"
}
rpids=()
for r in $READERS; do reader "$r" & rpids+=($!); done
pids=()
for t in $IMPORTS; do
    "$BITEXT" import --tm "$TM" "$WORK/$t.tmx" 2>"$WORK/w-$t.err" & pids+=($!)
done
for t in p q; do
    "$BITEXT" align -q --tm "$TM" --src-lang pl --tgt-lang en "$WORK/$t.pl.txt" \
        "$WORK/$t.en.txt" 2>"$WORK/w-$t.err" & pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
touch "$WORK/writers.done"
wait "${rpids[@]}"
equals "$fails" 0 "writers that failed"
cat "$WORK"/w-*.err | grep -v '^imported' | sed 's/^/  writer: /' >&2
nimports=$(echo $IMPORTS | wc -w)
total=$((50 + nimports * N + 2 * 60))
equals "$(tus "$TM")" "$total" "TUs: the union of every writer's"
for r in $READERS; do
    equals "$(cat "$WORK/r$r.failures")" 0 "reader $r failures"
    [ -s "$WORK/r$r.out" ] && ok || bad "reader $r found no match"
done
# the union, TU for TU: every writer's TUs are in the export
"$BITEXT" export --tm "$TM" -o "$WORK/union.tmx" 2>/dev/null
for t in $IMPORTS; do
    equals "$(grep -c "($t)\.</seg>" "$WORK/union.tmx")" $((2 * N)) "variants of writer $t"
done
cat "$WORK"/r*.err | head -5 | sed 's/^/  reader: /' >&2
# every count a reader saw is a whole number of commits: 50 + a sum of 400s and 60s
badcounts=$(sort -u "$WORK"/r*.counts | while read -r n; do
    r=$((n - 50)); ok_=0
    for a in $(seq 0 "$nimports"); do for b in 0 1 2; do
        [ "$r" -eq $((a * N + b * 60)) ] && ok_=1
    done; done
    [ "$ok_" -eq 1 ] || echo "$n"
done)
equals "$badcounts" "" "counts readers saw that are not whole commits"

# 3. a writer that finds the TM locked waits, says so after 2 s, then succeeds; with a
#    short --wait it gives up with exit 4 and a clear message; readers do not wait at all
hold() {   # keeps the TM's write lock, like a long import would, until release (120 s at most)
    rm -f "$WORK/release"
    if ! on_file; then   # the TM's advisory lock, as a schema upgrade holds it
        psql -qX "$TM" >/dev/null <<SQL &
SELECT pg_advisory_lock($((0x42695478)), hashtext(current_schema()));
\\! touch $WORK/held; i=0; while [ ! -e $WORK/release ] && [ \$i -lt 1200 ]; do sleep 0.1; i=\$((i + 1)); done
SQL
    else python3 -c "
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN IMMEDIATE')
open(sys.argv[2], 'w').close()
for _ in range(1200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.1)
c.execute('ROLLBACK')" "$TM" "$WORK/held" "$WORK/release" &
    fi
    while [ ! -e "$WORK/held" ]; do sleep 0.05; done
    rm -f "$WORK/held"
}
release() {   # lets the holder go and waits for it
    touch "$WORK/release"
    wait "$!"
}
# The waiting writer runs in the background until it says that it waits (it does after 2 s;
# only then is the lock let go), however slowly this machine runs it.
$GEN tmx 10 late "$WORK/late.tmx"
hold
holder=$!
expect_rc 0 "$BITEXT" lookup --tm "$TM" --src-lang en --tgt-lang pl "anything at all"
lacks "$WORK/err" "busy"
"$BITEXT" import --tm "$TM" "$WORK/late.tmx" 2>"$WORK/late.err" &
importer=$!
for _ in $(seq 1200); do grep -qF "is busy" "$WORK/late.err" && break; sleep 0.1; done
contains "$WORK/late.err" "is busy: another command is writing to it; waiting"
touch "$WORK/release"
wait "$importer"
equals "$?" 0 "exit status of the writer that waited"
wait "$holder"
contains "$WORK/late.err" "imported 10 TUs"
hold
expect_rc 4 "$BITEXT" import --tm "$TM" --wait 1 "$WORK/base.tmx"
contains "$WORK/err" "the TM is busy"
contains "$WORK/err" "--wait"
expect_rc 2 "$BITEXT" import --tm "$TM" --wait soon "$WORK/base.tmx"
release
equals "$(tus "$TM")" "$((total + 10))" "TUs after the waiting writer"
finish
