#include "perf_cpu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "perf_charts.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

constexpr int kMaxWorkers = 64;
// Seconds of one-thread work per worker a trial aims at: long enough to dwarf
// process start-up and scheduler noise, short enough for 5-11 rounds.
constexpr double kSecondsPerWorker = 0.25;

std::string capacity_sentence(const CpuMeasurements& m, double capacity) {
  return printf_string(
      "The machine offered %.2f cores of parallel work during the check (%d probe children at "
      "once did %.2fx the work of one in the same time), so the threshold is 1 + %.2f x (%.2f - "
      "1) = %.2f.",
      capacity, m.workers, capacity, kCapacityShare, capacity, scaling_threshold(capacity));
}

std::string too_busy(const CpuMeasurements& m, double capacity) {
  return printf_string(
      "Not judged: %d children of the calibration probe did only %.2fx the work of one in the "
      "same time, below the %.1f needed to show a parallel effect; another program is using the "
      "CPUs. Grade again on a quieter machine.",
      m.workers, capacity, kMinCapacity);
}

// The range end whose one-thread cost is about `seconds`, from one calibration run
// over [0, calibration_hi) that took `calibration_s`; trial division costs ~ n^1.5.
std::int64_t range_for(double seconds, std::int64_t calibration_hi, double calibration_s) {
  double scale = std::pow(seconds / std::max(calibration_s, 1e-4), 2.0 / 3.0);
  return std::max<std::int64_t>(
      1000, static_cast<std::int64_t>(static_cast<double>(calibration_hi) * scale));
}

}  // namespace

double machine_capacity(const CpuMeasurements& m) {
  const double all = median(m.probe_all);
  if (all <= 0) return 0;
  return std::min<double>(m.workers, m.workers * median(m.probe_one) / all);
}

double scaling_threshold(double capacity) { return 1 + kCapacityShare * (capacity - 1); }

Decision judge_processes_win(const CpuMeasurements& m, PerfResult* out) {
  const double capacity = machine_capacity(m);
  const double threshold = scaling_threshold(capacity);
  const auto pairs = pairwise_ratios(m.threads, m.processes);
  const double processes = median(m.processes);
  const double threads = median(m.threads);
  out->metric = "threads/processes time";
  out->ratio = processes > 0 ? threads / processes : 0;
  out->threshold = threshold;
  if (capacity < kMinCapacity) {
    out->detail = too_busy(m, capacity);
    return Decision::kUndecided;
  }
  const std::string measured =
      printf_string(
          "Python kernel, W = %d: processes %.3f s, threads %.3f s (medians of %zu "
          "interleaved trials). ",
          m.workers, processes, threads, m.threads.size()) +
      printf_string("Processes ran %.2fx as fast as threads. ", out->ratio) +
      capacity_sentence(m, capacity);
  out->detail = measured;
  if (out->ratio >= threshold && quantile(pairs, 0.25) >= 1.0) return Decision::kPass;
  if (quantile(pairs, 0.75) < threshold) {
    out->detail +=
        " Under the GIL only one thread runs Python at a time; separate processes, each with "
        "its own interpreter, run in parallel. Are all W children really counting at once?";
    return Decision::kFail;
  }
  out->detail += printf_string(
      " The trials disagree: pairwise ratios from %.2f to %.2f (quartiles) "
      "straddle the threshold.",
      quantile(pairs, 0.25), quantile(pairs, 0.75));
  return Decision::kUndecided;
}

Decision judge_both_scale(const CpuMeasurements& m, PerfResult* out) {
  const double capacity = machine_capacity(m);
  const double threshold = scaling_threshold(capacity);
  const double serial = median(m.serial);
  const double thread_speedup = serial / std::max(median(m.threads), 1e-9);
  const double process_speedup = serial / std::max(median(m.processes), 1e-9);
  const auto thread_pairs = pairwise_ratios(m.serial, m.threads);
  const auto process_pairs = pairwise_ratios(m.serial, m.processes);
  out->metric = "smaller speedup";
  out->ratio = std::min(thread_speedup, process_speedup);
  out->threshold = threshold;
  if (capacity < kMinCapacity) {
    out->detail = too_busy(m, capacity);
    return Decision::kUndecided;
  }
  out->detail =
      printf_string(
          "Native kernel, W = %d: threads %.2fx and processes %.2fx as fast as one thread; "
          "thread/process time ratio %.2f (reported, not judged: ",
          m.workers, thread_speedup, process_speedup, process_speedup / thread_speedup) +
      "without an interpreter lock, threads scale like processes). " +
      capacity_sentence(m, capacity);
  const bool both_scale = out->ratio >= threshold && quantile(thread_pairs, 0.25) >= 1.0 &&
                          quantile(process_pairs, 0.25) >= 1.0;
  if (both_scale) return Decision::kPass;
  if (quantile(thread_pairs, 0.75) < threshold || quantile(process_pairs, 0.75) < threshold) {
    out->detail += std::string(" The ") +
                   (thread_speedup < process_speedup ? "thread" : "process") +
                   " version does not scale: do its workers wait for one another (a lock "
                   "around the work, or awaiting each worker before starting the next)?";
    return Decision::kFail;
  }
  out->detail += " The trials disagree about whether both versions scale.";
  return Decision::kUndecided;
}

