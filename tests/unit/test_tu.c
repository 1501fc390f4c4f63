/* test_tu.c - unit tests of the tu module. */
#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

int main(void)
{
    CHECK(bitext_version() != NULL);
    return check_done("test_tu");
}
