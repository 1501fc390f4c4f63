#!/usr/bin/env python3
"""gen_tm_data.py - small synthetic inputs for the TM's concurrency and crash tests.

  gen_tm_data.py tmx N TAG FILE        a TMX 1.4 file of N distinct en/pl TUs (TAG in each)
  gen_tm_data.py pair N TAG SRC TGT    a Polish article of N sentences and its English
                                       translation, one paragraph per 5 sentences

Sentences are made from word lists with a running number and the tag, so that files made
with different tags never share a TU and every run makes the same bytes.
"""
import random
import sys

EN_SUBJ = ["The council", "A reader", "The library", "Our reporter", "The mayor", "A teacher"]
EN_VERB = ["opened", "described", "closed", "visited", "praised", "announced"]
EN_OBJ = ["the new reading room", "a small exhibition", "the city archive", "a public debate",
          "the autumn programme", "an old printing press"]
PL_SUBJ = ["Rada miasta", "Czytelnik", "Biblioteka", "Nasz reporter", "Burmistrz", "Nauczycielka"]
PL_VERB = ["otworzyła", "opisał", "zamknęła", "odwiedził", "pochwalił", "ogłosiła"]
PL_OBJ = ["nową czytelnię", "małą wystawę", "archiwum miejskie", "debatę publiczną",
          "jesienny program", "starą prasę drukarską"]


def sentence_pair(i, tag, rng):
    a, b, c = rng.randrange(6), rng.randrange(6), rng.randrange(6)
    n = 1000 + i
    en = f"{EN_SUBJ[a]} {EN_VERB[b]} {EN_OBJ[c]} on day {n} ({tag})."
    pl = f"{PL_SUBJ[a]} {PL_VERB[b]} {PL_OBJ[c]} w dniu {n} ({tag})."
    return en, pl


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tmx(n, tag, path):
    rng = random.Random(tag)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '<header creationtool="gen" creationtoolversion="1" segtype="sentence" '
                'o-tmf="gen" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for i in range(n):
            en, pl = sentence_pair(i, tag, rng)
            f.write(f'<tu><tuv xml:lang="en"><seg>{esc(en)}</seg></tuv>'
                    f'<tuv xml:lang="pl"><seg>{esc(pl)}</seg></tuv></tu>\n')
        f.write("</body>\n</tmx>\n")


def pair(n, tag, src, tgt):
    rng = random.Random(tag)
    with open(src, "w", encoding="utf-8") as fs, open(tgt, "w", encoding="utf-8") as ft:
        for i in range(n):
            en, pl = sentence_pair(i, tag, rng)
            sep = "\n\n" if i % 5 == 4 else " "
            fs.write(pl + sep)
            ft.write(en + sep)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "tmx":
        tmx(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 6 and sys.argv[1] == "pair":
        pair(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit(__doc__)
