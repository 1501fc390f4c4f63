/* test_tu.c - translation units as values: variants, codes, props, copy, find. */
#include <stdint.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"

int main(void)
{
    bitext_tu tu = BITEXT_TU_INIT, copy = BITEXT_TU_INIT;
    size_t idx;
    char lang[8];
    CHECK_OK(bitext_tu_set_string(&tu.tuid, "t-1", NULL));
    CHECK_OK(bitext_tu_set_string(&tu.segtype, "sentence", NULL));
    tu.confidence = 0.75;
    for (int i = 0; i < 9; i++) {   /* crosses the power-of-two growth steps */
        snprintf(lang, sizeof lang, "x%d", i);
        CHECK_OK(bitext_tu_add_tuv(&tu, &idx, i == 0 ? "en-GB" : i == 1 ? "pl" : lang,
                                   "Bold text", 9, NULL));
        CHECK(idx == (size_t)i);
    }
    CHECK_OK(bitext_tu_add_code(&tu, 0, BITEXT_CODE_BPT, 0, 1, 1, "bold", "<b>", NULL, NULL));
    CHECK_OK(bitext_tu_add_code(&tu, 0, BITEXT_CODE_EPT, 4, 1, 0, NULL, "</b>", NULL, NULL));
    CHECK_OK(bitext_tu_add_prop(&tu, SIZE_MAX, "x-domain", "news", NULL, NULL));
    CHECK_OK(bitext_tu_add_prop(&tu, SIZE_MAX, NULL, "a note", "en", NULL));
    CHECK_OK(bitext_tu_add_prop(&tu, 1, "x-client", "city", NULL, NULL));
    CHECK_OK(bitext_tu_set_string(&tu.tuvs[1].prev, "Before.", NULL));
    CHECK(tu.ntuvs == 9 && tu.tuvs[0].ncodes == 2 && tu.nprops == 2);
    CHECK(bitext_tu_add_code(&tu, 0, (bitext_code_kind)40000, 0, 0, 0, NULL, NULL, NULL, NULL) ==
          BITEXT_EINVAL);
    CHECK(tu.tuvs[0].ncodes == 2);
    CHECK(tu.props[1].type == NULL);
    CHECK(bitext_tu_find(&tu, "en") == &tu.tuvs[0]);
    CHECK(bitext_tu_find(&tu, "EN-gb") == &tu.tuvs[0]);
    CHECK(bitext_tu_find(&tu, "pl-PL") == &tu.tuvs[1]);
    CHECK(bitext_tu_find(&tu, "de") == NULL);
    CHECK_OK(bitext_tu_copy(&copy, &tu, NULL));
    bitext_tu_clear(&tu);
    CHECK(tu.ntuvs == 0 && tu.tuvs == NULL && tu.confidence == -1.0);
    CHECK(copy.ntuvs == 9 && copy.confidence == 0.75);
    CHECK_STR(copy.tuid, "t-1");
    CHECK_STR(copy.segtype, "sentence");
    CHECK_STR(copy.tuvs[0].codes[0].native, "<b>");
    CHECK(copy.tuvs[0].codes[1].offset == 4 && copy.tuvs[0].codes[1].kind == BITEXT_CODE_EPT);
    CHECK_STR(copy.tuvs[1].props[0].value, "city");
    CHECK_STR(copy.tuvs[1].prev, "Before.");
    CHECK(copy.tuvs[1].next == NULL);
    CHECK_STR(copy.props[1].lang, "en");
    bitext_tu_clear(&copy);
    bitext_tu_clear(NULL);
    return check_done("test_tu");
}
