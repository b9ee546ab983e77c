/*
 * extra_catalog.h - one metric of each kind (and a counter) appended to
 * the port model's catalogue, for a test build only: make EXTRA=1 builds
 * build/release-extra/clearsim (build/san-extra/ with SAN=1) with
 * -DCS_PORT_EXTRA_CATALOG naming this file (sim/model/port_catalog.c
 * includes it).  tests/catalog_test.sh runs that
 * binary to show that the run summary, the report, the decomposition and
 * the plot tool pick up a metric by its kind, with no change to them.
 * Every name starts with x_ so that nothing can mistake it for a real one.
 *
 * Rows: name, kind, label, description, end milestone per flow (import,
 * export, transit, vessel), start milestone per flow, end_else, two_step,
 * milestone (kind interval only).  NO (-1): not recorded in that flow.
 */
#define PORT_EXTRA_SPANS                                                                                   \
    { "x_primary_h", CS_METRIC_PRIMARY, "test primary", "vessels: arrival to departure (a test metric)",     \
      { NO, NO, NO, CS_MS_DEPART }, { NO, NO, NO, CS_MS_T0 }, NO, false, NULL },                             \
    { "x_headline_h", CS_METRIC_HEADLINE, "test headline",                                                  \
      "imports: customs release to carrier release (a test metric)", { CS_MS_T9, NO, NO, NO },              \
      { CS_MS_T8, NO, NO, NO }, NO, false, NULL },                                                           \
    { "x_detail_h", CS_METRIC_DETAIL, "test detail", "exports: gate-in to declaration (a test metric)",      \
      { NO, CS_MS_T3, NO, NO }, { NO, CS_MS_T0, NO, NO }, NO, false, NULL },                                 \
    { "x_interval_h", CS_METRIC_INTERVAL, "test interval",                                                  \
      "imports: gate-out to gate-out, a zero interval after the chain (a test metric)",                     \
      { CS_MS_T10, NO, NO, NO }, { CS_MS_T10, NO, NO, NO }, NO, false, "x_end" },

#define PORT_EXTRA_COUNTERS                                                                                \
    { "x_count", CS_METRIC_COUNT, "test count", "the observed boxes again (a test counter)",                \
      CS_PORT_BOXES_OBSERVED },
