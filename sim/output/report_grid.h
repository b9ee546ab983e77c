/*
 * report_grid.h - the table printer shared by the report's sections
 * (internal to sim/output): a grid of cells rendered on demand, sized in a
 * first pass, printed as aligned text or as a markdown table.
 */
#ifndef CS_OUTPUT_REPORT_GRID_H
#define CS_OUTPUT_REPORT_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "clearsim/output.h"

#define CELL_MAX 192
#define GRID_MAX_COLS 16
/* a sweep's parameter columns inserted after the point column */
#define GRID_MAX_PARAMS 16

typedef struct cs_report_grid {
    int ncols;
    const char *const *headers;
    const bool *right; /* right-aligned columns */
    size_t nrows;
    /* cell (row, col) into buf (CELL_MAX bytes) */
    void (*cell)(char *buf, const void *ctx, size_t row, int col, bool md);
    const void *ctx;
    /* A sweep's points (NULL or none for a run): column 0 is then the
     * point, point_of gives a row's, and a column per swept parameter
     * with the point's value follows it. */
    const cs_point_table *points;
    uint32_t (*point_of)(const void *ctx, size_t row);
} cs_report_grid;

/* The grid as aligned text, a markdown table or an HTML table (cells
 * escaped); cells are asked for with md set for markdown only. */
void cs_report_grid_print(FILE *out, const cs_report_grid *g, cs_report_format fmt);
/* x with `digits` significant digits; nan and inf spelt alike everywhere. */
void cs_report_num(char *buf, size_t size, double x, int digits);
/* "mean [lo, hi]" into buf (CELL_MAX bytes), 4 significant digits. */
void cs_report_interval(char *buf, double mean, double lo, double hi);
/* s into buf; for markdown, '|' escaped so it cannot split a cell. */
void cs_report_label(char *buf, size_t size, const char *s, bool md);

/* /differences as CSV: point (a sweep's parameters after it), regime,
 * baseline, flow, segment, metric, n, mean, ci95_low, ci95_high,
 * unpaired_half_width. */
void cs_report_csv_differences(FILE *out, const cs_difference_table *t, const cs_point_table *pts);

/* s as one CSV field (quoted when it holds , " or a line break). */
void cs_report_csv_label(FILE *out, const char *s);
/* ",v0,v1,...\n" with %.17g. */
void cs_report_csv_nums(FILE *out, const double *v, int n);
/* The effects of doc's parameters (cs_report_effects): CSV, or one grid
 * per parameter after heading(param). */
cs_status cs_report_print_effects(FILE *out, const cs_report_doc *doc, cs_report_format fmt,
                                  void (*heading)(FILE *out, const cs_report_doc *doc, size_t param, cs_report_format fmt));

/* A heading of level 1-4: markdown #..####, HTML <h1>..<h4>; text
 * underlined with = (1, 2) or - (3), level 4 a plain line. */
void cs_report_heading(FILE *out, cs_report_format fmt, int level, const char *text);
/* A paragraph of plain text (escaped for HTML). */
void cs_report_para(FILE *out, cs_report_format fmt, const char *text);
/* s with & < > " escaped for HTML. */
void cs_report_html_text(FILE *out, const char *s);

/* "Point N (name=value, ...)[, regime R]" (regime NULL: without). */
void cs_report_point_title(char *buf, size_t size, const cs_point_table *pts, uint32_t point, const char *regime);

/* The warnings section (report_warnings.c), heading included: a row per
 * finding, the missing keys with their pooled estimate; nothing for CSV
 * or without findings. */
cs_status cs_report_print_warnings(FILE *out, const cs_warning_table *w, const cs_pooled_table *p,
                                   const cs_point_table *pts, cs_report_format fmt);

/* The HTML report's figures (report_figures.c), each a <figure
 * class="cs-figure"> holding one inline SVG. */
cs_status cs_report_print_figures(FILE *out, const cs_report_doc *doc);

typedef int (*cs_report_cmp)(const void *a, const void *b, const void *ctx);
/* A stable sort of n elements of size bytes by cmp with ctx. */
cs_status cs_report_sort(void *base, size_t n, size_t size, cs_report_cmp cmp, const void *ctx);

#endif
