/*
 * cmd_report.c - `clearsim report FILE.h5 [--format table|csv|markdown]`.
 *
 * The CSV form is the one summary table (docs/hdf5.md, /summary).  The table and
 * markdown forms are a document: per regime its clearance times,
 * decomposition, boxes by channel and path and busiest resources; then the
 * box counts, the paired differences to the baseline, and every metric.
 */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/output.h"

typedef struct report_tables {
    cs_summary_table summary;
    cs_counts_table counts;
    cs_difference_table differences;
    cs_decomposition_table decomposition;
    cs_share_table shares;
    cs_resource_table resources;
} report_tables;

static void tables_free(report_tables *t)
{
    cs_summary_table_free(&t->summary);
    cs_counts_table_free(&t->counts);
    cs_difference_table_free(&t->differences);
    cs_decomposition_table_free(&t->decomposition);
    cs_share_table_free(&t->shares);
    cs_resource_table_free(&t->resources);
}

static cs_status tables_read(const char *file, report_tables *t, cs_error *err)
{
    cs_status st = cs_output_read_summary(file, &t->summary, err);
    if (st == CS_OK) st = cs_output_read_counts(file, &t->counts, err);
    if (st == CS_OK) st = cs_output_read_differences(file, &t->differences, err);
    if (st == CS_OK) st = cs_output_read_decomposition(file, &t->decomposition, err);
    if (st == CS_OK) st = cs_output_read_shares(file, &t->shares, err);
    if (st == CS_OK) st = cs_output_read_resources(file, &t->resources, err);
    return st;
}

/* CS_OK, or CS_ERR_NOMEM when a section ran out of memory. */
static cs_status print_document(const char *file, const report_tables *t, cs_report_format fmt)
{
    const bool md = fmt == CS_REPORT_MARKDOWN;
    if (md) printf("# clearsim report: `%s`\n", file);
    else printf("clearsim report: %s\n", file);
    const cs_report_inputs in = { &t->summary, &t->decomposition, &t->shares, &t->resources };
    cs_status st = cs_report_print_regimes(stdout, &in, fmt);
    if (st == CS_OK) st = cs_report_print_counts(stdout, &t->counts, fmt);
    if (st == CS_OK) st = cs_report_print_differences(stdout, &t->differences, fmt);
    if (st != CS_OK) return st;
    fputs(md ? "\n## All metrics\n\n" : "\nAll metrics\n", stdout);
    cs_report_print(stdout, &t->summary, fmt);
    return CS_OK;
}

int cmd_report(int argc, char **argv)
{
    const char *file = NULL;
    cs_report_format fmt = CS_REPORT_TABLE;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= argc) return cli_usage_error("--format needs table, csv or markdown");
            const char *f = argv[++i];
            if (!strcmp(f, "table")) fmt = CS_REPORT_TABLE;
            else if (!strcmp(f, "csv")) fmt = CS_REPORT_CSV;
            else if (!strcmp(f, "markdown")) fmt = CS_REPORT_MARKDOWN;
            else return cli_usage_error("unknown format '%s' (table, csv or markdown)", f);
        } else if (argv[i][0] == '-') {
            return cli_usage_error("unknown option '%s'", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (!file) return cli_usage_error("report needs a result file");
    cs_error err = { 0 };
    report_tables t;
    memset(&t, 0, sizeof t);
    const cs_status st = tables_read(file, &t, &err);
    if (st != CS_OK) {
        tables_free(&t);
        return cli_fail(&err);
    }
    uint64_t cut = 0;
    if (cs_output_read_draws_cut(file, &cut, &err) != CS_OK) {
        tables_free(&t);
        return cli_fail(&err);
    }
    cli_warn_draws_cut(file, cut);
    int rc = 0;
    if (fmt == CS_REPORT_CSV) {
        cs_report_print(stdout, &t.summary, fmt);
    } else if (print_document(file, &t, fmt) != CS_OK) {
        fflush(stdout);
        cs_error_set(&err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing the report of %s", file);
        rc = cli_fail(&err);
    }
    tables_free(&t);
    return rc;
}
