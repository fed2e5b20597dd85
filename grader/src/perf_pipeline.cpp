#include "perf_pipeline.hpp"

#include <algorithm>

#include "perf_cpu.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {

Decision judge_hybrid_wins(const PipelineMeasurements& m, PerfResult* out) {
  const double threads = median(m.threads);
  const double processes = median(m.processes);
  const double hybrid = median(m.hybrid);
  const auto over_threads = pairwise_ratios(m.threads, m.hybrid);
  const auto over_processes = pairwise_ratios(m.processes, m.hybrid);
  out->metric = "best pure design/hybrid time";
  out->ratio = hybrid > 0 ? std::min(threads, processes) / hybrid : 0;
  out->threshold = kHybridMargin;
  out->detail = printf_string(
      "%d items, %d fetchers, %d scorers, %d ms latency: threads only %.3f s, processes only "
      "%.3f s, hybrid %.3f s (medians of %zu interleaved trials).",
      kPipelineItems, kPipelineFetchers, m.scorers, kPipelineLatencyMs, threads, processes, hybrid,
      m.hybrid.size());
  const double probe_all = median(m.probe_all);
  const double capacity =
      probe_all > 0 ? std::min<double>(m.scorers, m.scorers * median(m.probe_one) / probe_all) : 0;
  if (capacity < kMinCapacity) {
    out->detail += printf_string(
        " Not judged: %d scorers of the calibration probe did only %.2fx the work of one in the "
        "same time; another program is using the CPUs. Grade again on a quieter machine.",
        m.scorers, capacity);
    return Decision::kUndecided;
  }
  if (out->ratio >= kHybridMargin && quantile(over_threads, 0.25) > 1.0 &&
      quantile(over_processes, 0.25) > 1.0) {
    out->detail +=
        " Threads keep the fetches in flight, and the process pool scores in parallel "
        "where threads would take turns on the GIL.";
    return Decision::kPass;
  }
  if (quantile(over_threads, 0.75) < 1.0 || quantile(over_processes, 0.75) < 1.0) {
    out->detail +=
        " The hybrid lost to a pure design: does it fetch in threads and score in "
        "processes, and are both kept busy at once?";
    return Decision::kFail;
  }
  out->detail += " The trials disagree.";
  return Decision::kUndecided;
}

PerfResult run_pipeline_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  result.metric = "best pure design/hybrid time";
  if (context.machine.usable_cores < 2) {
    result.detail = single_core_reason(context.machine);
    return result;
  }
  PipelineMeasurements m;
  m.scorers = std::min(context.machine.usable_cores, 16);
  std::vector<Variant> variants;
  for (const char* name : {"threads", "processes", "hybrid", "probe-serial", "probe-parallel"}) {
    variants.push_back(
        {name, trial_command(context, {name, std::to_string(kPipelineItems),
                                       std::to_string(kPipelineFetchers), std::to_string(m.scorers),
                                       std::to_string(kPipelineLatencyMs)})});
  }
  auto judge = [&](const Samples& samples) {
    m.threads = wall_times(samples, "threads");
    m.processes = wall_times(samples, "processes");
    m.hybrid = wall_times(samples, "hybrid");
    m.probe_one = wall_times(samples, "probe-serial");
    m.probe_all = wall_times(samples, "probe-parallel");
    return judge_hybrid_wins(m, &result);
  };
  measure_and_judge(variants, RoundPlan{}, context.run, judge, nullptr, &result);
  return result;
}

}  // namespace ptlabs::grader
