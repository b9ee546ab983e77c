/*
 * report_svg.c - the two chart types of the HTML report, drawn as inline
 * SVG so the page needs nothing but itself (no scripts, no fonts, no
 * images to fetch: its Content-Security-Policy forbids them).
 *
 *   intervals  one row per label: a dot at the mean and a whisker over
 *              its 95 % CI, on one horizontal axis (a zero line when the
 *              axis spans 0): regimes side by side, differences to the
 *              baseline
 *   lines      y against a numeric x, one line per series with its CI as
 *              a translucent band: a sweep's paired differences along a
 *              parameter
 *
 * Axes get "nice" ticks (1, 2, 5 x 10^k).  Every number is printed with
 * %.6g, every label escaped; NaN points are skipped (a band or a line
 * breaks there).  Colours come from one qualitative palette readable by
 * the common colour-vision deficiencies (Okabe and Ito).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "output/report_svg.h"
#include "output/report_grid.h"

#define W 720.0
#define ROW_H 22.0
#define PAD_TOP 34.0
#define PAD_BOTTOM 40.0
#define LINE_H 300.0

static const char *const palette[] = { "#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                       "#E69F00", "#56B4E9", "#F0E442", "#000000" };
#define NPALETTE (sizeof palette / sizeof palette[0])

const char *cs_svg_colour(size_t k)
{
    return palette[k % NPALETTE];
}

typedef struct axis {
    double lo, hi, step;
} axis;

/* A range [lo, hi] widened to ticks of 1, 2 or 5 x 10^k, about 5 of them. */
static axis nice_axis(double lo, double hi)
{
    if (!(lo <= hi)) lo = hi = 0; /* nothing finite */
    if (lo == hi) {
        const double d = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= d;
        hi += d;
    }
    const double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    const axis a = { floor(lo / step) * step, ceil(hi / step) * step, step };
    return a;
}

static double scale(const axis *a, double v, double from, double to)
{
    return from + (v - a->lo) / (a->hi - a->lo) * (to - from);
}

static void text(FILE *out, double x, double y, const char *anchor, const char *extra, const char *s)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra);
    cs_report_html_text(out, s);
    fputs("</text>\n", out);
}

static void open_svg(FILE *out, double h, const char *title)
{
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
            "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
            W, h, W, h);
    cs_report_html_text(out, title);
    fputs("</title>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", out);
    text(out, W / 2, 18, "middle", " font-weight=\"bold\"", title);
}

/* Vertical grid lines and tick labels of the x axis from x0 to x1 at y. */
static void x_ticks(FILE *out, const axis *a, double x0, double x1, double ytop, double ybottom, const char *label)
{
    char buf[48];
    for (double v = a->lo; v <= a->hi + a->step * 1e-9; v += a->step) {
        const double x = scale(a, v, x0, x1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", x, ytop, x,
                ybottom);
        snprintf(buf, sizeof buf, "%.6g", fabs(v) < a->step * 1e-9 ? 0.0 : v);
        text(out, x, ybottom + 14, "middle", "", buf);
    }
    if (label) text(out, (x0 + x1) / 2, ybottom + 30, "middle", "", label);
}

void cs_svg_intervals(FILE *out, const char *title, const char *unit, const cs_svg_interval *rows, size_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const double v[3] = { rows[i].mean, rows[i].lo, rows[i].hi };
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k])) {
                if (v[k] < lo) lo = v[k];
                if (v[k] > hi) hi = v[k];
            }
    }
    const bool zero = lo < 0 && hi > 0;
    const axis a = nice_axis(lo, hi);
    const double h = PAD_TOP + ROW_H * (double)(n ? n : 1) + PAD_BOTTOM, x0 = 260, x1 = W - 20;
    const double ybottom = PAD_TOP + ROW_H * (double)n;
    open_svg(out, h, title);
    x_ticks(out, &a, x0, x1, PAD_TOP, ybottom, unit);
    if (zero) {
        const double x = scale(&a, 0, x0, x1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\"/>\n", x, PAD_TOP, x,
                ybottom);
    }
    for (size_t i = 0; i < n; i++) {
        const cs_svg_interval *r = &rows[i];
        const double y = PAD_TOP + ROW_H * ((double)i + 0.5);
        text(out, x0 - 8, y + 4, "end", "", r->label);
        const char *c = cs_svg_colour(r->colour);
        if (isfinite(r->lo) && isfinite(r->hi))
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    scale(&a, r->lo, x0, x1), y, scale(&a, r->hi, x0, x1), y, c);
        if (isfinite(r->mean))
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", scale(&a, r->mean, x0, x1), y, c);
    }
    fputs("</svg>\n", out);
}

