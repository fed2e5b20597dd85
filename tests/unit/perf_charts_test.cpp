#include "perf_charts.hpp"

#include <gtest/gtest.h>

#include "chart_data.hpp"

namespace ptlabs::grader {
namespace {

Trial trial(nlohmann::json data) {
  Trial t;
  t.ok = true;
  t.wall_s = data.value("wall_s", 0.0);
  t.cpu_s = data.value("cpu_s", 0.0);
  t.data = std::move(data);
  return t;
}

TEST(MedianTrial, TheMiddleTrialByTheKey) {
  Samples samples;
  samples["threads"] = {trial({{"wall_s", 3.0}, {"tag", "c"}}),
                        trial({{"wall_s", 1.0}, {"tag", "a"}}),
                        trial({{"wall_s", 2.0}, {"tag", "b"}})};
  const Trial* t = median_trial(samples, "threads", "wall_s");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->data["tag"], "b");
  samples["threads"].pop_back();
  EXPECT_EQ(median_trial(samples, "threads", "wall_s")->data["tag"], "a") << "the lower middle";
  EXPECT_EQ(median_trial(samples, "processes", "wall_s"), nullptr);
}

TEST(CpuChartData, SpeedupAgainstWorkersAndTheCallTimeline) {
  Samples samples;
  samples["serial"] = {trial({{"wall_s", 2.0}})};
  samples["threads"] = {
      trial({{"wall_s", 2.0}, {"calls", {{{0, 10}, {20, 30}}, {{10, 20}, {30, 40}}}}})};
  samples["processes"] = {trial({{"wall_s", 1.0}, {"calls", {{{0, 20}}, {{0, 20}}}}})};
  const nlohmann::json data = cpu_chart_data(samples, "python", 2);
  const auto charts = read_charts({&data});
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].id, "speedup");
  const auto& lines = std::get<svg::LineChart>(charts[0].chart);
  ASSERT_EQ(lines.series.size(), 3u) << "threads, processes and the ideal line";
  EXPECT_EQ(lines.series[0].name, "threads, python kernel");
  EXPECT_DOUBLE_EQ(lines.series[0].points[1].x, 2);
  EXPECT_DOUBLE_EQ(lines.series[0].points[1].y, 1.0);
  EXPECT_DOUBLE_EQ(lines.series[1].points[1].y, 2.0);
  EXPECT_TRUE(lines.series[2].dashed);
  EXPECT_EQ(charts[1].id, "calls-python");
  const auto& lanes = std::get<svg::LaneChart>(charts[1].chart);
  ASSERT_EQ(lanes.groups.size(), 2u);
  EXPECT_EQ(lanes.groups[0].name, "threads");
  ASSERT_EQ(lanes.groups[0].lanes.size(), 2u);
  EXPECT_EQ(lanes.groups[0].lanes[1].spans.size(), 2u);
  EXPECT_DOUBLE_EQ(lanes.groups[0].lanes[1].spans[1].start, 30);
}

TEST(CpuChartData, NothingToDrawIsNull) {
  EXPECT_TRUE(cpu_chart_data(Samples{}, "native", 2).is_null());
  Samples no_calls;
  no_calls["threads"] = {trial({{"wall_s", 1.0}})};
  no_calls["processes"] = {trial({{"wall_s", 1.0}})};
  EXPECT_TRUE(cpu_chart_data(no_calls, "native", 2).is_null()) << "no baseline, no calls";
}

TEST(IoChartData, WallAndCpuMedians) {
  Samples samples;
  samples["threads"] = {trial({{"wall_s", 0.2}, {"cpu_s", 0.01}})};
  samples["processes"] = {trial({{"wall_s", 0.5}, {"cpu_s", 0.05}})};
  const nlohmann::json data = io_chart_data(samples);
  const auto charts = read_charts({&data});
  ASSERT_EQ(charts.size(), 1u);
  const auto& bars = std::get<svg::BarChart>(charts[0].chart);
  ASSERT_EQ(bars.groups.size(), 2u);
  EXPECT_EQ(bars.groups[1].name, "CPU time");
  EXPECT_DOUBLE_EQ(bars.groups[1].bars[1].value, 0.05);
  EXPECT_TRUE(io_chart_data(Samples{}).is_null());
}

TEST(FootprintChartData, KibPerWorkerWithTheProbe) {
  Samples samples;
  samples["threads"] = {trial({{"per_worker_bytes", 1024 * 300}})};
  samples["processes"] = {trial({{"per_worker_bytes", 1024 * 900}})};
  samples["cow-probe"] = {trial({{"per_worker_bytes", 64 * 1024 * 1024}})};
  const nlohmann::json data = footprint_chart_data(samples);
  const auto charts = read_charts({&data});
  ASSERT_EQ(charts.size(), 2u) << "the probe gets a chart of its own";
  const auto& pss = std::get<svg::BarChart>(charts[0].chart).groups[0];
  ASSERT_EQ(pss.bars.size(), 2u);
  EXPECT_DOUBLE_EQ(pss.bars[0].value, 300);
  EXPECT_DOUBLE_EQ(pss.bars[1].value, 900);
  const auto& cow = std::get<svg::BarChart>(charts[1].chart).groups[0];
  ASSERT_EQ(cow.bars.size(), 2u);
  EXPECT_NEAR(cow.bars[0].value, 900.0 / 1024, 1e-9) << "MiB";
  EXPECT_DOUBLE_EQ(cow.bars[1].value, 64);
  samples.erase("cow-probe");
  const nlohmann::json without = footprint_chart_data(samples);
  EXPECT_EQ(read_charts({&without}).size(), 1u);
}

TEST(SchedulerChartData, LanesOfTheMedianTrials) {
  Samples samples;
  samples["threads"] = {trial({{"overlap_fraction", 0.9}, {"timeline", {{{0, 300}}, {{0, 300}}}}})};
  samples["pinned"] = {
      trial({{"median_slice_ms", 3.0}, {"timeline", {{{0, 3}, {6, 9}}, {{3, 6}}}}})};
  const nlohmann::json data = scheduler_chart_data(samples);
  const auto charts = read_charts({&data});
  ASSERT_EQ(charts.size(), 1u);
  const auto& lanes = std::get<svg::LaneChart>(charts[0].chart);
  ASSERT_EQ(lanes.groups.size(), 2u) << "no processes trial: its group is left out";
  EXPECT_EQ(lanes.groups[1].name, "processes pinned to one core");
  EXPECT_EQ(lanes.groups[1].lanes[0].spans.size(), 2u);
  EXPECT_TRUE(scheduler_chart_data(Samples{}).is_null());
}

}  // namespace
}  // namespace ptlabs::grader
