// The scheduler check of lab 08: spread over two or more cores, workers run at
// the same moment; pinned to one core, they take turns in slices.
//
// Lab 08's perf driver runs kSchedulerWorkers busy workers for
// kSchedulerSeconds and reports how much of the time two or more of them made
// progress at once (the overlap fraction) and the median slice one worker ran
// before another took over. A probe of the framework's own (bare forked
// spinners) runs in the same rounds and shows how much overlap the machine
// allows right now: on a machine busy with other work even the probe's workers
// share one core. Spread, each version must reach half the probe's overlap;
// pinned, the median slice is reported (the tutorial says about 1 ms). With one
// usable core, or when the probe cannot overlap, the check is inconclusive and
// says why.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kSchedulerWorkers = 2;
inline constexpr double kSchedulerSeconds = 0.3;
inline constexpr double kMinOverlap = 0.2;  // the probe must reach this to judge at all
inline constexpr double kProbeShare = 0.5;  // a version must reach this share of the probe's
inline constexpr double kNoOverlap = 0.05;  // fail when even the upper quartile is below

struct SchedulerMeasurements {
  std::vector<double> thread_overlap, process_overlap;  // spread, fraction of time
  std::vector<double> probe_overlap;                    // the framework's own, spread
  std::vector<double> pinned_slice_ms;                  // pinned, median slice per trial
};

// ratio = the smaller of the two versions' median overlap over the probe's.
Decision judge_scheduler(const SchedulerMeasurements& m, PerfResult* out);

PerfResult run_scheduler_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
