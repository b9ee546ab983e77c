/*
 * error.c - filling and formatting cs_error values (see error.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/error.h"

cs_status cs_error_set(cs_error *err, cs_status status, const char *file, int line,
                       int column, const char *fmt, ...)
{
    if (!err) return status;
    err->status = status;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void cs_error_format(const cs_error *err, char *buf, unsigned long size)
{
    if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line,
                 err->column > 0 ? err->column : 1, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: error: %s", err->file, err->message);
    else
        snprintf(buf, size, "error: %s", err->message);
}

int cs_status_exit_code(cs_status status)
{
    switch (status) {
    case CS_OK: return 0;
    case CS_ERR_INPUT: return 2;
    default: return 1;
    }
}

void cs_error_list_add(cs_error_list *l, const cs_error *e)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].line == e->line && l->items[i].column == e->column &&
            !strcmp(l->items[i].message, e->message))
            return;
    if (l->n == l->cap) {
        const size_t cap = l->cap ? 2 * l->cap : 8;
        cs_error *more = cap <= CS_ERROR_LIST_MAX ? realloc(l->items, cap * sizeof *more) : NULL;
        if (!more) {
            l->dropped++;
            return;
        }
        l->items = more;
        l->cap = cap;
    }
    l->items[l->n++] = *e;
}

/* Stable: equal positions keep the order the loader met them in. */
typedef struct place {
    int line, column;
    size_t index;
} place;

static int by_position(const void *x, const void *y)
{
    const place *a = x, *b = y;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

void cs_error_list_sort(cs_error_list *l)
{
    if (l->n < 2) return;
    place *order = malloc(l->n * sizeof *order);
    cs_error *sorted = malloc(l->n * sizeof *sorted);
    if (order && sorted) {
        for (size_t i = 0; i < l->n; i++) order[i] = (place){ l->items[i].line, l->items[i].column, i };
        qsort(order, l->n, sizeof *order, by_position);
        for (size_t i = 0; i < l->n; i++) sorted[i] = l->items[order[i].index];
        free(l->items);
        l->items = sorted, l->cap = l->n;
        sorted = NULL;
    }
    free(order);
    free(sorted);
}

void cs_error_list_free(cs_error_list *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}
