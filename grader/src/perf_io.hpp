// The I/O-bound performance check of lab 04: threads beat processes.
//
// Lab 04's perf driver fetches kIoPaths paths from a local server that waits
// kIoLatencyMs per request, at concurrency kIoConcurrency. The thread version
// must beat the process version in wall time and in CPU time (user + sys of
// the whole process tree), both must really keep the requests in flight, and
// the thread version's wall time must stay within kLatencyBoundFactor of the
// latency bound ceil(N / C) x latency. None of this needs more than one core.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kIoPaths = 512;
inline constexpr int kIoConcurrency = 64;
inline constexpr int kIoLatencyMs = 20;
inline constexpr double kLatencyBoundFactor = 2.0;
// Both versions must keep at least this share of min(C, N) requests in flight.
inline constexpr double kInFlightShare = 0.8;

struct IoMeasurements {
  double bound_s = 0;  // ceil(N / C) x latency
  std::vector<double> thread_wall, thread_cpu, process_wall, process_cpu;
};

// Judges from interleaved samples; ratio = median process wall / median thread wall.
Decision judge_threads_win(const IoMeasurements& m, PerfResult* out);

PerfResult run_io_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
