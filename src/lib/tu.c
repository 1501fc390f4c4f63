/* tu.c - translation units as plain values. */
#include <stdlib.h>
#include <string.h>

#include "bitext/lang.h"
#include "bitext/tu.h"
#include "util_int.h"

static void free_props(bitext_prop *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].type);
        free(p[i].value);
        free(p[i].lang);
    }
    free(p);
}

static void free_tuv(bitext_tuv *v)
{
    for (size_t i = 0; i < v->ncodes; i++) {
        free(v->codes[i].type);
        free(v->codes[i].native);
        free(v->codes[i].assoc);
    }
    free(v->codes);
    free_props(v->props, v->nprops);
    free(v->lang);
    free(v->text);
    free(v->creator);
    free(v->prev);
    free(v->next);
}

void bitext_tu_clear(bitext_tu *tu)
{
    static const bitext_tu init = BITEXT_TU_INIT;
    if (!tu)
        return;
    for (size_t i = 0; i < tu->ntuvs; i++)
        free_tuv(&tu->tuvs[i]);
    free(tu->tuvs);
    free_props(tu->props, tu->nprops);
    free(tu->tuid);
    free(tu->srclang);
    free(tu->origin);
    free(tu->creator);
    free(tu->segtype);
    *tu = init;
}

/* TU arrays store no capacity: n elements live in a block sized to the next power of two,
 * so the block is full exactly when n is 0 or a power of two. */
static int grow_exact(void **array, size_t n, size_t size)
{
    void *p;
    if (n & (n - 1))
        return 0;
    p = realloc(*array, (n ? 2 * n : 1) * size);
    if (!p)
        return BITEXT_ENOMEM;
    *array = p;
    return 0;
}

int bitext_tu_add_tuv(bitext_tu *tu, size_t *out_index, const char *lang, const char *text,
                      size_t len, bitext_error *err)
{
    bitext_tuv *v;
    if (grow_exact((void **)&tu->tuvs, tu->ntuvs, sizeof *tu->tuvs) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    v = &tu->tuvs[tu->ntuvs];
    memset(v, 0, sizeof *v);
    v->lang = bitext_strdup(lang ? lang : "");
    v->text = bitext_strndup(text ? text : "", text ? len : 0);
    if (!v->lang || !v->text) {
        free(v->lang);
        free(v->text);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    if (out_index)
        *out_index = tu->ntuvs;
    tu->ntuvs++;
    return 0;
}

int bitext_tu_add_code(bitext_tu *tu, size_t tuv, bitext_code_kind kind, size_t offset, int i,
                       int x, const char *type, const char *native, const char *assoc,
                       bitext_error *err)
{
    bitext_tuv *v = &tu->tuvs[tuv];
    bitext_code *c;
    if ((unsigned)kind > BITEXT_CODE_UT)
        return bitext_fail(err, BITEXT_EINVAL, "unknown inline code kind %d", (int)kind);
    if (grow_exact((void **)&v->codes, v->ncodes, sizeof *v->codes) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    c = &v->codes[v->ncodes];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->offset = offset;
    c->i = i;
    c->x = x;
    if ((type && !(c->type = bitext_strdup(type))) ||
        (native && !(c->native = bitext_strdup(native))) ||
        (assoc && !(c->assoc = bitext_strdup(assoc)))) {
        free(c->type);
        free(c->native);
        free(c->assoc);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    v->ncodes++;
    return 0;
}

int bitext_tu_add_prop(bitext_tu *tu, size_t tuv, const char *type, const char *value,
                       const char *lang, bitext_error *err)
{
    bitext_prop **props = tuv == SIZE_MAX ? &tu->props : &tu->tuvs[tuv].props;
    size_t *n = tuv == SIZE_MAX ? &tu->nprops : &tu->tuvs[tuv].nprops;
    bitext_prop *p;
    if (grow_exact((void **)props, *n, sizeof **props) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    p = &(*props)[*n];
    memset(p, 0, sizeof *p);
    p->value = bitext_strdup(value ? value : "");
    if (!p->value || (type && !(p->type = bitext_strdup(type))) ||
        (lang && !(p->lang = bitext_strdup(lang)))) {
        free(p->value);
        free(p->type);
        free(p->lang);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    (*n)++;
    return 0;
}

int bitext_tu_set_string(char **member, const char *value, bitext_error *err)
{
    char *copy = NULL;
    if (value && !(copy = bitext_strdup(value)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    free(*member);
    *member = copy;
    return 0;
}

const bitext_tuv *bitext_tu_find(const bitext_tu *tu, const char *lang)
{
    const bitext_tuv *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < tu->ntuvs; i++) {
        int s = bitext_lang_match(lang, tu->tuvs[i].lang);
        if (s > best_score) {
            best = &tu->tuvs[i];
            best_score = s;
        }
    }
    return best;
}

static int copy_props(bitext_tu *out, size_t tuv, const bitext_prop *p, size_t n,
                      bitext_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (bitext_tu_add_prop(out, tuv, p[i].type, p[i].value, p[i].lang, err) < 0)
            return BITEXT_ENOMEM;
    return 0;
}

int bitext_tu_copy(bitext_tu *out, const bitext_tu *src, bitext_error *err)
{
    int rc = 0;
    out->confidence = src->confidence;
    out->created = src->created;
    out->changed = src->changed;
    if ((rc = bitext_tu_set_string(&out->tuid, src->tuid, err)) < 0 ||
        (rc = bitext_tu_set_string(&out->srclang, src->srclang, err)) < 0 ||
        (rc = bitext_tu_set_string(&out->origin, src->origin, err)) < 0 ||
        (rc = bitext_tu_set_string(&out->creator, src->creator, err)) < 0 ||
        (rc = bitext_tu_set_string(&out->segtype, src->segtype, err)) < 0 ||
        (rc = copy_props(out, SIZE_MAX, src->props, src->nprops, err)) < 0)
        goto done;
    for (size_t k = 0; k < src->ntuvs; k++) {
        const bitext_tuv *v = &src->tuvs[k];
        size_t idx;
        if ((rc = bitext_tu_add_tuv(out, &idx, v->lang, v->text, strlen(v->text), err)) < 0)
            goto done;
        out->tuvs[idx].created = v->created;
        out->tuvs[idx].changed = v->changed;
        if ((rc = bitext_tu_set_string(&out->tuvs[idx].creator, v->creator, err)) < 0 ||
            (rc = bitext_tu_set_string(&out->tuvs[idx].prev, v->prev, err)) < 0 ||
            (rc = bitext_tu_set_string(&out->tuvs[idx].next, v->next, err)) < 0 ||
            (rc = copy_props(out, idx, v->props, v->nprops, err)) < 0)
            goto done;
        for (size_t c = 0; c < v->ncodes; c++) {
            const bitext_code *cd = &v->codes[c];
            if ((rc = bitext_tu_add_code(out, idx, cd->kind, cd->offset, cd->i, cd->x, cd->type,
                                         cd->native, cd->assoc, err)) < 0)
                goto done;
        }
    }
done:
    if (rc < 0)
        bitext_tu_clear(out);
    return rc;
}
