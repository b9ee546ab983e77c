/*
 * validate.c - the engine checked against queueing theory.
 *
 * A validation case is an ordinary queue scenario run through
 * cs_experiment_run, the code path of `clearsim run`.  Theory comes from the
 * scenario's own parameters: Pollaczek-Khinchine for one server (any
 * service distribution), Erlang C for several exponential servers; both
 * need Poisson arrivals.  Checks per case: mean wait and mean sojourn within
 * 3.3 standard errors of theory and with a 95 % half-width below the limit;
 * Little's law L = lambda * W per replication within 1 %, all on the
 * observation window that starts at the arrival of customer warmup+1.
 * The warm-up must cover 20 relaxation times, approximated by
 * (1 + cs^2)/2 / (c mu (1 - sqrt(rho))^2), the M/M/c figure scaled by the
 * service variability, which is the heavy-traffic behaviour.  That rule
 * is cs_queue_warmup_rule, the one `run` and `sweep` warn by (thin.c).
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"
#include "clearsim/stats.h"

#define QUICK_DIVISOR 6
#define FULL_LIMIT 0.015
#define QUICK_LIMIT 0.04
#define MAX_SE 3.3
#define LITTLE_TOLERANCE 0.01
#define WARMUP_RELAXATIONS 20.0

typedef struct theory {
    double lambda, rho, wait, sojourn, relaxation;
} theory;

/* Erlang C probability of waiting for c servers and offered load a. */
static double erlang_c(uint32_t c, double a)
{
    double term = 1.0, sum = 0.0; /* term = a^k / k! */
    for (uint32_t k = 0; k < c; k++) {
        sum += term;
        term *= a / (double)(k + 1);
    }
    const double rho = a / c;
    const double top = term / (1.0 - rho);
    return top / (sum + top);
}

/* The relaxation time of the header; NaN without a steady state.  One
 * definition for validate's refusal and the runs' warning. */
static double relaxation_time(const cs_queue_scenario *q)
{
    const double es = cs_dist_mean(&q->service), vs = cs_dist_variance(&q->service);
    const uint32_t c = q->servers;
    const double rho = 1.0 / cs_dist_mean(&q->arrival) * es / c;
    if (!(rho < 1.0)) return NAN;
    const double cs2 = vs / (es * es);
    const double root = 1.0 - sqrt(rho);
    return (1.0 + cs2) / 2.0 / ((c / es) * root * root);
}

static cs_status queue_theory(const cs_scenario *s, theory *t, cs_error *err)
{
    const cs_queue_scenario *q = &s->queue;
    if (q->arrival.kind != CS_DIST_EXPONENTIAL)
        return cs_error_set(err, CS_ERR_INPUT, s->path, 0, 0,
                            "validation needs exponential interarrival times");
    const double es = cs_dist_mean(&q->service), vs = cs_dist_variance(&q->service);
    const uint32_t c = q->servers;
    t->lambda = 1.0 / cs_dist_mean(&q->arrival);
    t->rho = t->lambda * es / c;
    if (!(t->rho < 1.0))
        return cs_error_set(err, CS_ERR_INPUT, s->path, 0, 0, "utilisation %.3f >= 1: no steady state", t->rho);
    if (c == 1) {
        t->wait = t->lambda * (vs + es * es) / (2.0 * (1.0 - t->rho));
    } else if (q->service.kind == CS_DIST_EXPONENTIAL) {
        t->wait = erlang_c(c, t->lambda * es) / (c / es - t->lambda);
    } else {
        return cs_error_set(err, CS_ERR_INPUT, s->path, 0, 0,
                            "validation of several servers needs exponential service");
    }
    t->sojourn = t->wait + es;
    t->relaxation = relaxation_time(q);
    return CS_OK;
}

double cs_queue_warmup_rule(const cs_queue_scenario *q)
{
    return WARMUP_RELAXATIONS * relaxation_time(q) * (1.0 / cs_dist_mean(&q->arrival));
}

static void check_mean(cs_validation_case *vc, const char *what, const cs_summary_row *row,
                       double theory_value, double limit)
{
    cs_validation_check *ch = &vc->checks[vc->nchecks++];
    char scenario[sizeof vc->scenario];
    memcpy(scenario, vc->scenario, sizeof scenario);
    snprintf(ch->name, sizeof ch->name, "%.24s %.20s", scenario, what);
    ch->estimate = row->mean;
    ch->theory = theory_value;
    ch->ci_low = row->ci95_low;
    ch->ci_high = row->ci95_high;
    ch->half_width = (row->ci95_high - row->ci95_low) / 2.0;
    ch->std_error = ch->half_width / cs_student_t_quantile(0.975, (double)row->n - 1.0);
    ch->limit = limit;
    const double dev = fabs(ch->estimate - theory_value);
    ch->pass = false;
    if (!(dev <= MAX_SE * ch->std_error))
        snprintf(ch->reason, sizeof ch->reason, "off theory by %.2f standard errors", dev / ch->std_error);
    else if (!(ch->half_width <= limit * theory_value))
        snprintf(ch->reason, sizeof ch->reason, "95%% half-width %.2f%% of theory exceeds %.1f%%",
                 100.0 * ch->half_width / theory_value, 100.0 * limit);
    else
        ch->pass = true;
}

