/* error.c - the error object and the helpers that fill it. */
#include <stdio.h>
#include <string.h>

#include "util_int.h"

void bitext_error_clear(bitext_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->offset = -1;
}

const char *bitext_error_name(int code)
{
    switch (code) {
    case BITEXT_OK: return "OK";
    case BITEXT_ENOMEM: return "ENOMEM";
    case BITEXT_EINVAL: return "EINVAL";
    case BITEXT_EIO: return "EIO";
    case BITEXT_EPARSE: return "EPARSE";
    case BITEXT_EENCODING: return "EENCODING";
    case BITEXT_EICU: return "EICU";
    case BITEXT_ESQLITE: return "ESQLITE";
    case BITEXT_ENOTFOUND: return "ENOTFOUND";
    case BITEXT_ELANG: return "ELANG";
    case BITEXT_EFORMAT: return "EFORMAT";
    case BITEXT_EREADONLY: return "EREADONLY";
    case BITEXT_EBUSY: return "EBUSY";
    default: return "EUNKNOWN";
    }
}

static int vfail(bitext_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    }
    return code;
}

int bitext_fail(bitext_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (err) {
        err->file[0] = '\0';
        err->line = err->column = 0;
        err->offset = -1;
    }
    va_start(ap, fmt);
    vfail(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int bitext_fail_at(bitext_error *err, int code, const char *file, int64_t line, int64_t column,
                   int64_t offset, const char *fmt, ...)
{
    va_list ap;
    if (err) {
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        err->column = column;
        err->offset = offset;
    }
    va_start(ap, fmt);
    vfail(err, code, fmt, ap);
    va_end(ap);
    return code;
}

char *bitext_error_format(const bitext_error *err, char *buf, size_t size)
{
    const char *msg = err->message[0] ? err->message : bitext_error_name(err->code);
    if (!err->file[0])
        snprintf(buf, size, "%s", msg);
    else if (err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%lld:%lld: %s", err->file, (long long)err->line,
                 (long long)err->column, msg);
    else if (err->line > 0)
        snprintf(buf, size, "%s:%lld: %s", err->file, (long long)err->line, msg);
    else if (err->offset >= 0)
        snprintf(buf, size, "%s: byte %lld: %s", err->file, (long long)err->offset, msg);
    else
        snprintf(buf, size, "%s: %s", err->file, msg);
    return buf;
}
