// The starting-time performance check of lab 05: threads start faster than
// processes.
//
// Lab 05's perf driver starts kStartWorkers workers per trial and reports the
// median start latency (worker's first action minus the call's start). The
// thread version's median must be at least kStartMargin times shorter than the
// process version's. Two baselines of the framework's own, a bare fork() and a
// posix_spawn() of a small program, are reported beside it, not judged. One
// core is enough to show the effect.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kStartWorkers = 32;
inline constexpr double kStartMargin = 2.0;

struct StartMeasurements {
  std::vector<double> threads, processes;  // median start latency per trial, seconds
  std::vector<double> fork, spawn;         // the baselines, seconds
};

// ratio = median process latency / median thread latency.
Decision judge_threads_start_faster(const StartMeasurements& m, PerfResult* out);

PerfResult run_start_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
