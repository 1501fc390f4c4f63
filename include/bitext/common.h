/**
 * common.h - export macro and tiny shared definitions.
 */
#ifndef BITEXT_COMMON_H
#define BITEXT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(BITEXT_BUILDING) && defined(__GNUC__)
#define BITEXT_API __attribute__((visibility("default")))
#else
#define BITEXT_API
#endif

#endif
