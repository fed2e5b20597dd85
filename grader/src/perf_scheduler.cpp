#include "perf_scheduler.hpp"

#include <algorithm>

#include "perf_charts.hpp"
#include "perf_cpu.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {}  // namespace

Decision judge_scheduler(const SchedulerMeasurements& m, PerfResult* out) {
  const double threads = median(m.thread_overlap);
  const double processes = median(m.process_overlap);
  const double probe = median(m.probe_overlap);
  out->metric = "overlap, spread, of the probe's";
  out->ratio = probe > 0 ? std::min(threads, processes) / probe : 0;
  out->threshold = kProbeShare;
  out->detail = printf_string(
      "Spread over the cores, %d busy workers progressed at the same moment %.0f%% of the time "
      "as threads and %.0f%% as processes; the framework's own forked spinners %.0f%% (medians "
      "of %zu rounds). Pinned to one core they took turns in slices of %.1f ms (median; the "
      "tutorial says about 1 ms: the Linux scheduler gives each runnable task a few ms when few "
      "compete).",
      kSchedulerWorkers, threads * 100, processes * 100, probe * 100, m.thread_overlap.size(),
      median(m.pinned_slice_ms));
  if (probe < kMinOverlap) {
    out->detail +=
        " Not judged: even the probe's workers hardly ran at once, so other programs "
        "hold the cores. Grade again on a quieter machine.";
    return Decision::kUndecided;
  }
  if (out->ratio >= kProbeShare) return Decision::kPass;
  if (quantile(m.thread_overlap, 0.75) < kNoOverlap ||
      quantile(m.process_overlap, 0.75) < kNoOverlap) {
    out->detail +=
        " A version never ran two workers at once while the probe's did: is it "
        "pinned to one core, or running its workers one after another?";
    return Decision::kFail;
  }
  out->detail += " The overlap is lower than the probe's but not absent.";
  return Decision::kUndecided;
}

PerfResult run_scheduler_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  result.metric = "overlap, spread, of the probe's";
  if (context.machine.usable_cores < 2) {
    result.detail = single_core_reason(context.machine) +
                    " On one core workers can only take turns, which the hidden tests check.";
    return result;
  }
  const std::string workers = std::to_string(kSchedulerWorkers);
  const std::string seconds = printf_string("%.2f", kSchedulerSeconds);
  std::vector<Variant> variants = {
      {"threads", trial_command(context, {"threads", workers, seconds, "spread"})},
      {"processes", trial_command(context, {"processes", workers, seconds, "spread"})},
      {"probe", trial_command(context, {"probe", workers, seconds, "spread"})},
      {"pinned", trial_command(context, {"processes", workers, seconds, "pinned"})}};
  SchedulerMeasurements m;
  auto judge = [&](const Samples& samples) {
    m.thread_overlap = values_of(samples, "threads", "overlap_fraction");
    m.process_overlap = values_of(samples, "processes", "overlap_fraction");
    m.probe_overlap = values_of(samples, "probe", "overlap_fraction");
    m.pinned_slice_ms = values_of(samples, "pinned", "median_slice_ms");
    return judge_scheduler(m, &result);
  };
  const Samples samples =
      measure_and_judge(variants, RoundPlan{}, context.run, judge, nullptr, &result);
  result.data = scheduler_chart_data(samples);
  return result;
}

}  // namespace ptlabs::grader
