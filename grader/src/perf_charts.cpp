#include "perf_charts.hpp"

#include <algorithm>

#include "chart_data.hpp"
#include "stats.hpp"

namespace ptlabs::grader {
namespace {

using nlohmann::json;

// One colour per kind of worker across all charts: threads blue, processes orange,
// the framework's own probes grey.
constexpr const char* kThreads = "#2563eb";
constexpr const char* kProcesses = "#ea580c";
constexpr const char* kProbe = "#6b7280";
constexpr double kKib = 1024;

bool has(const Samples& samples, const std::string& variant) {
  auto it = samples.find(variant);
  return it != samples.end() && !it->second.empty();
}

// A driver's per-worker stretches, [[[start_ms, end_ms], ...], ...], as lanes.
svg::LaneGroup lane_group(const json& per_worker, const std::string& name, const char* colour) {
  svg::LaneGroup group{name, {}, colour};
  if (!per_worker.is_array()) return group;
  for (const auto& stretches : per_worker) {
    svg::Lane lane{"worker " + std::to_string(group.lanes.size()), {}};
    if (stretches.is_array()) {
      for (const auto& s : stretches) {
        if (s.is_array() && s.size() == 2 && s[0].is_number() && s[1].is_number()) {
          lane.spans.push_back({s[0].get<double>(), s[1].get<double>()});
        }
      }
    }
    group.lanes.push_back(std::move(lane));
  }
  return group;
}

// The per-worker field `key` of the median trial (by `by`) of `variant`, or null.
const json* per_worker_field(const Samples& samples, const std::string& variant, const char* by,
                             const char* key) {
  const Trial* trial = median_trial(samples, variant, by);
  if (trial == nullptr || !trial->data.is_object()) return nullptr;
  auto it = trial->data.find(key);
  return it != trial->data.end() && it->is_array() && !it->empty() ? &*it : nullptr;
}

}  // namespace

const Trial* median_trial(const Samples& samples, const std::string& variant, const char* key) {
  auto it = samples.find(variant);
  if (it == samples.end() || it->second.empty()) return nullptr;
  std::vector<const Trial*> order;
  for (const auto& trial : it->second) order.push_back(&trial);
  std::stable_sort(order.begin(), order.end(), [key](const Trial* a, const Trial* b) {
    return a->data.value(key, 0.0) < b->data.value(key, 0.0);
  });
  return order[(order.size() - 1) / 2];
}

json cpu_chart_data(const Samples& samples, const std::string& kernel, int workers) {
  json data;
  if (has(samples, "serial") && has(samples, "threads") && has(samples, "processes")) {
    const double serial = median(wall_times(samples, "serial"));
    const auto w = static_cast<double>(workers);
    svg::LineChart speedup{
        "Speedup over one thread, against workers", "workers", "speedup (one thread = 1)", {}};
    const bool python = kernel == "python";
    const struct {
      const char* variant;
      const char* colour;
    } lines[] = {{"threads", python ? kThreads : "#0891b2"},
                 {"processes", python ? kProcesses : "#ca8a04"}};
    for (const auto& line : lines) {
      const double time = median(wall_times(samples, line.variant));
      svg::Series series{std::string(line.variant) + ", " + kernel + " kernel",
                         {{1, 1}, {w, time > 0 ? serial / time : 0}},
                         line.colour,
                         false};
      speedup.series.push_back(std::move(series));
    }
    speedup.series.push_back({"ideal (W workers, W x)", {{1, 1}, {w, w}}, kProbe, true});
    add_chart(&data, "speedup", speedup);
  }
  const json* threads = per_worker_field(samples, "threads", "wall_s", "calls");
  const json* processes = per_worker_field(samples, "processes", "wall_s", "calls");
  if (threads != nullptr && processes != nullptr) {
    svg::LaneChart calls{"Kernel calls per worker, " + kernel + " kernel (median trials)",
                         "milliseconds from the first call",
                         {lane_group(*threads, "threads", kThreads),
                          lane_group(*processes, "processes", kProcesses)}};
    add_chart(&data, "calls-" + kernel, calls);
  }
  return data;
}

json io_chart_data(const Samples& samples) {
  if (!has(samples, "threads") || !has(samples, "processes")) return nullptr;
  auto bars = [&](const char* name,
                  std::vector<double> (*values)(const Samples&, const std::string&)) {
    return svg::BarGroup{name,
                         {{"threads", median(values(samples, "threads")), kThreads},
                          {"processes", median(values(samples, "processes")), kProcesses}}};
  };
  svg::BarChart chart{"Threads against processes on I/O-bound work (medians)",
                      "seconds",
                      {bars("wall time", wall_times), bars("CPU time", cpu_times)}};
  json data;
  add_chart(&data, "io-time", chart);
  return data;
}

json footprint_chart_data(const Samples& samples) {
  if (!has(samples, "threads") || !has(samples, "processes")) return nullptr;
  auto kib = [&](const char* variant, const char* key) {
    return median(values_of(samples, variant, key)) / kKib;
  };
  svg::BarGroup pss{"PSS per worker",
                    {{"threads", kib("threads", "per_worker_bytes"), kThreads},
                     {"processes", kib("processes", "per_worker_bytes"), kProcesses}}};
  svg::BarGroup tables{
      "page tables per worker",
      {{"threads", kib("threads", "per_worker_page_table_bytes"), kThreads},
       {"processes", kib("processes", "per_worker_page_table_bytes"), kProcesses}}};
  json data;
  add_chart(&data, "footprint", svg::BarChart{"Memory per worker (medians)", "KiB", {pss, tables}});
  // The probe's children write the whole table, so each pays for a copy: a chart of
  // its own, as it would dwarf the bars above.
  if (has(samples, "cow-probe")) {
    svg::BarGroup cow{
        "PSS per child",
        {{"your processes", kib("processes", "per_worker_bytes") / kKib, kProcesses},
         {"children that write the table", kib("cow-probe", "per_worker_bytes") / kKib, kProbe}}};
    add_chart(
        &data, "copy-on-write",
        svg::BarChart{"Copy-on-write: reading the table is free, writing it is not", "MiB", {cow}});
  }
  return data;
}

json scheduler_chart_data(const Samples& samples) {
  const json* threads = per_worker_field(samples, "threads", "overlap_fraction", "timeline");
  const json* processes = per_worker_field(samples, "processes", "overlap_fraction", "timeline");
  const json* pinned = per_worker_field(samples, "pinned", "median_slice_ms", "timeline");
  svg::LaneChart chart{
      "When each worker ran (median trials)", "milliseconds from the first tick", {}};
  if (threads != nullptr) {
    chart.groups.push_back(lane_group(*threads, "threads, spread over the cores", kThreads));
  }
  if (processes != nullptr) {
    chart.groups.push_back(lane_group(*processes, "processes, spread over the cores", kProcesses));
  }
  if (pinned != nullptr) {
    chart.groups.push_back(lane_group(*pinned, "processes pinned to one core", kProbe));
  }
  if (chart.groups.empty()) return nullptr;
  json data;
  add_chart(&data, "scheduler-timeline", chart);
  return data;
}

}  // namespace ptlabs::grader
