/*
 * report_svg.h - inline SVG charts for the HTML report (internal to
 * sim/output): labelled intervals and lines with CI bands.
 */
#ifndef CS_OUTPUT_REPORT_SVG_H
#define CS_OUTPUT_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One row of an interval chart: a mean and its 95 % CI. */
typedef struct cs_svg_interval {
    const char *label;
    double mean, lo, hi; /* NaN: not drawn */
    size_t colour;       /* palette index */
} cs_svg_interval;

/* A point of a line: y at x with its 95 % CI [lo, hi]. */
typedef struct cs_svg_point {
    double x, y, lo, hi;
} cs_svg_point;

typedef struct cs_svg_series {
    const char *name;
    const cs_svg_point *points; /* in x order */
    size_t n;
} cs_svg_series;

const char *cs_svg_colour(size_t k);
void cs_svg_intervals(FILE *out, const char *title, const char *unit, const cs_svg_interval *rows, size_t n);
void cs_svg_lines(FILE *out, const char *title, const char *xlabel, const char *ylabel, const cs_svg_series *s,
                  size_t ns);

#endif
