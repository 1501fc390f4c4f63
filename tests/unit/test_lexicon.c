/* test_lexicon.c - unit tests of the lexicon module (placeholder, filled below). */
#include "bitext/bitext.h"
#include "check.h"

int main(void)
{
    return check_done("test_lexicon");
}
