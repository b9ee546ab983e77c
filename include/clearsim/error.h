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

/* Every input error of one file, as `clearsim check` reports them: the
 * loaders add each error they meet and go on with the next key (what
 * stays valid is read, what failed keeps its default), so one pass
 * finds them all.  Sorted into file order by cs_error_list_sort; at most
 * CS_ERROR_LIST_MAX are kept, the rest only counted (dropped). */
#define CS_ERROR_LIST_MAX 1000
typedef struct cs_error_list {
    cs_error *items;
    size_t n, cap, dropped;
} cs_error_list;

/* Append a copy of e unless the same message at the same place is
 * already listed (one cause met twice).  Never fails: an error that
 * cannot be stored is counted in dropped. */
void cs_error_list_add(cs_error_list *l, const cs_error *e);
/* By line, then column (errors without a position first), stable. */
void cs_error_list_sort(cs_error_list *l);
void cs_error_list_free(cs_error_list *l);

#endif
