/* srx.c - SRX 2.0 rule files (placeholder while the reader is written). */
#include "util_int.h"
