// The chart data of each perf check (chart_data.hpp), made from the trials it
// measured: what a student should see of the numbers behind a verdict.
//
// Each function returns null when the trials it needs are missing (a check that
// stopped at a failed trial, or measured nothing), so the report shows a note
// instead of an empty chart. Pure functions of the samples.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "perf_engine.hpp"

namespace ptlabs::grader {

// The trial of `variant` whose numeric field `key` is the median (the lower of
// the two middle ones for an even count), or nullptr when there is none.
const Trial* median_trial(const Samples& samples, const std::string& variant, const char* key);

// Lab 03, one kernel ("python" or "native"): speedup over the one-thread baseline
// ("serial") against workers for "threads" and "processes", and the timeline of
// kernel calls per worker of their median trials (the driver's "calls" field).
nlohmann::json cpu_chart_data(const Samples& samples, const std::string& kernel, int workers);

// Lab 04: wall and CPU time of "threads" and "processes" (medians).
nlohmann::json io_chart_data(const Samples& samples);

// Lab 06: PSS (and page tables) per worker of "threads", "processes" and the
// copy-on-write probe "cow-probe" (medians).
nlohmann::json footprint_chart_data(const Samples& samples);

// Lab 08: the running stretches of every worker (the driver's "timeline" field) of
// the median trials of "threads" and "processes" spread over the cores and of
// "pinned" (all on one core).
nlohmann::json scheduler_chart_data(const Samples& samples);

}  // namespace ptlabs::grader
