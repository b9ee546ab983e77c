/*
 * report_grid.h - the table printer shared by the report's sections
 * (internal to sim/output): a grid of cells rendered on demand, sized in a
 * first pass, printed as aligned text or as a markdown table.
 */
#ifndef CS_OUTPUT_REPORT_GRID_H
#define CS_OUTPUT_REPORT_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CELL_MAX 192
#define GRID_MAX_COLS 16

typedef struct cs_report_grid {
    int ncols;
    const char *const *headers;
    const bool *right; /* right-aligned columns */
    size_t nrows;
    /* cell (row, col) into buf (CELL_MAX bytes) */
    void (*cell)(char *buf, const void *ctx, size_t row, int col, bool md);
    const void *ctx;
} cs_report_grid;

void cs_report_grid_print(FILE *out, const cs_report_grid *g, bool md);
/* x with `digits` significant digits; nan and inf spelt alike everywhere. */
void cs_report_num(char *buf, size_t size, double x, int digits);
/* s into buf; for markdown, '|' escaped so it cannot split a cell. */
void cs_report_label(char *buf, size_t size, const char *s, bool md);

#endif
