/* read/block.c - what every block of every reader goes through before it is kept:
 * trimming, the boilerplate test, NFC, and dropping a repeated headline or caption.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "read_int.h"

/* NFC, as STYLE.md asks of text inside bitext.  Most text already is NFC: check first. */
int bitext_read_nfc(char **out, size_t *out_len, const char *s, size_t len, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    UChar *u = NULL, *v = NULL;
    int32_t ulen = 0, vlen;
    bool ascii = true;
    int rc = 0;

    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    *out = NULL;
    if (ascii || U_FAILURE(st))
        goto copy;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &st);
    st = U_ZERO_ERROR;
    if (!(u = malloc(((size_t)ulen + 1) * sizeof *u)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &st);
    if (U_FAILURE(st) || unorm2_isNormalized(nfc, u, ulen, &st))
        goto copy;
    st = U_ZERO_ERROR;
    vlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
    st = U_ZERO_ERROR;
    if (!(v = malloc(((size_t)vlen + 1) * sizeof *v))) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    unorm2_normalize(nfc, u, ulen, v, vlen + 1, &st);
    {
        int32_t n8 = 0;
        u_strToUTF8(NULL, 0, &n8, v, vlen, &st);
        st = U_ZERO_ERROR;
        if (!(*out = malloc((size_t)n8 + 1))) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            goto done;
        }
        u_strToUTF8(*out, n8 + 1, NULL, v, vlen, &st);
        *out_len = (size_t)n8;
    }
    goto done;
copy:
    if (!(*out = bitext_strndup(s, len)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    *out_len = len;
done:
    free(u);
    free(v);
    return rc;
}

static bool is_display(bitext_block_type t)
{
    return t == BITEXT_BLOCK_TITLE || t == BITEXT_BLOCK_HEADING || t == BITEXT_BLOCK_CAPTION;
}

/* Pages repeat their headline (title bar, h1, teaser) and captions (gallery, lightbox):
 * such a block is kept once.  The last BITEXT_DEDUP_SIZE display blocks are remembered. */
static bool repeated(bitext_read_dedup *d, bitext_block_type type, const char *s, size_t len)
{
    uint64_t h;
    if (!d || !is_display(type))
        return false;
    h = bitext_hash64(s, len);
    for (size_t i = 0; i < d->n && i < BITEXT_DEDUP_SIZE; i++)
        if (d->hash[i] == h)
            return true;
    d->hash[d->n++ % BITEXT_DEDUP_SIZE] = h;
    return false;
}

int bitext_read_prepare(char **out, size_t *out_len, bitext_block_type *type,
                        bitext_read_dedup *dedup, const char *text, size_t len,
                        unsigned int flags, bitext_error *err)
{
    size_t start = 0, end = len;
    int rc;
    *out = NULL;
    bitext_trim(text, &start, &end);
    if (*type == BITEXT_BLOCK_CAPTION && !(flags & BITEXT_READ_VERBATIM)) {
        /* the caption without its photo credit */
        end = start + bitext_read_credit_start(text + start, end - start);
        bitext_trim(text, &start, &end);
    }
    if (start == end)
        return 0;
    if (!(flags & BITEXT_READ_VERBATIM) && bitext_read_is_boilerplate(text + start, end - start)) {
        if (!(flags & BITEXT_READ_KEEP_BOILERPLATE))
            return 0;
        *type = BITEXT_BLOCK_BOILERPLATE;
    }
    if ((rc = bitext_read_nfc(out, out_len, text + start, end - start, err)) < 0)
        return rc;
    if (!(flags & BITEXT_READ_VERBATIM) && repeated(dedup, *type, *out, *out_len)) {
        free(*out);
        *out = NULL;
    }
    return 0;
}

int bitext_read_add_block(bitext_doc *doc, bitext_read_dedup *dedup, size_t *out_index,
                          bitext_block_type type, int level, const char *text, size_t len,
                          int64_t line, unsigned int flags, bitext_error *err)
{
    char *norm;
    size_t nlen;
    int rc;
    if (out_index)
        *out_index = SIZE_MAX;
    if ((rc = bitext_read_prepare(&norm, &nlen, &type, dedup, text, len, flags, err)) < 0 ||
        !norm)
        return rc;
    rc = bitext_doc_add_block(doc, out_index, type, level, norm, nlen, line, err);
    free(norm);
    return rc;
}
