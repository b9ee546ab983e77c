/*
 * limits.c - refusing, before anything runs, a run that cannot finish.
 *
 * A scenario can be valid and still absurd for this machine: a horizon of
 * decades with hourly series, a billion customers, a sweep of 10^5 points.
 * The plan is priced from what the model says one replication costs
 * (events; its peak memory) and what the runner will hold (the results,
 * and per thread one output buffer and one model state), and compared with
 * the memory this process may really use, the smallest of the memory the
 * kernel reports available, the cgroup's limit and RLIMIT_AS, and with a
 * documented cap on work that --allow-large lifts.  A run holds all its
 * results and builds its file in memory; a sweep holds only the points in
 * flight, the writer's chunks and the journal's pending batch, so its
 * estimate does not grow with the points.  The memory estimate is kept
 * within 1.5x of the peak a run reaches (VmHWM, which -v prints beside it;
 * tests/run_output_test.sh checks a queue run, a port run and two sweeps).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include "experiment/job_plan.h"

/* Histogram bins one key occupies, for the estimate: values spread over 8
 * octaves (a factor of 256) fill 512 bins.  Measured: 350 a key on the
 * default scenario (2 replications), 170 on a small port's sweep points. */
#define EST_BINS 512.0
/* A sweep's writer buffers one chunk of at most 128 KiB for each column
 * (output/h5_append.c), of which the rows written so far are touched: the
 * columns with one row per key (summary, histogram keys, differences,
 * shares, decomposition), per key and replication, per histogram bin, per
 * resource and per counter and replication; a row of a column is about
 * ROW_BYTES (strings are wider, numbers 8).  The journal's batch goes out
 * at 4 MiB (journal.c). */
#define APPEND_CHUNK (128.0 * 1024)
#define KEY_COLUMNS 50.0
#define REP_COLUMNS 9.0
#define BIN_COLUMNS 4.0
#define RES_COLUMNS 15.0
#define CNT_COLUMNS 8.0
#define ROW_BYTES 12.0
#define JOURNAL_BYTES (4.0 * 1024 * 1024)

static double chunk_part(double bytes)
{
    return bytes < APPEND_CHUNK ? bytes : APPEND_CHUNK;
}

/* A number from the first line of a file ("max" and failures: -1). */
static double read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char buf[64] = "";
    const bool ok = fgets(buf, sizeof buf, f) != NULL;
    fclose(f);
    if (!ok || !strncmp(buf, "max", 3)) return -1;
    double v;
    return sscanf(buf, "%lf", &v) == 1 ? v : -1;
}

static double mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return -1;
    char line[128];
    double kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kib) == 1) break;
    fclose(f);
    return kib < 0 ? -1 : kib * 1024.0;
}

/* A "Field: N kB" line of /proc/self/status in bytes, 0 where there is none. */
static double status_bytes(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[128];
    const size_t len = strlen(field);
    double kib = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, len) && line[len] == ':' && sscanf(line + len + 1, "%lf", &kib) == 1) break;
    fclose(f);
    return kib * 1024.0;
}

/* What this process holds already (libraries, HDF5, the loaded scenario). */
double cs_memory_resident(void)
{
    return status_bytes("VmRSS");
}

double cs_memory_peak(void)
{
    return status_bytes("VmHWM");
}

static void take_smaller(cs_job_estimate *e, double bytes, const char *what)
{
    if (bytes > 0 && (e->limit_bytes <= 0 || bytes < e->limit_bytes)) {
        e->limit_bytes = bytes;
        snprintf(e->limit_what, sizeof e->limit_what, "%s", what);
    }
}

static void memory_limit(cs_job_estimate *e)
{
    e->limit_bytes = -1;
    take_smaller(e, mem_available(), "available memory");
    const double v2 = read_number("/sys/fs/cgroup/memory.max"), used2 = read_number("/sys/fs/cgroup/memory.current");
    if (v2 > 0) take_smaller(e, v2 - (used2 > 0 ? used2 : 0), "the cgroup's memory.max");
    const double v1 = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    if (v1 > 0 && v1 < 1e18) take_smaller(e, v1, "the cgroup's memory limit");
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) take_smaller(e, (double)rl.rlim_cur, "ulimit -v");
}

