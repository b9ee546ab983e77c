/*
 * cmd_report.c - `clearsim report FILE.h5 [--format table|csv|markdown]`.
 */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/output.h"

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
    cs_summary_table t;
    if (cs_output_read_summary(file, &t, &err) != CS_OK) return cli_fail(&err);
    cs_report_print(stdout, &t, fmt);
    cs_summary_table_free(&t);
    cs_counts_table c;
    if (cs_output_read_counts(file, &c, &err) != CS_OK) return cli_fail(&err);
    cs_report_print_counts(stdout, &c, fmt);
    cs_counts_table_free(&c);
    cs_difference_table d;
    if (cs_output_read_differences(file, &d, &err) != CS_OK) return cli_fail(&err);
    cs_report_print_differences(stdout, &d, fmt);
    cs_difference_table_free(&d);
    return 0;
}
