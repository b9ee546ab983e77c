/*
 * test_port_model_hub.c - whole-port properties on the reference hub
 * (scenarios/ports/reference_hub.yaml, every regime), shortened to a 21-day
 * horizon, 7 days of warm-up and 10 days of drain (about 118,000 boxes per
 * regime):
 *
 *   conservation: per regime and flow, every generated box is reported
 *     exactly once, finished or not, and cs_port_totals agree with the
 *     records; finished boxes have ordered milestones and conventionally
 *     loaded exports met their call's cut-off;
 *   common random numbers: in replication 0 every regime sees the same
 *     vessels (schedule, arrival, call sizes) and the same boxes (ids,
 *     uniform vectors, flow, credit, channel, TEU).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "test_port_model.h"

#ifndef PM_HUB
#define PM_HUB "scenarios/ports/reference_hub.yaml"
#endif

/* Skipped outside the repository root, as test_port_scenario.c does. */
static void load_hub(cs_scenario *s)
{
    FILE *f = fopen(PM_HUB, "r");
    if (!f) skip();
    fclose(f);
    cs_error err;
    memset(&err, 0, sizeof err);
    if (cs_scenario_load_file(PM_HUB, s, &err) != CS_OK)
        fail_msg("%s:%d:%d: %s (run from the repository root)", PM_HUB, err.line, err.column, err.message);
    s->port->horizon = 21 * 24.0;
    s->port->warmup = 7 * 24.0;
    s->port->drain = 10 * 24.0;
}

/* Boxes of the import source (imports, transit) and of the export source
 * share ids: the key tells them apart. */
static uint64_t box_key(const cs_port_box_record *r)
{
    return r->id * 2 + (r->flow == CS_FLOW_EXPORT);
}

static int cmp_key(const void *a, const void *b)
{
    const uint64_t x = box_key(a), y = box_key(b);
    return x < y ? -1 : x > y;
}

static void sort_boxes(pm_recs *rc)
{
    qsort(rc->box, rc->nbox, sizeof *rc->box, cmp_key);
}

/* ---- conservation -------------------------------------------------------- */

