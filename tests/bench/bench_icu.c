/*
 * bench_icu.c - the baseline of scripts/bench-segment: ICU's sentence BreakIterator alone,
 * over UTF-8 through UText, with the locale bitext uses ("<lang>@ss=standard").
 * Usage: bench_icu LANG FILE; prints "<boundaries> <seconds>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

int main(int argc, char **argv)
{
    char locale[96];
    UErrorCode st = U_ZERO_ERROR;
    FILE *f;
    char *buf;
    long len;
    long long n = 0;
    struct timespec t0, t1;
    if (argc != 3 || !(f = fopen(argv[2], "rb"))) {
        fprintf(stderr, "usage: bench_icu LANG FILE\n");
        return 2;
    }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
        return 1;
    fclose(f);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    snprintf(locale, sizeof locale, "%s@ss=standard", argv[1]);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &st);
    UText *ut = utext_openUTF8(NULL, buf, len, &st);
    ubrk_setUText(bi, ut, &st);
    if (U_FAILURE(st)) {
        fprintf(stderr, "bench_icu: %s\n", u_errorName(st));
        return 1;
    }
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi))
        n++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%lld %.3f\n", n, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    ubrk_close(bi);
    utext_close(ut);
    free(buf);
    return 0;
}
