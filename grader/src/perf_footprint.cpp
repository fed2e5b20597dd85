#include "perf_footprint.hpp"

#include "perf_charts.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

constexpr double kKib = 1024;
constexpr double kMib = 1024 * 1024;

}  // namespace

Decision judge_footprint(const FootprintMeasurements& m, PerfResult* out) {
  const double threads = median(m.threads);
  const double processes = median(m.processes);
  const auto pairs = pairwise_ratios(m.processes, m.threads);
  out->metric = "process/thread memory per worker";
  out->ratio = threads > 0 ? processes / threads : 0;
  out->threshold = 1.0;
  out->detail = printf_string(
      "PSS of the whole process tree per worker, %d workers each with a %d KiB buffer, all "
      "reading a %d MiB table: threads %.0f KiB, processes %.0f KiB (medians of %zu rounds).",
      kFootprintWorkers, kFootprintBufferKib, kFootprintTableMib, threads / kKib, processes / kKib,
      m.threads.size());
  if (!m.process_page_tables.empty()) {
    out->detail += printf_string(
        " Page tables, which PSS leaves out: threads %.0f KiB, processes %.0f KiB per worker.",
        median(m.thread_page_tables) / kKib, median(m.process_page_tables) / kKib);
  }
  if (!m.cow_probe.empty()) {
    out->detail += printf_string(
        " Copy-on-write: the table costs a child nothing until it writes to it; a child that "
        "writes all of it pays for a private copy (the framework's probe: %.1f MiB per child).",
        median(m.cow_probe) / kMib);
  }
  if (processes > 0.5 * m.table_bytes) {
    out->detail += printf_string(
        " Your children cost about %.1f MiB each, near the size of the table: they wrote to the "
        "inherited table, and copy-on-write gave each one its own copy.",
        processes / kMib);
  }
  if (processes >= threads + kFootprintMinExtraBytes && quantile(pairs, 0.25) > 1.0) {
    out->detail +=
        " Each process carries its own stack, heap and written pages (and page "
        "tables, not counted here); a thread adds little more than its stack.";
    return Decision::kPass;
  }
  if (quantile(pairs, 0.75) <= 1.0) {
    out->detail +=
        " The process version costs no more than the thread version: do its workers "
        "really run in child processes?";
    return Decision::kFail;
  }
  out->detail += " The rounds disagree.";
  return Decision::kUndecided;
}

PerfResult run_footprint_check(const PerfCheck& check, const PerfContext& context) {
  PerfResult result;
  result.name = check.name;
  result.verdict = Verdict::kInconclusive;
  const std::vector<std::string> args = {std::to_string(kFootprintWorkers),
                                         std::to_string(kFootprintBufferKib),
                                         std::to_string(kFootprintTableMib)};
  std::vector<Variant> variants;
  for (const char* name : {"threads", "processes", "cow-probe"}) {
    std::vector<std::string> all = {name};
    all.insert(all.end(), args.begin(), args.end());
    variants.push_back({name, trial_command(context, all)});
  }
  FootprintMeasurements m;
  m.buffer_bytes = kFootprintBufferKib * kKib;
  m.table_bytes = kFootprintTableMib * kMib;
  auto judge = [&](const Samples& samples) {
    m.threads = values_of(samples, "threads", "per_worker_bytes");
    m.processes = values_of(samples, "processes", "per_worker_bytes");
    m.cow_probe = values_of(samples, "cow-probe", "per_worker_bytes");
    m.thread_page_tables = values_of(samples, "threads", "per_worker_page_table_bytes");
    m.process_page_tables = values_of(samples, "processes", "per_worker_page_table_bytes");
    return judge_footprint(m, &result);
  };
  const Samples samples =
      measure_and_judge(variants, RoundPlan{3, 7}, context.run, judge, nullptr, &result);
  result.data = footprint_chart_data(samples);
  return result;
}

}  // namespace ptlabs::grader
