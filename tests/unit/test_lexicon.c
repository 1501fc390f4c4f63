/* test_lexicon.c - unit tests of the lexicon: hunalign and FreeDict (dictd, gzip through
 * libxml2) dictionaries, untrusted-input errors with file:line, examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "align_int.h"
#include "bitext/bitext.h"
#include "check.h"

static uint32_t word(const char *w)
{
    align_tokens t = {0};
    uint32_t id = 0;
    if (align_tokenize(&t, w, strlen(w), false) == 0 && t.n == 1)
        id = t.v[0].id;
    free(t.v);
    return id;
}

/* Whether the lexicon links a and b (in both directions, as it stores them). */
static int has(const bitext_lexicon *lex, const char *a, const char *b)
{
    size_t n;
    const align_pair *p = lexicon_pairs(lex, &n);
    uint32_t x = word(a), y = word(b);
    int fwd = 0, bwd = 0;
    for (size_t k = 0; k < n; k++) {
        fwd |= p[k].src == x && p[k].tgt == y;
        bwd |= p[k].src == y && p[k].tgt == x;
    }
    return fwd && bwd;
}

/* Writes text to a fresh temporary file; returns its path (static buffer). */
static const char *temp_file(const char *suffix, const char *text, size_t len)
{
    static char path[64];
    char tmpl[] = "/tmp/bitext-lexXXXXXX";
    int fd = mkstemp(tmpl);
    FILE *f;
    if (fd < 0)
        return NULL;
    close(fd);
    unlink(tmpl);
    snprintf(path, sizeof path, "%s%s", tmpl, suffix);
    f = fopen(path, "wb");
    if (!f)
        return NULL;
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

static void test_hunalign(void)
{
    bitext_lexicon *lex = NULL;
    bitext_error err = {0};
    CHECK_OK(bitext_lexicon_new(&lex, "de", "fr", &err));
    CHECK_OK(bitext_lexicon_load(lex, "align_dict.hun", &err));
    CHECK(lexicon_entry_count(lex) == 5); /* the phrase "pierre de taille" is left out */
    CHECK(has(lex, "Schnee", "neige"));
    CHECK(has(lex, "Hütte", "cabane"));
    CHECK(!has(lex, "Schnee", "glacier"));
    bitext_lexicon_free(lex);
}

static void test_freedict(void)
{
    static const char *const paths[] = {"align_freedict.index", "align_freedict.dict.dz",
                                        "align_freedict.dict", "align_freedict"};
    for (int k = 0; k < 4; k++) {
        bitext_lexicon *lex = NULL;
        bitext_error err = {0};
        CHECK_OK(bitext_lexicon_new(&lex, "de", "fr", &err));
        CHECK_OK(bitext_lexicon_load(lex, paths[k], &err));
        /* sommet, cime; glacier, banquise (numbered senses, "(fig.)" removed); corde, câble;
         * cabane ("refuge de montagne" is a phrase); glosses and 00databaseinfo skipped */
        CHECK(lexicon_entry_count(lex) == 7);
        CHECK(has(lex, "Gipfel", "cime") && has(lex, "Gletscher", "banquise"));
        CHECK(has(lex, "Seil", "câble") && has(lex, "Hütte", "cabane"));
        CHECK(!has(lex, "Gletscher", "Eismasse"));
        bitext_lexicon_free(lex);
    }
}

static void test_errors(void)
{
    bitext_lexicon *lex = NULL;
    bitext_error err = {0};
    const char *p;
    char longline[6000];
    CHECK_OK(bitext_lexicon_new(&lex, "de", "fr", &err));
    /* a line without "@" */
    p = temp_file(".hun", "neige @ Schnee\n\nno separator here\n", 35);
    CHECK(p && bitext_lexicon_load(lex, p, &err) == BITEXT_EPARSE);
    CHECK(err.line == 3 && strcmp(err.file, p) == 0);
    if (p)
        unlink(p);
    /* a line too long */
    memset(longline, 'a', sizeof longline);
    longline[3000] = '@';
    p = temp_file(".hun", longline, sizeof longline);
    CHECK(p && bitext_lexicon_load(lex, p, &err) == BITEXT_EPARSE && err.line == 1);
    if (p)
        unlink(p);
    /* invalid UTF-8 */
    p = temp_file(".hun", "neige @ Schn\xC3\x28" "e\n", 15);
    CHECK(p && bitext_lexicon_load(lex, p, &err) == BITEXT_EENCODING && err.offset == 12);
    if (p)
        unlink(p);
    /* dictd: an offset outside the data names the index line */
    CHECK(bitext_lexicon_load(lex, "align_bad.index", &err) == BITEXT_EPARSE);
    CHECK(err.line == 2 && strstr(err.file, "align_bad.index") != NULL);
    /* dictd: not gzip data where gzip is expected is read as plain text by libxml2, so a
     * .dict.dz that is garbage fails on its index offsets or its encoding, not with a crash */
    p = temp_file(".dict.dz", "\x1f\x8b\x08\x00garbage", 12);
    CHECK(p && bitext_lexicon_load(lex, p, &err) < 0);
    if (p)
        unlink(p);
    /* missing files */
    CHECK(bitext_lexicon_load(lex, "no-such-dictionary.hun", &err) == BITEXT_EIO);
    CHECK(bitext_lexicon_load(lex, "no-such.index", &err) == BITEXT_EIO);
    CHECK(lexicon_entry_count(lex) == 1); /* what loaded before the errors stays */
    bitext_lexicon_free(lex);
    bitext_lexicon_free(NULL);
}

static void test_examples(void)
{
    bitext_lexicon *lex = NULL;
    bitext_error err = {0};
    const char *s, *t;
    CHECK_OK(bitext_lexicon_new(&lex, "de", "fr", &err));
    CHECK_OK(bitext_lexicon_add_example(lex, "Der Schnee.", "La neige.", &err));
    CHECK(bitext_lexicon_add_example(lex, "Schn\xC3", "neige", &err) == BITEXT_EENCODING);
    CHECK(lexicon_examples(lex) == 1);
    lexicon_example(lex, 0, &s, &t);
    CHECK_STR(s, "Der Schnee.");
    CHECK_STR(t, "La neige.");
    CHECK_STR(lexicon_src_lang(lex), "de");
    bitext_lexicon_free(lex);
}

/* dictd's base64 numbers (most significant digit first). */
static void b64(char *out, unsigned long v)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = digits[v % 64];
        v /= 64;
    } while (v);
    while (n)
        *out++ = tmp[--n];
    *out = '\0';
}