void cs_job_plan_estimate(const cs_job_plan *pl, uint32_t nrep, int threads, cs_job_estimate *e)
{
    memset(e, 0, sizeof *e);
    const size_t n = pl->npoints;
    for (size_t i = 0; i < n; i++) {
        uint32_t todo = 0;
        for (uint32_t rep = 0; rep < nrep; rep++) todo += !(pl->skip && pl->skip[i * nrep + rep]);
        e->events += pl->events[i] * todo;
    }
    /* every key has its rows; the quantile keys (quantiles.c) no bins */
    const double per_key = nrep * sizeof(cs_rep_value) + sizeof(cs_hist_bins) + sizeof(cs_metric_key) +
                           sizeof(cs_summary_row) + sizeof(cs_difference_row);
    const double per_hist = EST_BINS * (sizeof(int32_t) + sizeof(uint64_t));
    const double per_resource = nrep * sizeof(cs_resource_value) + sizeof(cs_resource_key);
    const double per_series = pl->nsamples * (pl->series.per_replication ? nrep * sizeof(double) : sizeof(double) + 12);
    const double keys = (double)pl->key_off[n], res = (double)pl->res_off[n], cnt = (double)pl->cnt_off[n];
    const double hists = keys - (double)pl->quantile_keys, max_hists = (double)(pl->max_keys - pl->max_quantile_keys);
    const double results = keys * per_key + hists * per_hist + res * per_resource + cnt * nrep * sizeof(double) +
                           (double)pl->ser_off[n] * per_series;
    const double per_thread = (double)pl->max_keys * (sizeof(cs_hist) + sizeof(cs_welford)) +
                              max_hists * EST_BINS * sizeof(uint64_t) +
                              (double)pl->max_res * sizeof(cs_resource_value) +
                              (double)pl->max_ser * pl->nsamples * sizeof(double) + pl->model_bytes;
    double held;
    if (pl->scenarios) {
        /* a run: the results, and the file built in memory from them
         * (compressed: about a third of their size) */
        held = 1.3 * results;
    } else {
        /* a sweep written point by point: the points in flight (one per
         * thread, and about as many again waiting for their turn), one
         * chunk per column in the writer, the journal's batch not yet
         * written, and the plan's few numbers per point and job */
        const double point = (double)pl->max_keys * per_key + max_hists * per_hist +
                             (double)pl->max_res * per_resource +
                             (double)pl->max_cnt * nrep * sizeof(double) + (double)pl->max_ser * per_series;
        const double rows_key = keys, rows_rep = keys * nrep, rows_bin = hists * EST_BINS / 2;
        const double writer = KEY_COLUMNS * chunk_part(rows_key * ROW_BYTES) + REP_COLUMNS * chunk_part(rows_rep * ROW_BYTES) +
                              BIN_COLUMNS * chunk_part(rows_bin * 8) + RES_COLUMNS * chunk_part(res * nrep * ROW_BYTES) +
                              CNT_COLUMNS * chunk_part(cnt * nrep * ROW_BYTES) +
                              chunk_part((double)pl->ser_off[n] * per_series);
        const double records = nrep * (keys * 24 + hists * EST_BINS / 2 * 12);
        const double journal = records < JOURNAL_BYTES ? records : JOURNAL_BYTES;
        const double metadata = results < CS_OUTPUT_METADATA_CACHE ? 0 : CS_OUTPUT_METADATA_CACHE;
        held = (2.0 * threads + 1) * point + writer + journal + metadata + n * (40.0 + CS_LABEL_MAX + nrep);
    }
    e->bytes = cs_memory_resident() + held + threads * per_thread;
    memory_limit(e);
}

static const char *human_bytes(double b, char *buf, size_t size)
{
    if (b >= 1024.0 * 1024 * 1024) snprintf(buf, size, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    else snprintf(buf, size, "%.0f MiB", b / (1024.0 * 1024));
    return buf;
}

cs_status cs_job_plan_check(const cs_job_plan *pl, uint32_t nrep, int threads, bool allow_large, double *bytes,
                            cs_error *err)
{
    cs_job_estimate e;
    cs_job_plan_estimate(pl, nrep, threads, &e);
    if (bytes) *bytes = e.bytes;
    const char *file = cs_job_plan_prototype(pl)->path;
    char need[32], have[32];
    if (e.limit_bytes > 0 && e.bytes > 0.9 * e.limit_bytes)
        return cs_error_set(err, CS_ERR_INPUT, file, 0, 0,
                            "this run needs about %s of memory and %s allows %s: use fewer threads (-j), fewer "
                            "replications or sweep points, a shorter horizon, or timeseries.enabled: false",
                            human_bytes(e.bytes, need, sizeof need), e.limit_what,
                            human_bytes(e.limit_bytes, have, sizeof have));
    if (!allow_large && e.events > CS_WORK_CAP_EVENTS)
        return cs_error_set(err, CS_ERR_INPUT, file, 0, 0,
                            "this run is about %.2g events (%.3g hours of one core), more than the cap of %.0e: "
                            "shorten the horizon, lower the arrivals or replications, or pass --allow-large",
                            e.events, e.events / 3e6 / 3600.0, CS_WORK_CAP_EVENTS);
    return CS_OK;
}
