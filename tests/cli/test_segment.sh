#!/usr/bin/env bash
# End-to-end test of `bitext segment`.
. "$(dirname "$0")/lib.sh"
expect_rc 0 "$BITEXT" --help
finish
