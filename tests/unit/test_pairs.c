/* test_pairs.c - beads into TUs: joined text, neighbours, inline codes, the pivot. */
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"

#define MAX_TUS 16

typedef struct {
    bitext_tu tus[MAX_TUS];
    size_t leads[MAX_TUS];
    size_t n;
} sink;

static int collect(void *ctx, const bitext_tu *tu, size_t lead, bitext_error *err)
{
    sink *s = ctx;
    if (s->n == MAX_TUS)
        return -1;
    s->leads[s->n] = lead;
    return bitext_tu_copy(&s->tus[s->n++], tu, err);
}

static void sink_free(sink *s)
{
    for (size_t i = 0; i < s->n; i++)
        bitext_tu_clear(&s->tus[i]);
}

/* A document of one paragraph per string, segmented by the real segmenter. */
static bitext_seglist *segs_of(bitext_doc **doc, const char *lang, const char *const *paras)
{
    bitext_segmenter *seg = NULL;
    bitext_seglist *list = NULL;
    CHECK_OK(bitext_doc_new(doc, lang, lang, NULL));
    for (size_t i = 0; paras[i]; i++)
        CHECK_OK(bitext_doc_add_block(*doc, NULL, BITEXT_BLOCK_PARAGRAPH, 0, paras[i],
                                      strlen(paras[i]), 0, NULL));
    CHECK_OK(bitext_segmenter_new(&seg, lang, NULL, NULL));
    CHECK_OK(bitext_segment_doc(&list, seg, *doc, NULL));
    bitext_segmenter_free(seg);
    return list;
}

/* An English document and its French translation, aligned: spans are added to `en` before
 * pairs_run, which aligns and collects the TUs. */
typedef struct {
    bitext_doc *en, *fr;
    bitext_seglist *len, *lfr;
    bitext_alignment *al;
    sink s;
} en_fr;

static void en_fr_open(en_fr *f, const char *const *en, const char *const *fr)
{
    memset(f, 0, sizeof *f);
    f->len = segs_of(&f->en, "en", en);
    f->lfr = segs_of(&f->fr, "fr", fr);
}

static void en_fr_pairs(en_fr *f, bitext_pairs_stats *st)
{
    bitext_pair_side src = {f->len, f->en}, tgt = {f->lfr, f->fr};
    const bitext_alignment *als[1];
    CHECK_OK(bitext_align_run(&f->al, f->len, f->lfr, NULL, NULL));
    als[0] = f->al;
    CHECK_OK(bitext_pairs_run(st, &src, &tgt, als, 1, NULL, collect, &f->s, NULL));
}

static void en_fr_close(en_fr *f)
{
    sink_free(&f->s);
    bitext_alignment_free(f->al);
    bitext_seglist_free(f->len);
    bitext_seglist_free(f->lfr);
    bitext_doc_free(f->en);
    bitext_doc_free(f->fr);
}

static void test_codes_and_context(void)
{
    const char *en[] = {"The cat sleeps on the mat. The dog barks at the postman.",
                        "Birds sing in the morning.", NULL};
    const char *fr[] = {"Le chat dort sur le tapis. Le chien aboie après le facteur.",
                        "Les oiseaux chantent le matin.", NULL};
    bitext_pairs_stats st;
    en_fr f;
    en_fr_open(&f, en, fr);
    /* "dog barks" is bold, "postman" a link, and the first sentence is wholly italic */
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_BOLD, 31, 40, NULL, NULL));
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_LINK, 48, 55, "/p", NULL));
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_ITALIC, 0, 26, NULL, NULL));
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_BREAK, 44, 44, NULL, NULL));
    en_fr_pairs(&f, &st);
    CHECK(st.pairs == 3 && st.tus == 3 && f.s.n == 3);
    if (f.s.n == 3) {
        const bitext_tuv *v = &f.s.tus[1].tuvs[0];
        CHECK_STR(v->text, "The dog barks at the postman.");
        CHECK_STR(v->prev, "The cat sleeps on the mat.");
        CHECK_STR(v->next, "Birds sing in the morning.");
        CHECK_STR(f.s.tus[1].tuvs[1].lang, "fr");
        CHECK(f.s.tus[0].tuvs[0].ncodes == 0);      /* enclosing italic left out */
        CHECK(v->ncodes == 5);
        if (v->ncodes == 5) {
            CHECK(v->codes[0].kind == BITEXT_CODE_BPT && v->codes[0].offset == 4);
            CHECK_STR(v->codes[0].native, "<b>");
            CHECK(v->codes[1].kind == BITEXT_CODE_EPT && v->codes[1].offset == 13);
            CHECK(v->codes[1].i == v->codes[0].i);
            CHECK(v->codes[2].kind == BITEXT_CODE_PH && v->codes[2].offset == 17);
            CHECK_STR(v->codes[3].native, "<a href=\"/p\">");
            CHECK(v->codes[4].offset == 28);
        }
        CHECK_STR(f.s.tus[2].segtype, "sentence");
        CHECK_STR(f.s.tus[2].origin, "aligned");
        CHECK(f.s.tus[2].confidence >= 0 && f.s.tus[2].confidence <= 1);
        CHECK(f.s.tus[2].tuvs[0].next == NULL);
    }
    en_fr_close(&f);
}

