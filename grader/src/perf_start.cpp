#include "perf_start.hpp"

#include <fstream>

#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {}  // namespace

double read_load_average() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

Decision judge_threads_start_faster(const StartMeasurements& m, PerfResult* out) {
  const double threads = median(m.threads);
  const double processes = median(m.processes);
  const auto pairs = pairwise_ratios(m.processes, m.threads);
  out->metric = "process/thread start latency";
  out->ratio = threads > 0 ? processes / threads : 0;
  out->threshold = kStartMargin;
  out->detail = printf_string(
      "Median start latency of %d workers: threads %.0f us, processes %.0f us (medians of %zu "
      "interleaved trials). Baselines of the framework, from the same parent: a bare fork() %.0f "
      "us, posix_spawn() of the driver's own binary %.0f us.",
      kStartWorkers, threads * 1e6, processes * 1e6, m.threads.size(), median(m.fork) * 1e6,
      median(m.spawn) * 1e6);
  if (out->ratio >= kStartMargin && quantile(pairs, 0.25) >= 1.0) {
    out->detail +=
        " A thread is a stack and a kernel task in the same address space; a process "
        "needs its page tables and file descriptors copied first.";
    return Decision::kPass;
  }
  if (m.load_average > m.usable_cores + 1) {
    out->detail += printf_string(
        " Not judged: the machine's load average is %.1f on %d usable cores, so new workers "
        "wait for a core and the wait, not the start, is measured. Grade again on a quieter "
        "machine.",
        m.load_average, m.usable_cores);
    return Decision::kUndecided;
  }
  if (quantile(pairs, 0.75) < kStartMargin) {
    out->detail += printf_string(
        " Threads did not start at least %.0fx faster: does the thread version start real "
        "threads, and record the time as each worker's first action?",
        kStartMargin);
    return Decision::kFail;
  }
  out->detail += " The trials disagree.";
  return Decision::kUndecided;
}

PerfResult run_start_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  std::vector<Variant> variants;
  for (const char* name : {"threads", "processes", "fork", "spawn"}) {
    variants.push_back({name, trial_command(context, {name, std::to_string(kStartWorkers)})});
  }
  StartMeasurements m;
  m.usable_cores = context.machine.usable_cores;
  auto judge = [&](const Samples& samples) {
    m.load_average = read_load_average();
    m.threads = values_of(samples, "threads", "start_latency_s");
    m.processes = values_of(samples, "processes", "start_latency_s");
    m.fork = values_of(samples, "fork", "start_latency_s");
    m.spawn = values_of(samples, "spawn", "start_latency_s");
    return judge_threads_start_faster(m, &result);
  };
  measure_and_judge(variants, RoundPlan{}, context.run, judge, nullptr, &result);
  return result;
}

}  // namespace ptlabs::grader
