# lib.sh - sourced by the end-to-end tests: a scratch dir and assertions that count.
set -u
PASS=0
FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitext-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export BITEXT_TM="$WORK/default.tm"

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
    echo "$(basename "$0" .sh): $PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
