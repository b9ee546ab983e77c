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
 * documented cap on work that --allow-large lifts.  Estimates are rough on
 * purpose (within a factor of two): they catch the impossible, not the
 * merely large.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include "experiment/job_plan.h"

/* Histogram bins one key occupies, for the estimate: values spread over 16
 * octaves (a factor of 65,000) fill 1,024 bins; a replication's dense runs
 * hold about twice as many. */
#define EST_BINS 1024.0

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

/* What this process holds already (libraries, HDF5, the loaded scenario):
 * VmRSS of /proc/self/status, 0 where there is none. */
static double resident_now(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[128];
    double kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %lf kB", &kib) == 1) break;
    fclose(f);
    return kib * 1024.0;
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
    double model_peak = 0, results = 0;
    for (size_t i = 0; i < n; i++) {
        double events = 0, bytes = 0;
        if (pl->model->estimate) pl->model->estimate(pl->scenarios[i], &events, &bytes);
        uint32_t todo = 0;
        for (uint32_t rep = 0; rep < nrep; rep++) todo += !(pl->skip && pl->skip[i * nrep + rep]);
        e->events += events * todo;
        if (bytes > model_peak) model_peak = bytes;
    }
    const double keys = (double)pl->key_off[n], res = (double)pl->res_off[n], cnt = (double)pl->cnt_off[n];
    const double series = (double)pl->ser_off[n] * pl->nsamples;
    results = keys * (nrep * sizeof(cs_rep_value) + sizeof(cs_hist_bins) + EST_BINS * (sizeof(int32_t) + sizeof(uint64_t)) +
                      sizeof(cs_summary_row) + sizeof(cs_difference_row)) +
              res * nrep * (sizeof(cs_resource_value) + sizeof(cs_resource_key)) + cnt * nrep * sizeof(double) +
              series * (pl->series.per_replication ? nrep * sizeof(double) : sizeof(double) + 12);
    const double per_thread = (double)pl->max_keys * (sizeof(cs_hist) + 2.0 * EST_BINS * sizeof(uint64_t) + sizeof(cs_welford)) +
                              (double)pl->max_res * sizeof(cs_resource_value) +
                              (double)pl->max_ser * pl->nsamples * sizeof(double) + model_peak;
    /* the file is built in memory before it is written: about the results again */
    e->bytes = resident_now() + 2.0 * results + threads * per_thread;
    memory_limit(e);
}

static const char *human_bytes(double b, char *buf, size_t size)
{
    if (b >= 1024.0 * 1024 * 1024) snprintf(buf, size, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    else snprintf(buf, size, "%.0f MiB", b / (1024.0 * 1024));
    return buf;
}

cs_status cs_job_plan_check(const cs_job_plan *pl, uint32_t nrep, int threads, bool allow_large, cs_error *err)
{
    cs_job_estimate e;
    cs_job_plan_estimate(pl, nrep, threads, &e);
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