void cs_svg_lines(FILE *out, const char *title, const char *xlabel, const char *ylabel, const cs_svg_series *s,
                  size_t ns)
{
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < s[k].n; i++) {
            const cs_svg_point *p = &s[k].points[i];
            if (!isfinite(p->x)) continue;
            if (p->x < xlo) xlo = p->x;
            if (p->x > xhi) xhi = p->x;
            const double v[3] = { p->y, p->lo, p->hi };
            for (int j = 0; j < 3; j++)
                if (isfinite(v[j])) {
                    if (v[j] < ylo) ylo = v[j];
                    if (v[j] > yhi) yhi = v[j];
                }
        }
    if (ylo > 0 && isfinite(ylo)) ylo = 0; /* differences: keep 0 in view */
    if (yhi < 0 && isfinite(yhi)) yhi = 0;
    const axis ax = nice_axis(xlo, xhi), ay = nice_axis(ylo, yhi);
    const double legend = 18.0 * (double)ns;
    const double h = PAD_TOP + LINE_H + PAD_BOTTOM + legend, x0 = 80, x1 = W - 20, y0 = PAD_TOP + LINE_H,
                 y1 = PAD_TOP;
    open_svg(out, h, title);
    x_ticks(out, &ax, x0, x1, y1, y0, xlabel);
    char buf[48];
    for (double v = ay.lo; v <= ay.hi + ay.step * 1e-9; v += ay.step) {
        const double y = scale(&ay, v, y0, y1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x0, y, x1, y,
                fabs(v) < ay.step * 1e-9 ? "#555555" : "#dddddd");
        snprintf(buf, sizeof buf, "%.6g", fabs(v) < ay.step * 1e-9 ? 0.0 : v);
        text(out, x0 - 6, y + 4, "end", "", buf);
    }
    if (ylabel) {
        fprintf(out, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">", (y0 + y1) / 2);
        cs_report_html_text(out, ylabel);
        fputs("</text>\n", out);
    }
    for (size_t k = 0; k < ns; k++) {
        const char *c = cs_svg_colour(k);
        /* the band: upper edge forwards, lower edge back, over points with both */
        size_t nb = 0;
        for (size_t i = 0; i < s[k].n; i++) nb += isfinite(s[k].points[i].lo) && isfinite(s[k].points[i].hi);
        if (nb > 1) {
            fprintf(out, "<polygon fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" points=\"", c);
            for (size_t i = 0; i < s[k].n; i++) {
                const cs_svg_point *p = &s[k].points[i];
                if (isfinite(p->lo) && isfinite(p->hi) && isfinite(p->x))
                    fprintf(out, "%.1f,%.1f ", scale(&ax, p->x, x0, x1), scale(&ay, p->hi, y0, y1));
            }
            for (size_t i = s[k].n; i-- > 0;) {
                const cs_svg_point *p = &s[k].points[i];
                if (isfinite(p->lo) && isfinite(p->hi) && isfinite(p->x))
                    fprintf(out, "%.1f,%.1f ", scale(&ax, p->x, x0, x1), scale(&ay, p->lo, y0, y1));
            }
            fputs("\"/>\n", out);
        }
        fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", c);
        for (size_t i = 0; i < s[k].n; i++) {
            const cs_svg_point *p = &s[k].points[i];
            if (isfinite(p->x) && isfinite(p->y))
                fprintf(out, "%.1f,%.1f ", scale(&ax, p->x, x0, x1), scale(&ay, p->y, y0, y1));
        }
        fputs("\"/>\n", out);
        for (size_t i = 0; i < s[k].n; i++) {
            const cs_svg_point *p = &s[k].points[i];
            if (isfinite(p->x) && isfinite(p->y))
                fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", scale(&ax, p->x, x0, x1),
                        scale(&ay, p->y, y0, y1), c);
        }
        const double ly = y0 + PAD_BOTTOM + 14 + 18.0 * (double)k;
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>\n", x0, ly - 6, c);
        text(out, x0 + 20, ly, "start", "", s[k].name);
    }
    fputs("</svg>\n", out);
}
