/* read/html_second.c - a second opinion on the story, from what the page holds outside
 * its rendered markup.
 *
 * The story chosen from the tree is only as good as the tree: some pages fill their story
 * in with a script and hold it elsewhere - in schema.org JSON-LD for search engines
 * ("articleBody"), or in a <noscript> for readers without scripts (Blogger's templates).
 * Then the chosen container holds little (a tagline, a comment, a sign-up form).  As
 * trafilatura compares its result with a baseline extraction and Readability retries when
 * its result is short, the story read from each of these sources is compared with the
 * chosen one, and one that holds clearly more prose (twice as much, and more than a
 * paragraph more) replaces it; the page's title, headline and lead stay.  Sources are read
 * only when their size could pass that test, so most pages cost nothing more.  Failing
 * those, the page's own description stands in for a story that is only chrome.
 */
#include <string.h>

#include "html_int.h"

#define MIN_GAIN 200u   /* weighted characters a second opinion must add: a paragraph */

/* Could a source of n bytes hold clearly more prose than the story's? */
static bool could_beat(size_t n, uint32_t prose)
{
    return n > 2 * (size_t)prose + MIN_GAIN;
}

static bool beats(uint32_t alt, uint32_t prose)
{
    return alt > 2 * prose && alt >= prose + MIN_GAIN;
}

/* Does the text hold markup of paragraphs, <p> or <br> (then it is read as HTML)? */
static bool has_markup(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if (s[i] == '<' && (s[i + 1] == '/' ? (s[i + 2] | 0x20) == 'p' && s[i + 3] == '>'
                                             : ((s[i + 1] | 0x20) == 'p' &&
                                                (s[i + 2] == '>' || s[i + 2] == ' ')) ||
                                                   ((s[i + 1] | 0x20) == 'b' &&
                                                    (s[i + 2] | 0x20) == 'r')))
            return true;
    return false;
}

/* An articleBody as a page: its markup as it is, or each line of plain text a paragraph
 * ('<' escaped; entities, which pages leave in their JSON-LD, stay entities). */
static int body_page(bitext_buf *out, const bitext_buf *body)
{
    int rc = bitext_buf_puts(out, "<html><body><article>");
    if (rc == 0 && has_markup(body->data, body->len)) {
        rc = bitext_buf_append(out, body->data, body->len);
    } else {
        for (size_t i = 0; i < body->len && rc == 0; i++) {
            char c = body->data[i];
            rc = c == '\n'  ? bitext_buf_puts(out, "</p><p>")
                 : c == '<' ? bitext_buf_puts(out, "&lt;")
                            : bitext_buf_putc(out, c);
        }
    }
    return rc < 0 ? rc : bitext_buf_puts(out, "</article></body></html>");
}

/* Reads html as a story into *best when it holds more prose than *best_prose. */
static int consider(bitext_html_blocks *best, uint32_t *best_prose, const char *html,
                    size_t len, const char *name)
{
    bitext_html_blocks alt = {0};
    uint32_t prose;
    int rc = bitext_html_story(&alt, html, len, name);
    if (rc == BITEXT_EPARSE)
        rc = 0;   /* not a page: no opinion */
    if (rc == 0 && (prose = bitext_html_blocks_prose(&alt)) > *best_prose) {
        bitext_html_blocks_free(best);
        *best = alt;
        *best_prose = prose;
        return 0;
    }
    bitext_html_blocks_free(&alt);
    return rc;
}

/* The story the page's JSON-LD declares, when it could beat the chosen one. */
static int from_jsonld(bitext_html_blocks *best, uint32_t *best_prose, uint32_t prose,
                       const char *page, const bitext_html_bound_stats *st, const char *name)
{
    bitext_jsonld ld = {0};
    bitext_buf html = {0};
    int rc = 0;
    for (size_t i = 0; i < st->nld && rc == 0; i++)
        rc = bitext_jsonld_scan(&ld, page + st->ld[i].start, st->ld[i].len);
    if (rc == 0 && could_beat(ld.body.len, prose) && (rc = body_page(&html, &ld.body)) == 0)
        rc = consider(best, best_prose, html.data, html.len, name);
    bitext_buf_free(&html);
    bitext_jsonld_free(&ld);
    return rc;
}

/* The last resort: the story chosen is a box of chrome (a log-in form, a browser notice:
 * the story is a video, or a script draws it), holds less than twice the prose of the
 * page's description and says nothing of what it says.  A description that reads like prose
 * is then the story. */
static int from_summary(bitext_html_blocks *blocks, const bitext_html_summary *summary)
{
    bitext_html_blocks alt = {0};
    size_t len = strlen(summary->text);
    uint32_t punct = 0, w = bitext_html_text_weight(summary->text, &punct);
    int rc = 0;
    if (!summary->weak || summary->named || !bitext_html_prose(PROSE_SUMMARY, w, punct, 0, w) ||
        bitext_html_blocks_prose(blocks) >= 2 * w)
        return 0;
    if ((rc = bitext_html_blocks_add(&alt, BITEXT_BLOCK_PARAGRAPH, 0, summary->text, len, 0, 0,
                                     0, NULL)) == 0)
        rc = bitext_html_blocks_replace(blocks, &alt, summary->pairs);
    bitext_html_blocks_free(&alt);
    return rc;
}

int bitext_html_second(bitext_html_blocks *blocks, const char *page,
                       const bitext_html_bound_stats *st, const bitext_html_summary *summary,
                       const char *name)
{
    bitext_html_blocks best = {0};
    uint32_t prose = bitext_html_blocks_prose(blocks), best_prose = 0;
    int rc = from_jsonld(&best, &best_prose, prose, page, st, name);
    for (size_t i = 0; i < st->nnoscript && rc == 0; i++)
        if (could_beat(st->noscript[i].len, prose))
            rc = consider(&best, &best_prose, page + st->noscript[i].start,
                          st->noscript[i].len, name);
    if (rc == 0 && beats(best_prose, prose))
        rc = bitext_html_blocks_replace(blocks, &best, summary->pairs);
    else if (rc == 0)
        rc = from_summary(blocks, summary);
    bitext_html_blocks_free(&best);
    return rc;
}
