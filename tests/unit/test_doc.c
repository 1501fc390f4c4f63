/* test_doc.c - unit tests of the doc module. */
#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

int main(void)
{
    CHECK(bitext_version() != NULL);
    return check_done("test_doc");
}