/* Loads a dictd pair: `lines` index lines that all point at one definition of `def` bytes;
 * the lexicon's work, or -1 when the load failed (err says why). */
static long long dictd_work(size_t lines, size_t def, bitext_error *err)
{
    char base[] = "/tmp/bitext-growXXXXXX", path[64], off[16], len[16];
    bitext_lexicon *lex = NULL;
    long long work = -1;
    FILE *f;
    int fd = mkstemp(base);
    if (fd < 0)
        return -1;
    close(fd);
    snprintf(path, sizeof path, "%s.dict", base);
    f = fopen(path, "w");
    fputs("Gipfel\nsommet, cime\n", f);
    for (size_t k = 20; k < def; k++)
        fputc(k % 50 ? 'x' : '\n', f);
    fclose(f);
    snprintf(path, sizeof path, "%s.index", base);
    f = fopen(path, "w");
    b64(off, 0);
    b64(len, (unsigned long)def);
    for (size_t k = 0; k < lines; k++)
        fprintf(f, "Gipfel\t%s\t%s\n", off, len);
    fclose(f);
    bitext_error_clear(err);
    if (bitext_lexicon_new(&lex, "de", "fr", err) == 0 &&
        bitext_lexicon_load(lex, path, err) == 0)
        work = (long long)lexicon_work(lex);
    bitext_lexicon_free(lex);
    unlink(path);
    snprintf(path, sizeof path, "%s.dict", base);
    unlink(path);
    unlink(base);
    return work;
}

/* Work grows about linearly: x1, x10, x100 lines of hunalign and of a dictd index; index
 * lines that all point at one big definition are refused once the data has been read about
 * twice over, so their work stays bounded whatever their number. */
static void test_growth(void)
{
    long long w[3];
    bitext_error err;
    for (int k = 0; k < 3; k++) {
        size_t n = k == 0 ? 20 : k == 1 ? 200 : 2000;
        bitext_buf b = {0};
        bitext_lexicon *lex = NULL;
        const char *p;
        for (size_t i = 0; i < n; i++)
            bitext_buf_printf(&b, "mot%zu @ Wort%zu\n", i, i);
        p = temp_file(".hun", b.data, b.len);
        w[k] = -1;
        if (bitext_lexicon_new(&lex, "de", "fr", NULL) == 0 &&
            bitext_lexicon_load(lex, p, NULL) == 0)
            w[k] = (long long)lexicon_work(lex);
        bitext_lexicon_free(lex);
        unlink(p);
        bitext_buf_free(&b);
    }
    CHECK(about_linear(w, 20, 200, 2000));
    for (int k = 0; k < 3; k++)
        w[k] = dictd_work(k == 0 ? 20 : k == 1 ? 200 : 2000, 200, &err);
    CHECK(about_linear(w, 20, 200, 2000));
    CHECK(dictd_work(10, 1 << 20, &err) > 0);           /* a huge definition: read, capped */
    CHECK(dictd_work(3000, 1 << 20, &err) < 0);         /* pointed at 3,000 times: refused */
    CHECK(err.code == BITEXT_EPARSE && err.line > 1000 && err.line < 1100);
    CHECK(strstr(err.message, "over and over") != NULL);
}

int main(void)
{
    test_hunalign();
    test_freedict();
    test_errors();
    test_examples();
    test_growth();
    return check_done("test_lexicon");
}
