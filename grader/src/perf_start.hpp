// The starting-time performance check of lab 05: threads start faster than
// processes.
//
// Lab 05's perf driver starts kStartWorkers workers per trial and reports the
// median start latency (worker's first action minus the call's start). The
// thread version's median must be at least kStartMargin times shorter than the
// process version's. Two baselines of the framework's own, a bare fork() and a
// posix_spawn() of the driver's own binary, both from the same parent, are
// reported beside it, not judged. One core is enough to show the effect, but
// not a machine whose other work keeps its cores busy: a new worker then waits
// for a core, and the wait, not the start, is measured. With a load average
// above the usable cores plus one, a missing win is inconclusive, not a failure.
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
  double load_average = 0;                 // of the last minute, from /proc/loadavg
  int usable_cores = 1;
};

// Returns the one-minute load average of the machine, or 0 if unknown.
double read_load_average();

// ratio = median process latency / median thread latency.
Decision judge_threads_start_faster(const StartMeasurements& m, PerfResult* out);

PerfResult run_start_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
