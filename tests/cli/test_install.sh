#!/usr/bin/env bash
# The installed library as README promises it: headers, libbitext, a pkg-config file and the
# command, usable by a program built against them.
. "$(dirname "$0")/lib.sh"
if [ "${SANITIZE:-none}" != none ]; then
    # a sanitized library cannot be linked into a plain client program or run installed
    echo "skipped: the install test runs in the plain build, not this $SANITIZE build"
    exit 77
fi
DEST="$WORK/dest"
expect_rc 0 meson install -C "$BUILDDIR" --destdir "$DEST" --no-rebuild --quiet
pc=$(find "$DEST" -name bitext.pc | head -1)
if [ -n "$pc" ]; then ok; else bad "no bitext.pc installed"; fi
if [ -n "$(find "$DEST" -path '*/include/bitext/bitext.h')" ]; then ok; else bad "no headers"; fi
cat > "$WORK/use.c" <<'C'
#include <bitext/bitext.h>
#include <stdio.h>
int main(void)
{
    char tag[BITEXT_LANG_MAX];
    if (bitext_lang_canonical(tag, "EN_us", NULL) < 0)
        return 1;
    printf("%s %s\n", bitext_version(), tag);
    return 0;
}
C
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR="$DEST" pkg-config --cflags --libs bitext)
expect_rc 0 cc "$WORK/use.c" $flags -o "$WORK/use"
libdir=$(dirname "$(find "$DEST" -name 'libbitext.so' | head -1)")
expect_rc 0 env LD_LIBRARY_PATH="$libdir" "$WORK/use"
contains "$WORK/out" "en-US"
bin=$(find "$DEST" -path '*/bin/bitext' | head -1)
expect_rc 0 env LD_LIBRARY_PATH="$libdir" "$bin" segment --lang en - <<< "Dr. Smith came at 5 p.m. He left."
contains "$WORK/out" "Dr. Smith came at 5 p.m."
finish
