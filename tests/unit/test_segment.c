/* test_segment.c - unit tests of the segment module. */
#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

int main(void)
{
    CHECK(bitext_version() != NULL);
    return check_done("test_segment");
}
