/*
 * report_file.c - a report written to a file (`clearsim report ... -o
 * OUT`): rendered in memory first, then published like a result file
 * (publish.c), so a failed or interrupted report never leaves half a page
 * at OUT and an existing OUT is replaced only with --force.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "clearsim/output.h"
#include "output/publish.h"

static bool regular_file(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

cs_status cs_report_check_target(const char *path, bool force, cs_error *err)
{
    return cs_publish_check(path, force, regular_file, "a regular file", err);
}

cs_status cs_report_write_file(const char *path, bool force, const cs_report_doc *doc, cs_report_table table,
                               cs_report_format fmt, cs_error *err)
{
    cs_status st = cs_report_check_target(path, force, err);
    if (st != CS_OK) return st;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    st = cs_report_print_document(mem, doc, table, fmt);
    if (fclose(mem) != 0 && st == CS_OK) st = CS_ERR_NOMEM;
    if (st != CS_OK) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    else st = cs_publish(path, force, buf, len, err);
    free(buf);
    return st;
}