/* Little's law per replication: time-weighted L vs observed lambda * W. */
static void check_little(cs_validation_case *vc, const cs_results *r, size_t sojourn_key)
{
    cs_validation_check *ch = &vc->checks[vc->nchecks++];
    char scenario[sizeof vc->scenario];
    memcpy(scenario, vc->scenario, sizeof scenario);
    snprintf(ch->name, sizeof ch->name, "%.24s little", scenario);
    double worst = 0.0, worst_l = NAN, worst_lw = NAN;
    for (uint32_t rep = 0; rep < r->replications; rep++) {
        const cs_resource_value *v = &r->resource_values[rep];
        const double lambda = v->arrivals / (v->window_end - v->window_start);
        const double lw = lambda * r->rep_values[sojourn_key * r->replications + rep].mean;
        const double rel = fabs(v->in_system_mean - lw) / v->in_system_mean;
        if (!(rel <= worst)) {
            worst = rel;
            worst_l = v->in_system_mean;
            worst_lw = lw;
        }
    }
    ch->estimate = worst_l;
    ch->theory = worst_lw;
    ch->limit = LITTLE_TOLERANCE;
    ch->std_error = ch->half_width = ch->ci_low = ch->ci_high = NAN;
    ch->pass = worst <= LITTLE_TOLERANCE;
    if (!ch->pass)
        snprintf(ch->reason, sizeof ch->reason, "L and lambda*W differ by %.3f%%", 100.0 * worst);
}

static size_t find_metric(const cs_results *r, const char *metric)
{
    for (size_t k = 0; k < r->nkeys; k++)
        if (strcmp(r->keys[k].metric, metric) == 0) return k;
    return SIZE_MAX;
}

cs_status cs_validate_scenario(const char *path, bool quick, int threads,
                               cs_validation_case *vc, cs_error *err)
{
    memset(vc, 0, sizeof *vc);
    cs_scenario s;
    cs_status st = cs_scenario_load_file(path, &s, err);
    if (st != CS_OK) return st;
    theory t = { 0 };
    st = queue_theory(&s, &t, err);
    if (st == CS_OK && s.queue.warmup < cs_queue_warmup_rule(&s.queue))
        st = cs_error_set(err, CS_ERR_INPUT, path, 0, 0,
                          "warmup %llu customers is shorter than %.0f relaxation times (%.0f customers)",
                          (unsigned long long)s.queue.warmup, WARMUP_RELAXATIONS, cs_queue_warmup_rule(&s.queue));
    if (st != CS_OK) {
        cs_scenario_free(&s);
        return st;
    }
    if (quick) s.queue.customers = s.queue.warmup + (s.queue.customers - s.queue.warmup) / QUICK_DIVISOR;
    snprintf(vc->scenario, sizeof vc->scenario, "%s", s.name);
    snprintf(vc->description, sizeof vc->description, "c=%u rho=%.3f service %s",
             s.queue.servers, t.rho, cs_dist_name(s.queue.service.kind));
    vc->customers = s.queue.customers;
    vc->warmup = s.queue.warmup;
    vc->replications = s.replications;
    vc->relaxation_time = t.relaxation;
    vc->warmup_relaxations = (double)s.queue.warmup / (t.relaxation * t.lambda);

    const cs_run_options opt = { .threads = threads };
    cs_results r;
    const double t0 = omp_get_wtime();
    st = cs_experiment_run(&s, &opt, &r, err);
    vc->seconds = omp_get_wtime() - t0;
    if (st == CS_OK) {
        const char *wait = cs_queue_metric_name(CS_QUEUE_WAIT), *sojourn = cs_queue_metric_name(CS_QUEUE_SOJOURN);
        const size_t kw = find_metric(&r, wait), ks = find_metric(&r, sojourn);
        const double limit = quick ? QUICK_LIMIT : FULL_LIMIT;
        check_mean(vc, wait, &r.summary[kw], t.wait, limit);
        check_mean(vc, sojourn, &r.summary[ks], t.sojourn, limit);
        check_little(vc, &r, ks);
    }
    cs_results_free(&r);
    cs_scenario_free(&s);
    return st;
}
