#!/usr/bin/env bash
# End-to-end test of `bitext lookup`.
. "$(dirname "$0")/lib.sh"
expect_rc 0 "$BITEXT" --help
finish