std::string single_core_reason(const MachineInfo& machine) {
  return "Not judged: this machine gives " + std::to_string(machine.usable_cores) +
         " usable core (CPU affinity " + std::to_string(machine.affinity_cores) +
         (machine.cpu_quota ? printf_string(", cgroup quota %.2f cores", *machine.cpu_quota)
                            : std::string(", no cgroup quota")) +
         "); CPU-bound work can only run in parallel on 2 or more.";
}

bool plan_cpu_workload(const PerfContext& context, ptlabs::Kernel kernel, int workers,
                       CpuWorkload* out, std::string* err) {
  const std::string name(ptlabs::kernel_name(kernel));
  const std::int64_t calibration_hi = kernel == ptlabs::Kernel::kPython ? 100000 : 1000000;
  Trial calibration = parse_trial(context.run(
      trial_command(context, {"serial", name, "0", std::to_string(calibration_hi), "1"})));
  if (!calibration.ok) {
    *err = "the kernel could not be calibrated: " + calibration.error;
    return false;
  }
  out->kernel = kernel;
  out->workers = workers;
  out->hi = range_for(kSecondsPerWorker * workers, calibration_hi, calibration.wall_s);
  out->probe_hi = range_for(kSecondsPerWorker, calibration_hi, calibration.wall_s);
  Trial expected = parse_trial(
      context.run(trial_command(context, {"serial", "native", "0", std::to_string(out->hi), "1"})));
  if (!expected.ok) {
    *err = "the expected count could not be computed: " + expected.error;
    return false;
  }
  out->expected = expected.data.value("result", std::int64_t{-1});
  return true;
}

Command cpu_trial(const PerfContext& context, const CpuWorkload& workload,
                  const std::string& variant) {
  const bool probe = variant.rfind("probe", 0) == 0;
  const bool serial = variant == "serial";
  return trial_command(context, {variant, std::string(ptlabs::kernel_name(workload.kernel)), "0",
                                 std::to_string(probe ? workload.probe_hi : workload.hi),
                                 serial ? "1" : std::to_string(workload.workers)});
}

void fill_measurements(const Samples& samples, CpuMeasurements* m) {
  m->probe_one = wall_times(samples, "probe-serial");
  m->probe_all = wall_times(samples, "probe-parallel");
  m->serial = wall_times(samples, "serial");
  m->threads = wall_times(samples, "threads");
  m->processes = wall_times(samples, "processes");
}

PerfResult run_cpu_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  const bool python = check.kind == "python-processes-win";
  result.metric = python ? "threads/processes time" : "smaller speedup";
  if (context.machine.usable_cores < 2) {
    result.detail = single_core_reason(context.machine);
    return result;
  }
  CpuWorkload workload;
  std::string err;
  const int workers = std::min(context.machine.usable_cores, kMaxWorkers);
  if (!plan_cpu_workload(context, python ? ptlabs::Kernel::kPython : ptlabs::Kernel::kNative,
                         workers, &workload, &err)) {
    result.detail = "Not judged: " + err;
    return result;
  }
  std::vector<Variant> variants;
  for (const char* name : {"probe-serial", "probe-parallel", "threads", "processes"}) {
    variants.push_back({name, cpu_trial(context, workload, name)});
  }
  // The one-thread baseline: judged for the native kernel, charted for both.
  variants.push_back({"serial", cpu_trial(context, workload, "serial")});

  CpuMeasurements m;
  m.workers = workers;
  auto judge = [&](const Samples& samples) {
    fill_measurements(samples, &m);
    return python ? judge_processes_win(m, &result) : judge_both_scale(m, &result);
  };
  // The submission's versions must count right while timed; the probe and baseline
  // are the framework's own.
  auto counted_right = [&](const std::string& variant, const Trial& trial) -> std::string {
    if (variant != "threads" && variant != "processes") return "";
    const std::int64_t got = trial.data.value("result", std::int64_t{-1});
    if (got == workload.expected) return "";
    return "counted " + std::to_string(got) + " primes below " + std::to_string(workload.hi) +
           ", not " + std::to_string(workload.expected);
  };
  const Samples samples =
      measure_and_judge(variants, RoundPlan{}, context.run, judge, counted_right, &result);
  result.data = cpu_chart_data(samples, std::string(ptlabs::kernel_name(workload.kernel)), workers);
  return result;
}

}  // namespace ptlabs::grader
