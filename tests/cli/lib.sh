# lib.sh - sourced by the end-to-end tests: a scratch dir and assertions that count.
#
# With BITEXT_TEST_BACKEND=pg the TMs are PostgreSQL schemas in the database $BITEXT_TEST_PG
# (a libpq URI; scripts/test starts a private server and sets it): `tm NAME` gives the TM
# to pass to --tm, a file under $WORK or a URI naming a schema of its own, and `on_file`
# tells whether the TM is a file (for the checks only a file has: permissions, -wal ...).
set -u
PASS=0
FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitext-cli.XXXXXX")
BACKEND=${BITEXT_TEST_BACKEND:-sqlite}
PG_PREFIX="t$$_"

cleanup() {
    if [ "$BACKEND" = pg ]; then
        psql "$BITEXT_TEST_PG" -qAt -c "SELECT 'DROP SCHEMA ' || quote_ident(nspname) || ' CASCADE;'
            FROM pg_namespace WHERE nspname LIKE '${PG_PREFIX}%'" 2>/dev/null |
            psql "$BITEXT_TEST_PG" -q >/dev/null 2>&1
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

tm() {
    if [ "$BACKEND" = pg ]; then
        local sep='?'
        case "$BITEXT_TEST_PG" in *\?*) sep='&' ;; esac
        printf '%s%soptions=-csearch_path%%3D%s%s' "$BITEXT_TEST_PG" "$sep" "$PG_PREFIX" \
            "$(printf '%s' "$1" | tr -c 'a-zA-Z0-9_' '_')"
    else
        printf '%s/%s' "$WORK" "$1"
    fi
}
on_file() { [ "$BACKEND" != pg ]; }
# tm_exists TARGET: the TM is there (a file; a schema holding bitext's tables)
tm_exists() {
    if on_file; then [ -e "$1" ]; else
        [ "$(psql -qAt "$BITEXT_TEST_PG" -c \
            "SELECT to_regclass('\"${1##*%3D}\".bitext_meta') IS NOT NULL")" = t ]
    fi
}

if [ "$BACKEND" = pg ]; then
    if [ -z "${BITEXT_TEST_PG:-}" ]; then
        echo "skipped: no PostgreSQL server for the TM tests (scripts/test starts one; or set" \
             "BITEXT_TEST_PG to a libpq URI of a database this user may create schemas in)"
        exit 77
    fi
    if "$BITEXT" stats --tm "$(tm probe)" 2>&1 | grep -q "without PostgreSQL support"; then
        echo "skipped: this bitext was built without PostgreSQL support (no libpq)"
        exit 77
    fi
fi
export BITEXT_TM="$(tm default.tm)"

# pg_opens TM: how many connections have opened the TM (a schema of the test database) so
# far.  Each one reads the TM's version from bitext_meta once (two scans of it), and that is
# all that reads it on the way to an import, an align or a concordance: the scans, halved.
# The server counts a connection's scans when it ends, so first the connections bitext made
# since this test began (this test's, and those of tests running beside it) must have ended.
PG_MARK=""
[ "$BACKEND" = pg ] && PG_MARK=$(psql -qAtX "$BITEXT_TEST_PG" -c "SELECT clock_timestamp()")
pg_opens() {
    local i=0
    while [ "$(psql -qAtX "$BITEXT_TEST_PG" -c "SELECT count(*) FROM pg_stat_activity
              WHERE application_name = 'bitext' AND backend_start >= '$PG_MARK'")" != 0 ] &&
          [ $((i += 1)) -le 600 ]; do
        sleep 0.1
    done
    psql -qAtX "$BITEXT_TEST_PG" -c "SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0)) / 2
        FROM pg_stat_user_tables WHERE schemaname = '${1##*%3D}' AND relname = 'bitext_meta'"
}

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# expect_rc WANT CMD...: runs CMD, stdout to $WORK/out, stderr to $WORK/err.
expect_rc() {
    local want=$1; shift
    "$@" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "exit $rc (wanted $want): $*"; sed 's/^/  stderr: /' "$WORK/err" | head -5 >&2
    fi
}
# contains FILE TEXT: FILE holds TEXT (fixed string).
contains() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; head -c 600 "$1" | sed 's/^/  | /' >&2; fi
}
lacks() {
    if grep -qF -- "$2" "$1"; then bad "$1 has '$2'"; else ok; fi
}
equals() {
    if [ "$1" = "$2" ]; then ok; else bad "'$1' != '$2' ($3)"; fi
}
finish() {
    echo "$(basename "$0" .sh): $PASS passed, $FAIL failed ($BACKEND)"
    [ "$FAIL" -eq 0 ]
}