static void test_pivot(void)
{
    const char *et[] = {"Tere hommikust.", "Ilm on täna ilus ja soe.", NULL};
    const char *en[] = {"Good morning.", "The weather is nice and warm today.", NULL};
    const char *de[] = {"Guten Morgen.", "Das Wetter ist heute schön und warm.", NULL};
    bitext_doc *d0 = NULL, *d1 = NULL, *d2 = NULL;
    bitext_seglist *l0 = segs_of(&d0, "et", et), *l1 = segs_of(&d1, "en", en),
                   *l2 = segs_of(&d2, "de", de);
    bitext_alignment *a1 = NULL, *a2 = NULL;
    bitext_pairs_options po = BITEXT_PAIRS_OPTIONS_INIT;
    bitext_pairs_stats st;
    sink s = {0};
    CHECK_OK(bitext_align_run(&a1, l0, l1, NULL, NULL));
    CHECK_OK(bitext_align_run(&a2, l0, l2, NULL, NULL));
    po.segtype = "paragraph";
    {
        bitext_pair_side src = {l0, d0}, tgts[] = {{l1, d1}, {l2, d2}};
        const bitext_alignment *als[] = {a1, a2};
        CHECK_OK(bitext_pairs_run(&st, &src, tgts, als, 2, &po, collect, &s, NULL));
    }
    /* two multilingual TUs, each with et, en, de */
    CHECK(st.pairs == 4 && s.n == 2);
    for (size_t i = 0; i < s.n; i++) {
        CHECK(s.tus[i].ntuvs == 3);
        CHECK(s.leads[i] == 0);
        CHECK_STR(s.tus[i].segtype, "paragraph");
    }
    if (s.n == 2 && s.tus[1].ntuvs == 3)
        CHECK_STR(s.tus[1].tuvs[2].text, "Das Wetter ist heute schön und warm.");
    sink_free(&s);
    /* a threshold above every confidence: all pairs weak, no TU */
    po.min_confidence = 1.5;
    {
        bitext_pair_side src = {l0, d0}, tgts[] = {{l1, d1}, {l2, d2}};
        const bitext_alignment *als[] = {a1, a2};
        memset(&s, 0, sizeof s);
        CHECK_OK(bitext_pairs_run(&st, &src, tgts, als, 2, &po, collect, &s, NULL));
        CHECK(s.n == 0 && st.weak == 4);
    }
    bitext_alignment_free(a1);
    bitext_alignment_free(a2);
    bitext_seglist_free(l0);
    bitext_seglist_free(l1);
    bitext_seglist_free(l2);
    bitext_doc_free(d0);
    bitext_doc_free(d1);
    bitext_doc_free(d2);
}

/* <a href="/x?a=1&b="2""><i>this page</i></a>: the link opens first and closes last. */
static void test_nesting(void)
{
    const char *en[] = {"Read this page now.", NULL}, *fr[] = {"Lisez cette page.", NULL};
    en_fr f;
    en_fr_open(&f, en, fr);
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_ITALIC, 5, 14, NULL, NULL));
    CHECK_OK(bitext_doc_add_span(f.en, 0, BITEXT_SPAN_LINK, 5, 14, "/x?a=1&b=\"2\"", NULL));
    en_fr_pairs(&f, NULL);
    CHECK(f.s.n == 1 && f.s.tus[0].tuvs[0].ncodes == 4);
    if (f.s.n == 1 && f.s.tus[0].tuvs[0].ncodes == 4) {
        const bitext_code *c = f.s.tus[0].tuvs[0].codes;
        CHECK(c[0].kind == BITEXT_CODE_BPT && c[1].kind == BITEXT_CODE_BPT);
        CHECK_STR(c[0].native, "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">");
        CHECK_STR(c[1].native, "<i>");
        CHECK(c[2].kind == BITEXT_CODE_EPT && c[2].i == c[1].i);
        CHECK(c[3].kind == BITEXT_CODE_EPT && c[3].i == c[0].i);
        CHECK_STR(c[3].native, "</a>");
    }
    en_fr_close(&f);
}

int main(void)
{
    test_codes_and_context();
    test_nesting();
    test_pivot();
    return check_done("test_pairs");
}
