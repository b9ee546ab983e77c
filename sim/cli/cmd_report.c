/*
 * cmd_report.c - `clearsim report FILE.h5 [--format table|csv|markdown|html]
 * [--table summary|differences|effects] [-o OUT] [--force]`.
 *
 * The document (table and markdown forms) and the tables are built in the
 * output layer (report_document.c); this command reads the file, adds
 * what only the scenario knows (the horizon and warm-up, from the
 * scenario text the file carries) and picks the form.  Without --table
 * the CSV form is the one summary table of docs/hdf5.md.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/output.h"
#include "clearsim/port.h"
#include "clearsim/scenario.h"

/* The horizon and warm-up of the scenario the file was run from (left
 * NaN when the text is missing or no longer loads: an older key set); a
 * failed allocation is CS_ERR_NOMEM, never a silently thinner header. */
static cs_status scenario_horizon(const char *file, cs_report_info *in, cs_error *err)
{
    char *text = NULL;
    size_t len = 0;
    cs_status st = cs_output_read_scenario_text(file, &text, &len, err);
    if (st != CS_OK || !text) {
        free(text);
        return st;
    }
    cs_scenario s;
    cs_error load_err = { 0 };
    st = cs_scenario_load_string(text, len, "/scenario", &s, &load_err);
    if (st == CS_OK) {
        if (s.kind == CS_SCENARIO_PORT && s.port) {
            in->horizon = s.port->horizon;
            in->warmup = s.port->warmup;
            snprintf(in->time_unit, sizeof in->time_unit, "h");
        } else if (s.kind == CS_SCENARIO_QUEUE) {
            in->horizon = (double)s.queue.customers;
            in->warmup = (double)s.queue.warmup;
            snprintf(in->time_unit, sizeof in->time_unit, "customers");
        }
        cs_scenario_free(&s);
    }
    free(text);
    if (st == CS_ERR_NOMEM) return cs_error_set(err, st, NULL, 0, 0, "out of memory reading %s", file);
    return CS_OK;
}

int cmd_report(int argc, char **argv)
{
    const char *file = NULL;
    cs_report_format fmt = CS_REPORT_TABLE;
    cs_report_table table = CS_TABLE_DOCUMENT;
    const char *out = NULL;
    bool force = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= argc) return cli_usage_error("--format needs table, csv, markdown or html");
            const char *f = argv[++i];
            if (!strcmp(f, "table")) fmt = CS_REPORT_TABLE;
            else if (!strcmp(f, "csv")) fmt = CS_REPORT_CSV;
            else if (!strcmp(f, "markdown")) fmt = CS_REPORT_MARKDOWN;
            else if (!strcmp(f, "html")) fmt = CS_REPORT_HTML;
            else return cli_usage_error("unknown format '%s' (table, csv, markdown or html)", f);
        } else if (!strcmp(argv[i], "-o")) {
            if (i + 1 >= argc) return cli_usage_error("-o needs a file name");
            out = argv[++i];
        } else if (!strcmp(argv[i], "--force")) {
            force = true;
        } else if (!strcmp(argv[i], "--table")) {
            if (i + 1 >= argc) return cli_usage_error("--table needs summary, differences or effects");
            const char *t = argv[++i];
            if (!strcmp(t, "summary")) table = CS_TABLE_SUMMARY;
            else if (!strcmp(t, "differences")) table = CS_TABLE_DIFFERENCES;
            else if (!strcmp(t, "effects")) table = CS_TABLE_EFFECTS;
            else return cli_usage_error("unknown table '%s' (summary, differences or effects)", t);
        } else if (argv[i][0] == '-') {
            return cli_usage_error("unknown option '%s'", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (!file) return cli_usage_error("report needs a result file");
    if (fmt == CS_REPORT_HTML && table != CS_TABLE_DOCUMENT)
        return cli_usage_error("--format html writes the whole report: leave out --table");
    cs_error err = { 0 };
    if (out && cs_report_check_target(out, force, &err) != CS_OK) return cli_fail(&err);
    cs_report_doc doc;
    if (cs_report_doc_read(file, &doc, &err) != CS_OK) return cli_fail(&err);
    uint64_t cut = 0;
    if (cs_output_read_draws_cut(file, &cut, &err) != CS_OK) {
        cs_report_doc_free(&doc);
        return cli_fail(&err);
    }
    cli_warn_draws_cut(file, cut);
    if (table == CS_TABLE_DOCUMENT && fmt != CS_REPORT_CSV && scenario_horizon(file, &doc.info, &err) != CS_OK) {
        cs_report_doc_free(&doc);
        return cli_fail(&err);
    }
    int rc = 0;
    if (out) {
        if (cs_report_write_file(out, force, &doc, table, fmt, &err) != CS_OK) rc = cli_fail(&err);
        else fprintf(stderr, "clearsim: wrote %s\n", out);
    } else if (cs_report_print_document(stdout, &doc, table, fmt) != CS_OK) {
        fflush(stdout);
        cs_error_set(&err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing the report of %s", file);
        rc = cli_fail(&err);
    }
    /* after the report, as `run` after its table, and only when it is
     * whole (a failed write of stdout is said once, at exit): a failure
     * says one thing */
    const bool written = fflush(stdout) == 0 && !ferror(stdout);
    if (rc == 0 && written) cs_warnings_print(stderr, file, &doc.warnings, &doc.pooled);
    cs_report_doc_free(&doc);
    return rc;
}
