// The pipeline check of lab 09: the hybrid design (threads fetch, a pool of
// processes scores with the python kernel) beats threads only and processes
// only. Scoring in parallel needs two or more usable cores; with one the
// check is inconclusive and says why. As in lab 03, a calibration probe in the
// same rounds (W children scoring at once against one alone) measures the
// parallel capacity the machine really delivers; below kMinCapacity the
// verdict is inconclusive, never a fail for a busy machine.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kPipelineItems = 128;
inline constexpr int kPipelineFetchers = 16;
inline constexpr int kPipelineLatencyMs = 5;
// The hybrid must be this much faster than the better pure design, in the median.
inline constexpr double kHybridMargin = 1.1;

struct PipelineMeasurements {
  int scorers = 2;
  std::vector<double> threads, processes, hybrid;  // wall times
  std::vector<double> probe_one, probe_all;        // calibration: one scorer, W at once
};

// ratio = the better pure design's median wall time / the hybrid's.
Decision judge_hybrid_wins(const PipelineMeasurements& m, PerfResult* out);

PerfResult run_pipeline_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
