/*
 * models.c - the models clearsim knows, by scenario kind, and what they
 * share: reading a resource's figures into the results' form.
 */
#include "clearsim/model.h"
#include "clearsim/resource.h"

const cs_model *cs_model_for(const cs_scenario *s)
{
    return s->kind == CS_SCENARIO_QUEUE ? &cs_queue_model : &cs_port_model;
}

cs_resource_value cs_model_resource_value(const cs_resource *r, double now)
{
    const cs_resource_stats rs = cs_resource_stats_at(r, now);
    return (cs_resource_value){ rs.window_start, rs.window_end, rs.capacity_mean, rs.busy_mean,
                                rs.utilisation,  rs.queue_mean, rs.queue_max,     rs.queue_p90,
                                rs.in_system_mean, (double)rs.arrivals, (double)rs.completions };
}
