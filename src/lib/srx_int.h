/*
 * srx_int.h - SRX 2.0 segmentation rules (LISA OSCAR Recommendation, 2008-04-07) applied with
 * ICU regular expressions, the way Okapi and LanguageTool apply them.
 */
#ifndef BITEXT_SRX_INT_H
#define BITEXT_SRX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>

#include "bitext/error.h"

typedef struct srx_rules srx_rules;

/*
 * Reads the SRX file (or `len` bytes of `data` when data is non-NULL; `name` names it in
 * messages), selects the language rules its map rules give `lang` (cascading when the header
 * says so) and compiles them.  A file that is not well-formed SRX, or a rule ICU cannot
 * compile even after the Java-to-ICU fixes, fails with BITEXT_EPARSE naming file:line.
 */
int srx_open(srx_rules **out, const char *path, const char *data, size_t len,
             const char *lang, bitext_error *err);
void srx_free(srx_rules *r);
/* A copy with its own matchers (uregex_clone), for another thread. */
int srx_clone(srx_rules **out, const srx_rules *r, bitext_error *err);

/* Okapi's useIcu4jBreakRules: ICU's sentence breaks are the last, overridable, rule. */
bool srx_uses_icu(const srx_rules *r);
size_t srx_rule_count(const srx_rules *r);
/* Units of work (searches started, plus 64 per ICU match step) the last srx_apply did over
 * all rules; each rule may do srx_budget(paragraph length) before it is an error. */
uint64_t srx_work(const srx_rules *r);
uint64_t srx_budget(size_t len);

/*
 * The break positions the rules give the paragraph [ps, pe) of text (offsets into text),
 * appended in order to *out.  icu/nicu: ICU's boundaries there, used when srx_uses_icu.
 */
int srx_apply(srx_rules *r, const char *text, size_t ps, size_t pe, const size_t *icu,
              size_t nicu, size_t **out, size_t *n, size_t *cap, bitext_error *err);

#endif
