/* segment.c - placeholder until the module lands (keeps the tree building). */
#include "bitext/bitext.h"
#include "util_int.h"
