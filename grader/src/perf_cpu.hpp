// CPU-bound performance checks of lab 03 (README.md, "The honest core").
//
// "python-processes-win": with the python kernel (real GIL), the process
// version must beat the thread version by a margin that grows with the
// parallel capacity the machine demonstrably offered during the check.
// "native-both-scale": with the native kernel, both versions must speed up
// over one thread; their ratio is reported, not judged as a win.
//
// Capacity K: a probe forks W children that each run the same piece of work
// that one child runs alone; K = W * t(one) / t(W at once). On an idle machine
// K is close to W; when something else holds the cores, K drops and the check
// says inconclusive instead of blaming the submission. The threshold
// 1 + 0.25 * (K - 1) asks for a quarter of the extra capacity the machine showed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ptlabs/kernel.hpp"

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

// Below this capacity the machine cannot show a parallel effect.
inline constexpr double kMinCapacity = 1.5;
// The share of the machine's extra parallel capacity a version must turn into speed.
inline constexpr double kCapacityShare = 0.25;

struct CpuMeasurements {
  int workers = 1;
  std::vector<double> probe_one, probe_all;  // probe wall times: one child; W children at once
  std::vector<double> serial;                // one thread, the whole range (native check)
  std::vector<double> threads, processes;    // the submission's versions
};

// W * median(probe_one) / median(probe_all), at most W.
double machine_capacity(const CpuMeasurements& m);

// 1 + kCapacityShare * (capacity - 1).
double scaling_threshold(double capacity);

// Judges "processes beat threads" from interleaved samples. Fills `out` with
// ratio (median threads / median processes), threshold and detail.
Decision judge_processes_win(const CpuMeasurements& m, PerfResult* out);

// Judges "both versions scale" (native kernel). ratio = the smaller speedup.
Decision judge_both_scale(const CpuMeasurements& m, PerfResult* out);

// A workload sized for this machine: [0, hi) for a run of W workers costs about
// 0.25 s of one thread per worker; [0, probe_hi) is one worker's share for the probe.
struct CpuWorkload {
  ptlabs::Kernel kernel = ptlabs::Kernel::kPython;
  int workers = 1;
  std::int64_t hi = 0;
  std::int64_t probe_hi = 0;
  std::int64_t expected = -1;  // primes below hi, counted by the native kernel
};

// Sizes a workload from one calibration trial of the driver. False with *err if
// the driver cannot run.
bool plan_cpu_workload(const PerfContext& context, ptlabs::Kernel kernel, int workers,
                       CpuWorkload* out, std::string* err);

// The trial command of lab 03's driver for `variant` ("threads", "processes",
// "serial", "probe-serial", "probe-parallel") of `workload`.
Command cpu_trial(const PerfContext& context, const CpuWorkload& workload,
                  const std::string& variant);

// Copies the wall times of each variant of `samples` into `m`.
void fill_measurements(const Samples& samples, CpuMeasurements* m);

// The reason CPU-bound checks are not judged on a machine with one usable core.
std::string single_core_reason(const MachineInfo& machine);

PerfResult run_cpu_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
