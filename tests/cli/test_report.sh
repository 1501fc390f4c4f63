#!/usr/bin/env bash
# End-to-end test of the HTML report (`bitext align --report`, `bitext report`): the page is
# opened in a real browser, headless Chromium (scripts/test installs it), and the rows' texts
# and classes are read from the DOM it renders; its script is driven through the page's
# "#test=KEYS" hook, and a screenshot is taken.
. "$(dirname "$0")/lib.sh"
PL="$TESTDATA/review_train.pl.html"
EN="$TESTDATA/review_train.en.html"
BAD="$TESTDATA/review_train_bad.en.html"
TM="$(tm r.tm)"
PAGE="$WORK/review.html"

expect_rc 0 "$BITEXT" align --tm "$TM" --report "$PAGE" "$PL" "$BAD"
# one file: nothing outside it is referred to
contains "$PAGE" "<!DOCTYPE html>"
for ref in 'src=' 'http://' 'https://' '@import' 'url(' '<link'; do lacks "$PAGE" "$ref"; done
on_file && expect_rc 2 "$BITEXT" align --tm "$TM" --report "$TM" "$PL" "$BAD"   # never over the TM

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
    echo "SKIP: chromium is not installed (scripts/test installs it); $PASS static checks passed"
    [ "$FAIL" -eq 0 ] && exit 77 || exit 1
fi
run=0
# browser ARGS... URL: headless, no network, a fresh profile each time
browser() {
    run=$((run + 1))
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chrome-$run" "$@" 2>>"$WORK/chrome.log"
}
# rows FILE: one line per row of the rendered table: id|classes|left|right|notes
rows() {
    python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.cell = None; self.body = {}
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "body": self.body = a
        if tag == "tr" and "row" in (a.get("class") or "").split():
            self.rows.append([a["id"], a["class"], "", "", ""])
        if tag == "td" and self.rows:
            c = (a.get("class") or "").split()
            self.cell = 2 if "l" in c else 3 if "r" in c else 4 if "notes" in c else None
            if self.cell in (2, 3): self.rows[-1][self.cell] = "[%s %s]" % (a.get("lang"), a.get("dir"))
    def handle_endtag(self, tag):
        if tag == "td": self.cell = None
    def handle_data(self, d):
        if self.cell is not None: self.rows[-1][self.cell] += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("body|" + " ".join("%s=%s" % kv for kv in sorted(p.body.items())))
for r in p.rows: print("|".join(r))
PY
}
row_of() { grep -F -- "$2" "$1" | head -1; }

# the page as rendered
browser --dump-dom "file://$PAGE" >"$WORK/dom.html"
rows "$WORK/dom.html" >"$WORK/rows"
nbeads=$(grep -c '' <(awk -F'\t' 'NR > 1' <("$BITEXT" align -q --no-tm --tsv - "$PL" "$BAD")))
equals "$(grep -c '^r[0-9]' "$WORK/rows")" "$nbeads" "one row per bead"
equals "$(head -2 "$WORK/rows" | tail -1 | cut -d'|' -f1-2)" "r1|row s-good hd brk" "the headline row"
contains "$WORK/rows" "|[pl ltr]1Nowy pociąg połączy Olsztyn z Gdańskiem|[en ltr]1New train to link Olsztyn and Gdańsk|"
# 1-0 and 0-1 stand out, with their findings on them
r=$(row_of "$WORK/rows" "W weekendy kursy")
case "$r" in *"|row s-left look"*"|[en ltr]no counterpart|omission a source sentence (9 words)"*) ok ;; *) bad "1-0 row: $r" ;; esac
r=$(row_of "$WORK/rows" "free Wi-Fi")
case "$r" in *"|row s-right look"*"|[pl ltr]no counterpart|"*"addition a target sentence"*) ok ;; *) bad "0-1 row: $r" ;; esac
r=$(row_of "$WORK/rows" "Przewoźnik szacuje")
case "$r" in *" look"*"3,200 passengers"*"numbers numbers differ: 2300 only in the source; 3200 only in the target"*) ok ;; *) bad "numbers row: $r" ;; esac
contains "$WORK/rows" "|untranslated the target is the source, not translated"
# paragraph breaks and bands
contains "$WORK/dom.html" 'class="row s-good brk"'
if grep -qE 'class="row s-(good|fair|weak)( look)?( hd)?( brk)?"' "$WORK/dom.html"; then ok; else bad "bands"; fi
# the header: files, languages, counts per bead type and band, the legend
beads=$(grep -o '<dt>Beads</dt><dd>[^<]*</dd>' "$WORK/dom.html")
case "$beads" in *"<dd>1-1: "*" · "*"1-0: 1"*) ok ;; *) bad "bead counts: $beads" ;; esac
case "$beads" in *"0-1: 1"*) ok ;; *) bad "bead counts: $beads" ;; esac
contains "$WORK/dom.html" "<dt>Checks</dt><dd>omission: 1 · addition: 1 · numbers: 1 · untranslated: 1 · length: 1 · inconsistent: 1 · codes: 1</dd>"
contains "$WORK/dom.html" "source only (1-0)</li>"
contains "$WORK/dom.html" '<span class="js">'      # the script showed its buttons
looks() { awk -F'|' '$2 ~ / look( |$)/ {print $1}' "$1"; }
nlook=$(looks "$WORK/rows" | wc -l)
equals "$nlook" 7 "rows that need a look"

