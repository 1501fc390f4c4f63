/* check.h - the tiny test harness: CHECK prints file:line and counts failures. */
#ifndef BITEXT_CHECK_H
#define BITEXT_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        check_count++;                                                                       \
        if (!(cond)) {                                                                       \
            check_failures++;                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                                      \
    do {                                                                                     \
        const char *check_a_ = (a), *check_b_ = (b);                                         \
        check_count++;                                                                       \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                     \
            check_failures++;                                                                \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s == %s\n  got:      \"%s\"\n"      \
                    "  expected: \"%s\"\n", __FILE__, __LINE__, #a, #b,                      \
                    check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");         \
        }                                                                                    \
    } while (0)

#define CHECK_OK(expr)                                                                       \
    do {                                                                                     \
        int check_rc_ = (expr);                                                              \
        check_count++;                                                                       \
        if (check_rc_ < 0) {                                                                 \
            check_failures++;                                                                \
            fprintf(stderr, "%s:%d: %s returned %d\n", __FILE__, __LINE__, #expr, check_rc_); \
        }                                                                                    \
    } while (0)

/*
 * Work w[k] measured at input sizes x0 < x1 < x2 (x1, x10, x100) grows about linearly: the
 * step from x1 to x2 costs about as much per unit as the step from x0 to x1, so a fixed
 * overhead cancels out while a quadratic cost makes the second step ten times dearer per
 * unit.  For the growth tests of the parsers: they count work (steps, bytes), never time.
 */
static inline int about_linear(const long long w[3], double x0, double x1, double x2)
{
    double a = (double)(w[1] - w[0]) / (x1 - x0), b = (double)(w[2] - w[1]) / (x2 - x1);
    return w[0] > 0 && a > 0 && b > 0.8 * a && b < 1.25 * a;
}

/* Prints the closing line and returns the exit status (0 pass, 1 fail). */
static inline int check_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_count - check_failures, check_failures);
    return check_failures ? 1 : 0;
}

#endif
