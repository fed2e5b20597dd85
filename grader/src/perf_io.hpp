// The I/O-bound performance check of lab 04: threads beat processes.
//
// Lab 04's perf driver fetches kIoPaths paths from a local server that waits
// kIoLatencyMs per request, at concurrency kIoConcurrency. The thread version
// must beat the process version in wall time and in CPU time (user + sys of
// the whole process tree), both must really keep the requests in flight, and
// the thread version's wall time must stay within kLatencyBoundFactor of the
// latency bound ceil(N / C) x latency. On a machine slowed by other work even
// the framework's own thread-per-path probe, measured in the same rounds, can
// miss that; the limit is then kProbeFactor times the probe's time, so a busy
// machine is never blamed on the submission. None of this needs more than one core.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kIoPaths = 512;
inline constexpr int kIoConcurrency = 64;
inline constexpr int kIoLatencyMs = 20;
inline constexpr double kLatencyBoundFactor = 2.0;
inline constexpr double kProbeFactor = 1.5;
// The least share of min(C, N) requests each version must have had in flight at
// once during a trial, so that "threads win" is never won against a version that
// fetches one path at a time. It is lower for processes: a process per request
// starts so slowly on few cores that early requests end before the last of C has
// started (a quarter of C is still far above one at a time). The hidden tests
// check the concurrency itself, with a longer latency.
inline constexpr double kThreadInFlightShare = 0.5;
inline constexpr double kProcessInFlightShare = 0.25;

struct IoMeasurements {
  double bound_s = 0;  // ceil(N / C) x latency
  std::vector<double> thread_wall, thread_cpu, process_wall, process_cpu;
  std::vector<double> probe_wall;  // the framework's own thread-per-path fetch
};

// Judges from interleaved samples; ratio = median process wall / median thread wall.
Decision judge_threads_win(const IoMeasurements& m, PerfResult* out);

PerfResult run_io_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
