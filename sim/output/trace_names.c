/*
 * trace_names.c - the names of the box trace's codes (cs_trace_row), as the
 * result file's /trace group writes them (docs/hdf5.md).
 */
#include "clearsim/results.h"

const char *const cs_trace_flow_names[3] = { "import", "export", "transit" };
const char *const cs_trace_credit_names[3] = { "aeo", "general", "low" };
const char *const cs_trace_channel_names[5] = { "green", "document", "scan", "exam", "lab" };
const char *const cs_trace_path_names[4] = { "none", "pilot", "fallback", "not-adopted" };
const char *const cs_trace_milestone_names[CS_TRACE_MILESTONES] = {
    "T0", "T1", "T2", "T3", "T4", "T5", "T6s", "T6e",
    "T7", "T8", "T9", "T10", "final", "loaded", "depart",
};
