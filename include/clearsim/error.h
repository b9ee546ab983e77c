/*
 * error.h - the error value every library call returns through.
 *
 * Library code never prints or exits (the loaders are fuzzed: an exit is a
 * crash).  A failing call fills a cs_error and returns its status; the CLI
 * alone turns it into a message and an exit code (cs_status_exit_code).
 * Positions are 1-based; line 0 means "no position" (e.g. a missing file).
 */
#ifndef CLEARSIM_ERROR_H
#define CLEARSIM_ERROR_H

#include <stdarg.h>

typedef enum cs_status {
    CS_OK = 0,
    CS_ERR_INPUT = 2,   /* bad scenario, bad usage, existing OUT: exit 2 */
    CS_ERR_IO = 1,      /* I/O failure: exit 1 */
    CS_ERR_NOMEM = 3,   /* allocation failure: exit 1 */
    CS_ERR_INTERNAL = 4 /* invariant broken: exit 1 */
} cs_status;

#define CS_ERROR_FILE_MAX 1024
#define CS_ERROR_MSG_MAX 1024

typedef struct cs_error {
    cs_status status;
    char file[CS_ERROR_FILE_MAX];
    int line;   /* 1-based, 0 = none */
    int column; /* 1-based, 0 = none */
    char message[CS_ERROR_MSG_MAX];
} cs_error;

/* Fill err (if not NULL) and return status.  file may be NULL. */
cs_status cs_error_set(cs_error *err, cs_status status, const char *file, int line,
                       int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* "FILE:LINE:COL: error: MESSAGE", "FILE: error: MESSAGE" or "error: MESSAGE". */
void cs_error_format(const cs_error *err, char *buf, unsigned long size);
int cs_status_exit_code(cs_status status);

#endif
