/*
 * error.c - filling and formatting cs_error values (see error.h).
 */
#include <stdio.h>
#include <string.h>
#include "clearsim/error.h"

cs_status cs_error_set(cs_error *err, cs_status status, const char *file, int line,
                       int column, const char *fmt, ...)
{
    if (!err) return status;
    err->status = status;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void cs_error_format(const cs_error *err, char *buf, unsigned long size)
{
    if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line,
                 err->column > 0 ? err->column : 1, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: error: %s", err->file, err->message);
    else
        snprintf(buf, size, "error: %s", err->message);
}

int cs_status_exit_code(cs_status status)
{
    switch (status) {
    case CS_OK: return 0;
    case CS_ERR_INPUT: return 2;
    default: return 1;
    }
}