# the page's own behaviour (its script, without JavaScript, a screenshot, right-to-left) does
# not depend on the TM: tested on the file run only
if on_file; then
# the script: n and p step through the rows that need a look, f filters
first=$(looks "$WORK/rows" | head -1)
second=$(looks "$WORK/rows" | sed -n 2p)
last=$(looks "$WORK/rows" | tail -1)
browser --dump-dom "file://$PAGE#test=n,n" >"$WORK/dom-nn.html"
contains "$WORK/dom-nn.html" "data-current=\"$second\""
contains "$WORK/dom-nn.html" "<tr id=\"$second\" class=\"row "
browser --dump-dom "file://$PAGE#test=p" >"$WORK/dom-p.html"
contains "$WORK/dom-p.html" "data-current=\"$last\""
browser --dump-dom "file://$PAGE#test=f,n" >"$WORK/dom-f.html"
contains "$WORK/dom-f.html" "data-shown=\"$nlook\""
contains "$WORK/dom-f.html" "data-current=\"$first\""
browser --dump-dom "file://$PAGE#test=f,f" >"$WORK/dom-ff.html"
contains "$WORK/dom-ff.html" "data-shown=\"$nbeads\""
# without JavaScript the page is all there, the buttons stay hidden (the page without its
# script: --dump-dom itself needs JavaScript, so it cannot simply be switched off)
sed '/^<script>$/,/^<\/script>$/d' "$PAGE" >"$WORK/nojs.html"
lacks "$WORK/nojs.html" "<script>"
browser --dump-dom "file://$WORK/nojs.html#test=n" >"$WORK/dom-nojs.html"
rows "$WORK/dom-nojs.html" >"$WORK/rows-nojs"
equals "$(grep -c '^r[0-9]' "$WORK/rows-nojs")" "$nbeads" "rows without JavaScript"
contains "$WORK/dom-nojs.html" '<span class="js" hidden="">'
lacks "$WORK/dom-nojs.html" "data-current"

# a screenshot (a PNG of the page as a person sees it)
browser --window-size=1280,1000 --hide-scrollbars --screenshot="$WORK/shot.png" "file://$PAGE" >/dev/null
if [ "$(head -c 8 "$WORK/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
   [ "$(stat -c %s "$WORK/shot.png")" -gt 20000 ]; then ok; else bad "screenshot"; fi
[ -n "${BUILDDIR:-}" ] && cp "$WORK/shot.png" "$BUILDDIR/report-screenshot.png" 2>/dev/null

# right-to-left: the Hebrew cells say so
expect_rc 0 "$BITEXT" align -q --no-tm --report "$WORK/rtl.html" "$TESTDATA/review_rtl.en.txt" "$TESTDATA/review_rtl.he.txt"
browser --dump-dom "file://$WORK/rtl.html" >"$WORK/dom-rtl.html"
rows "$WORK/dom-rtl.html" >"$WORK/rows-rtl"
contains "$WORK/rows-rtl" "|[en ltr]1The library opens on Saturday.|[he rtl]1הספרייה נפתחת ביום שבת.|"

fi

# what the TM holds for a document (pairs only)
expect_rc 0 "$BITEXT" report --tm "$TM" --doc "$BAD" -o "$WORK/tm.html"
browser --dump-dom "file://$WORK/tm.html" >"$WORK/dom-tm.html"
rows "$WORK/dom-tm.html" >"$WORK/rows-tm"
npairs=$("$BITEXT" align -q --no-tm --tsv - "$PL" "$BAD" | awk -F'\t' 'NR > 1 && $3 != "" && $4 != "" {print $3 "\t" $4}' | sort -u | wc -l)
equals "$(grep -c '^r[0-9]' "$WORK/rows-tm")" "$npairs" "the stored pairs"
contains "$WORK/dom-tm.html" "sentences left unpaired are not stored"
lacks "$WORK/rows-tm" "no counterpart"
expect_rc 3 "$BITEXT" report --tm "$TM" --doc nothing.html -o "$WORK/x.html"
expect_rc 2 "$BITEXT" report --tm "$TM" --doc "$BAD"
on_file && expect_rc 2 "$BITEXT" report --tm "$TM" -o "$TM"
expect_rc 0 "$BITEXT" report --tm "$TM" -o - --no-checks
contains "$WORK/out" "<dt>Checks</dt><dd>nothing found</dd>"
expect_rc 0 "$BITEXT" report --help
contains "$WORK/out" "Example:"
finish