#define ORDERED(r, a, b)                                                                       \
    do {                                                                                       \
        if (!((r)->t[CS_MS_##a] <= (r)->t[CS_MS_##b]))                                         \
            fail_msg("regime %u box %llu flow %d: %s %.10g > %s %.10g", (r)->regime,           \
                     (unsigned long long)(r)->id, (r)->flow, #a, (r)->t[CS_MS_##a], #b,        \
                     (r)->t[CS_MS_##b]);                                                       \
    } while (0)

/* Milestones of a finished box come in order, and a box loaded from the
 * stack was released by its call's cut-off. */
static void check_finished(const cs_port_scenario *p, const pm_recs *rc, const cs_port_box_record *r)
{
    if (r->flow == CS_FLOW_IMPORT) {
        ORDERED(r, T0, T1);
        ORDERED(r, T1, T2);
        ORDERED(r, T0, T8); /* release needs the vessel */
        ORDERED(r, T8, T9);
        ORDERED(r, T9, T10);
        ORDERED(r, T2, T10);
        return;
    }
    ORDERED(r, T0, T8);
    ORDERED(r, T8, LOADED);
    ORDERED(r, LOADED, DEPART);
    if (r->flow == CS_FLOW_TRANSIT) ORDERED(r, T2, T8);
    assert_true(r->vessel < rc->nves);
    const cs_port_vessel_record *v = &rc->ves[r->vessel];
    assert_float_equal(v->departed, r->t[CS_MS_DEPART], 0.0);
    const bool direct = p->regimes[r->regime].direct_loading_share > 0 && r->path == CS_PATH_PILOT;
    if (!direct && !(r->t[CS_MS_T8] <= v->ops_start - p->cutoff))
        fail_msg("regime %u box %llu: released %.10g after the cut-off of call %u (ops %.10g)", r->regime,
                 (unsigned long long)r->id, r->t[CS_MS_T8], r->vessel, v->ops_start);
}

static void test_conservation(void **state)
{
    (void)state;
    cs_scenario s;
    load_hub(&s);
    const cs_port_scenario *p = s.port;
    assert_true(p->nregimes >= 8);
    for (uint32_t r = 0; r < p->nregimes; r++) {
        pm_recs rc;
        pm_run(&s, r, &rc);
        uint64_t fin[3] = { 0 }, unfin[3] = { 0 }, obs[3] = { 0 }, obs_fin[3] = { 0 };
        for (size_t i = 0; i < rc.nbox; i++) {
            const cs_port_box_record *b = &rc.box[i];
            assert_int_equal(b->regime, r);
            assert_true(b->flow <= CS_FLOW_TRANSIT);
            if (b->finished) fin[b->flow]++;
            else unfin[b->flow]++;
            if (b->observed) obs[b->flow]++;
            if (b->observed && b->finished) obs_fin[b->flow]++;
            if (b->finished) check_finished(p, &rc, b);
        }
        for (int f = 0; f < 3; f++) {
            if (rc.tot.generated[f] != fin[f] + unfin[f] || rc.tot.finished[f] != fin[f] ||
                rc.tot.observed[f] != obs[f] || rc.tot.observed_finished[f] != obs_fin[f])
                fail_msg("regime %s flow %d: totals generated %llu finished %llu observed %llu/%llu; "
                         "records finished %llu unfinished %llu observed %llu/%llu",
                         p->regimes[r].name, f, (unsigned long long)rc.tot.generated[f],
                         (unsigned long long)rc.tot.finished[f], (unsigned long long)rc.tot.observed[f],
                         (unsigned long long)rc.tot.observed_finished[f], (unsigned long long)fin[f],
                         (unsigned long long)unfin[f], (unsigned long long)obs[f],
                         (unsigned long long)obs_fin[f]);
            assert_true(fin[f] > 0); /* every flow runs on the hub */
        }
        /* each box reported once */
        sort_boxes(&rc);
        for (size_t i = 1; i < rc.nbox; i++)
            if (box_key(&rc.box[i]) == box_key(&rc.box[i - 1]))
                fail_msg("regime %s: box %llu reported twice", p->regimes[r].name,
                         (unsigned long long)rc.box[i].id);
        /* the vessels are reported in index order */
        for (size_t v = 0; v < rc.nves; v++) assert_int_equal(rc.ves[v].vessel, v);
        pm_recs_free(&rc);
    }
    cs_scenario_free(&s);
}

/* ---- common random numbers ----------------------------------------------- */

static bool has_surge(const cs_regime_spec *r)
{
    for (uint32_t i = 0; i < r->ndisruptions; i++)
        if (r->disruptions[i].arrival_surge != 1.0) return true;
    return false;
}

/* Every box of `a` present in `b` (same key) has the same attributes; the
 * key sets are equal when `equal_sets`.  Both sorted by key. */
static void same_boxes(const cs_port_scenario *p, const pm_recs *a, const pm_recs *b, bool equal_sets)
{
    size_t i = 0, j = 0, common = 0;
    while (i < a->nbox && j < b->nbox) {
        const cs_port_box_record *x = &a->box[i], *y = &b->box[j];
        const uint64_t kx = box_key(x), ky = box_key(y);
        if (kx != ky) {
            if (equal_sets)
                fail_msg("regime %s lacks box %llu (flow %d) of regime %s", p->regimes[kx < ky ? y->regime : x->regime].name,
                         (unsigned long long)(kx < ky ? x->id : y->id), kx < ky ? x->flow : y->flow,
                         p->regimes[kx < ky ? x->regime : y->regime].name);
            if (kx < ky) i++;
            else j++;
            continue;
        }
        if (x->flow != y->flow || x->credit != y->credit || x->channel != y->channel || x->teu != y->teu ||
            memcmp(x->u, y->u, sizeof x->u) != 0)
            fail_msg("box %llu differs between regimes %s and %s", (unsigned long long)x->id,
                     p->regimes[x->regime].name, p->regimes[y->regime].name);
        common++;
        i++;
        j++;
    }
    if (equal_sets) {
        assert_int_equal(i, a->nbox);
        assert_int_equal(j, b->nbox);
        assert_int_equal(a->nbox, b->nbox);
    }
    assert_true(common > 100000);
}

static void test_common_random_numbers(void **state)
{
    (void)state;
    cs_scenario s;
    load_hub(&s);
    const cs_port_scenario *p = s.port;
    pm_recs base;
    pm_run(&s, 0, &base);
    sort_boxes(&base);
    assert_false(has_surge(&p->regimes[0]));
    for (uint32_t r = 1; r < p->nregimes; r++) {
        pm_recs rc;
        pm_run(&s, r, &rc);
        sort_boxes(&rc);
        same_boxes(p, &base, &rc, !has_surge(&p->regimes[r]));
        /* the same vessels, arriving at the same times */
        assert_int_equal(rc.nves, base.nves);
        for (size_t v = 0; v < rc.nves; v++) {
            const cs_port_vessel_record *x = &base.ves[v], *y = &rc.ves[v];
            assert_int_equal(y->vessel, x->vessel);
            assert_int_equal(y->service, x->service);
            assert_int_equal(y->call, x->call);
            assert_float_equal(y->scheduled, x->scheduled, 0.0);
            assert_float_equal(y->arrival, x->arrival, 0.0);
            if (!has_surge(&p->regimes[r])) {
                assert_int_equal(y->imports, x->imports);
                assert_int_equal(y->exports, x->exports);
            }
        }
        pm_recs_free(&rc);
    }
    pm_recs_free(&base);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conservation),
        cmocka_unit_test(test_common_random_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
