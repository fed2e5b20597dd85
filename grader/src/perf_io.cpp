#include "perf_io.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "perf_charts.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

// Returns why a trial did not keep the requests in flight the lab asks for (at most C,
// and at least the version's share of min(C, N)), or "" if it did.
std::string in_flight_as_asked(const std::string& variant, const Trial& trial) {
  if (variant == "probe") return "";  // the framework's own
  const double share = variant == "threads" ? kThreadInFlightShare : kProcessInFlightShare;
  const double needed = share * std::min(kIoConcurrency, kIoPaths);
  const int peak = trial.data.value("max_in_flight", 0);
  if (peak >= needed && peak <= kIoConcurrency) return "";
  return printf_string(
      "the %s version had up to %d requests in flight at once; with concurrency %d it must keep "
      "at most %d and at least %.0f in flight, or the comparison means nothing.",
      variant.c_str(), peak, kIoConcurrency, kIoConcurrency, needed);
}

}  // namespace

Decision judge_threads_win(const IoMeasurements& m, PerfResult* out) {
  const double thread_wall = median(m.thread_wall);
  const double process_wall = median(m.process_wall);
  const double thread_cpu = median(m.thread_cpu);
  const double process_cpu = median(m.process_cpu);
  const auto wall_pairs = pairwise_ratios(m.process_wall, m.thread_wall);
  const auto cpu_pairs = pairwise_ratios(m.process_cpu, m.thread_cpu);
  const double cpu_ratio = thread_cpu > 0 ? process_cpu / thread_cpu : 0;
  out->metric = "process/thread wall time";
  out->ratio = thread_wall > 0 ? process_wall / thread_wall : 0;
  out->threshold = 1.0;
  const double probe = median(m.probe_wall);
  const double limit = std::max(kLatencyBoundFactor * m.bound_s, kProbeFactor * probe);
  out->detail =
      printf_string(
          "Wall time: threads %.3f s, processes %.3f s; CPU time: threads %.3f s, processes "
          "%.3f s",
          thread_wall, process_wall, thread_cpu, process_cpu) +
      printf_string(
          " (medians of %zu interleaved trials). Latency bound ceil(N/C) x latency = %.3f "
          "s; the thread version must stay within %.1fx of it (%.3f s).",
          m.thread_wall.size(), m.bound_s, kLatencyBoundFactor, kLatencyBoundFactor * m.bound_s);
  if (limit > kLatencyBoundFactor * m.bound_s) {
    out->detail += printf_string(
        " This machine is slowed by other work: the framework's own thread-per-path probe took "
        "%.3f s, so the limit is %.1fx the probe's time (%.3f s) instead.",
        probe, kProbeFactor, limit);
  }
  const bool near_bound = thread_wall <= limit;
  const bool wins = out->ratio > 1 && quantile(wall_pairs, 0.25) > 1 && cpu_ratio > 1 &&
                    quantile(cpu_pairs, 0.25) > 1;
  if (near_bound && wins) {
    out->detail += printf_string(
        " Threads won: %.2fx less wall time and %.2fx less CPU time; waiting "
        "costs a thread nothing, while every process must be forked, reaped "
        "and its results copied through a pipe.",
        out->ratio, cpu_ratio);
    return Decision::kPass;
  }
  if (quantile(m.thread_wall, 0.25) > limit) {
    out->detail +=
        " The thread version is far from the bound: are its requests really in "
        "flight at the same time?";
    return Decision::kFail;
  }
  if (quantile(wall_pairs, 0.75) < 1 || quantile(cpu_pairs, 0.75) < 1) {
    out->detail +=
        " Threads did not beat processes: does the thread version start a thread "
        "per request, or wait for each one in turn?";
    return Decision::kFail;
  }
  out->detail += " The trials disagree.";
  return Decision::kUndecided;
}

PerfResult run_io_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  auto command = [&](const std::string& variant) {
    return trial_command(context, {variant, std::to_string(kIoPaths),
                                   std::to_string(kIoConcurrency), std::to_string(kIoLatencyMs)});
  };
  IoMeasurements m;
  m.bound_s =
      static_cast<double>((kIoPaths + kIoConcurrency - 1) / kIoConcurrency) * kIoLatencyMs / 1000.0;
  auto judge = [&](const Samples& samples) {
    m.thread_wall = wall_times(samples, "threads");
    m.thread_cpu = cpu_times(samples, "threads");
    m.process_wall = wall_times(samples, "processes");
    m.process_cpu = cpu_times(samples, "processes");
    m.probe_wall = wall_times(samples, "probe");
    return judge_threads_win(m, &result);
  };
  const Samples samples =
      measure_and_judge({{"threads", command("threads")},
                         {"processes", command("processes")},
                         {"probe", command("probe")}},
                        RoundPlan{}, context.run, judge, in_flight_as_asked, &result);
  result.data = io_chart_data(samples);
  return result;
}

}  // namespace ptlabs::grader
