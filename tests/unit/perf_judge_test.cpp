// The performance verdicts, judged from synthetic samples: the logic that
// decides pass, fail or inconclusive, without running anything.
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "perf_cpu.hpp"
#include "perf_engine.hpp"
#include "perf_footprint.hpp"
#include "perf_io.hpp"
#include "perf_pipeline.hpp"
#include "perf_scheduler.hpp"
#include "perf_start.hpp"
#include "stats.hpp"

namespace ptlabs::grader {
namespace {

TEST(Stats, QuantilesInterpolateAndIgnoreOrder) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.25), 2);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.75), 4);
  EXPECT_DOUBLE_EQ(quantile({}, 0.5), 0);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.9), 7);
  EXPECT_EQ(pairwise_ratios({2, 6, 1}, {1, 3}), (std::vector<double>{2, 2}));
}

// Python kernel on a quiet 2-core machine: the probe shows ~2 cores.
CpuMeasurements two_cores() {
  CpuMeasurements m;
  m.workers = 2;
  m.probe_one = {0.25, 0.26, 0.25, 0.25, 0.26};
  m.probe_all = {0.26, 0.27, 0.26, 0.27, 0.26};
  return m;
}

TEST(CpuJudge, CapacityAndThresholdFollowTheProbe) {
  CpuMeasurements m = two_cores();
  EXPECT_NEAR(machine_capacity(m), 2 * 0.25 / 0.26, 1e-9);
  EXPECT_DOUBLE_EQ(scaling_threshold(2), 1.25);
  EXPECT_DOUBLE_EQ(scaling_threshold(16), 4.75);
  m.probe_all = {0.1, 0.1, 0.1};
  m.probe_one = {1, 1, 1};
  EXPECT_DOUBLE_EQ(machine_capacity(m), 2) << "never more than W";
}

TEST(CpuJudge, ProcessesWinningClearlyPass) {
  CpuMeasurements m = two_cores();
  m.threads = {0.50, 0.52, 0.49, 0.51, 0.50};
  m.processes = {0.28, 0.29, 0.30, 0.27, 0.28};
  PerfResult result;
  EXPECT_EQ(judge_processes_win(m, &result), Decision::kPass) << result.detail;
  EXPECT_NEAR(result.ratio, 0.50 / 0.28, 1e-9);
  EXPECT_NE(result.detail.find("W = 2"), std::string::npos) << result.detail;
}

TEST(CpuJudge, WrongModelsNeverPass) {
  // Serial in the parent, threads in the process version: both take the GIL's time.
  CpuMeasurements m = two_cores();
  m.threads = {0.50, 0.52, 0.49, 0.51, 0.50};
  m.processes = {0.51, 0.50, 0.52, 0.50, 0.49};
  PerfResult result;
  EXPECT_EQ(judge_processes_win(m, &result), Decision::kFail) << result.detail;
  EXPECT_NE(result.detail.find("GIL"), std::string::npos);
}

TEST(CpuJudge, BusyMachineIsUndecidedNotFailed) {
  CpuMeasurements m = two_cores();
  m.probe_all = {0.45, 0.47, 0.44, 0.46, 0.45};  // the probe got one core's worth
  m.threads = {0.50, 0.52, 0.49, 0.51, 0.50};
  m.processes = {0.50, 0.51, 0.49, 0.50, 0.52};
  PerfResult result;
  EXPECT_EQ(judge_processes_win(m, &result), Decision::kUndecided);
  EXPECT_NE(result.detail.find("another program is using the CPUs"), std::string::npos)
      << result.detail;
  EXPECT_EQ(to_verdict(Decision::kUndecided), Verdict::kInconclusive);
}

TEST(CpuJudge, TrialsStraddlingTheThresholdAreUndecided) {
  CpuMeasurements m = two_cores();
  m.threads = {0.50, 0.50, 0.50, 0.50, 0.50};
  m.processes = {0.30, 0.52, 0.38, 0.55, 0.33};  // processes lost two of five pairs
  PerfResult result;
  EXPECT_EQ(judge_processes_win(m, &result), Decision::kUndecided) << result.detail;
  EXPECT_NE(result.detail.find("disagree"), std::string::npos);
}

TEST(CpuJudge, NativeBothScaleOrNot) {
  CpuMeasurements m = two_cores();
  m.serial = {0.50, 0.51, 0.50, 0.52, 0.50};
  m.threads = {0.26, 0.27, 0.26, 0.26, 0.27};
  m.processes = {0.27, 0.27, 0.28, 0.26, 0.27};
  PerfResult result;
  EXPECT_EQ(judge_both_scale(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("threads scale like processes"), std::string::npos);
  // A lock around the whole loop: the thread version does not scale.
  m.threads = {0.50, 0.51, 0.52, 0.50, 0.51};
  EXPECT_EQ(judge_both_scale(m, &result), Decision::kFail) << result.detail;
  EXPECT_NE(result.detail.find("thread version does not scale"), std::string::npos);
}

IoMeasurements io_sample() {
  IoMeasurements m;
  m.bound_s = 0.16;
  m.thread_wall = {0.17, 0.18, 0.17, 0.17, 0.18};
  m.thread_cpu = {0.02, 0.02, 0.03, 0.02, 0.02};
  m.process_wall = {0.22, 0.23, 0.22, 0.24, 0.22};
  m.process_cpu = {0.09, 0.08, 0.09, 0.09, 0.10};
  return m;
}

TEST(IoJudge, ThreadsNearTheBoundAndCheaperPass) {
  IoMeasurements m = io_sample();
  PerfResult result;
  EXPECT_EQ(judge_threads_win(m, &result), Decision::kPass) << result.detail;
  EXPECT_NEAR(result.ratio, 0.22 / 0.17, 1e-9);
}

TEST(IoJudge, SerialThreadsFailOnTheLatencyBound) {
  IoMeasurements m = io_sample();
  m.thread_wall = {5.1, 5.1, 5.2, 5.1, 5.1};  // one request at a time
  PerfResult result;
  EXPECT_EQ(judge_threads_win(m, &result), Decision::kFail) << result.detail;
  EXPECT_NE(result.detail.find("far from the bound"), std::string::npos);
}

TEST(IoJudge, ABusyMachineMovesTheLimitToTheProbe) {
  IoMeasurements m = io_sample();
  m.thread_wall = {0.34, 0.35, 0.33, 0.36, 0.34};  // over 2x the bound of 0.16 s
  m.process_wall = {0.55, 0.56, 0.54, 0.57, 0.55};
  m.probe_wall = {0.32, 0.33, 0.31, 0.34, 0.32};  // the framework's own is as slow
  PerfResult result;
  EXPECT_EQ(judge_threads_win(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("slowed by other work"), std::string::npos) << result.detail;
  m.probe_wall = {0.17, 0.17, 0.18, 0.17, 0.17};  // a quiet machine: the submission is slow
  EXPECT_EQ(judge_threads_win(m, &result), Decision::kFail) << result.detail;
}

TEST(IoJudge, ThreadsLosingFail) {
  IoMeasurements m = io_sample();
  m.thread_cpu = {0.2, 0.2, 0.2, 0.2, 0.2};
  PerfResult result;
  EXPECT_EQ(judge_threads_win(m, &result), Decision::kFail) << result.detail;
}

Outcome printed(const std::string& output, int exit_code = 0) {
  Outcome o;
  o.started = true;
  o.exit_code = exit_code;
  o.output = output;
  return o;
}

TEST(PerfEngine, ParsesTheDriversLastLine) {
  Trial t = parse_trial(
      printed("noise\n{\"ok\": true, \"wall_s\": 0.5, \"cpu_s\": 0.9, \"result\": 7}\n"));
  EXPECT_TRUE(t.ok);
  EXPECT_DOUBLE_EQ(t.wall_s, 0.5);
  EXPECT_DOUBLE_EQ(t.cpu_s, 0.9);
  EXPECT_EQ(t.data["result"], 7);
  Trial failed = parse_trial(printed("{\"ok\": false, \"error\": \"not written yet\"}"));
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, "not written yet");
  Trial crashed = parse_trial(printed("", 134));
  EXPECT_FALSE(crashed.ok);
  EXPECT_NE(crashed.error.find("exited with status 134"), std::string::npos);
  EXPECT_FALSE(parse_trial(printed("not json")).ok);
}

TEST(PerfEngine, RoundsInterleaveAndStopWhenDecided) {
  std::vector<std::string> order;
  CommandRunner fake = [&](const Command& c) {
    order.push_back(c.argv[0]);
    return printed("{\"ok\": true, \"wall_s\": 1, \"cpu_s\": 1}");
  };
  Command a, b;
  a.argv = {"A"};
  b.argv = {"B"};
  std::vector<Variant> variants = {{"a", a}, {"b", b}};
  int judged = 0;
  std::string failed;
  Samples samples = run_rounds(
      variants, RoundPlan{3, 6}, fake,
      [&](const Samples&) { return ++judged < 2 ? Decision::kUndecided : Decision::kPass; },
      nullptr, &failed);
  EXPECT_TRUE(failed.empty());
  EXPECT_EQ(order, (std::vector<std::string>{"A", "B", "A", "B", "A", "B", "A", "B"}))
      << "3 rounds, then one more until decided";
  EXPECT_EQ(samples["a"].size(), 4u);

  order.clear();
  samples = run_rounds(
      variants, RoundPlan{3, 5}, fake, [](const Samples&) { return Decision::kUndecided; }, nullptr,
      &failed);
  EXPECT_EQ(samples["a"].size(), 5u) << "never past max_rounds";

  CommandRunner failing = [&](const Command& c) {
    return c.argv[0] == "B" ? printed("{\"ok\": false, \"error\": \"wrong count\"}")
                            : printed("{\"ok\": true, \"wall_s\": 1, \"cpu_s\": 1}");
  };
  samples = run_rounds(
      variants, RoundPlan{3, 5}, failing, [](const Samples&) { return Decision::kPass; }, nullptr,
      &failed);
  EXPECT_EQ(failed, "b: wrong count");
  EXPECT_EQ(samples["a"].size(), 1u) << "a failed trial ends the measurement at once";

  failed.clear();
  samples = run_rounds(
      variants, RoundPlan{3, 5}, fake, [](const Samples&) { return Decision::kPass; },
      [](const std::string& variant, const Trial&) {
        return variant == "a" ? std::string("too few in flight") : std::string();
      },
      &failed);
  EXPECT_EQ(failed, "a: too few in flight") << "the check rejects a trial that ran fine";
  EXPECT_TRUE(samples["a"].empty());
}

}  // namespace
}  // namespace ptlabs::grader

namespace ptlabs::grader {
namespace {

TEST(StartJudge, ThreadsStartingFarSoonerPass) {
  StartMeasurements m;
  m.threads = {80e-6, 90e-6, 85e-6, 82e-6, 95e-6};
  m.processes = {900e-6, 1100e-6, 950e-6, 1000e-6, 980e-6};
  m.fork = {500e-6, 520e-6, 510e-6};
  m.spawn = {700e-6, 690e-6, 710e-6};
  PerfResult result;
  EXPECT_EQ(judge_threads_start_faster(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("posix_spawn() of the driver's own binary 700 us"),
            std::string::npos)
      << result.detail;
}

TEST(StartJudge, AThreadVersionThatForksFails) {
  StartMeasurements m;
  m.usable_cores = 2;
  m.load_average = 0.5;
  m.threads = {900e-6, 1000e-6, 950e-6, 980e-6, 1010e-6};
  m.processes = {950e-6, 990e-6, 1000e-6, 970e-6, 1020e-6};
  PerfResult result;
  EXPECT_EQ(judge_threads_start_faster(m, &result), Decision::kFail) << result.detail;
  m.load_average = 9.0;  // a busy machine measures waits, not starts
  EXPECT_EQ(judge_threads_start_faster(m, &result), Decision::kUndecided) << result.detail;
  EXPECT_NE(result.detail.find("load average is 9.0 on 2 usable cores"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::grader

namespace ptlabs::grader {
namespace {

FootprintMeasurements footprint_sample() {
  FootprintMeasurements m;
  m.buffer_bytes = 256 * 1024;
  m.table_bytes = 64 * 1024 * 1024;
  m.threads = {270e3, 272e3, 271e3};
  m.processes = {420e3, 430e3, 425e3};
  m.cow_probe = {67e6, 67e6, 67e6};
  return m;
}

TEST(FootprintJudge, ProcessesCostlierPassAndCopyOnWriteIsExplained) {
  FootprintMeasurements m = footprint_sample();
  PerfResult result;
  EXPECT_EQ(judge_footprint(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("Copy-on-write"), std::string::npos) << result.detail;
  EXPECT_EQ(result.detail.find("they wrote to the inherited table"), std::string::npos);
  m.processes = {67.5e6, 67.4e6, 67.6e6};  // children wrote the table
  EXPECT_EQ(judge_footprint(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("they wrote to the inherited table"), std::string::npos);
}

TEST(FootprintJudge, ThreadsPosingAsProcessesFail) {
  FootprintMeasurements m = footprint_sample();
  m.processes = {270e3, 271e3, 269e3};
  PerfResult result;
  EXPECT_EQ(judge_footprint(m, &result), Decision::kFail) << result.detail;
}

TEST(SchedulerJudge, OverlapAgainstTheProbe) {
  SchedulerMeasurements m;
  m.thread_overlap = {0.9, 0.85, 0.92, 0.88, 0.9};
  m.process_overlap = {0.87, 0.9, 0.91, 0.86, 0.89};
  m.probe_overlap = {0.95, 0.94, 0.96, 0.95, 0.93};
  m.pinned_slice_ms = {4.0, 3.9, 4.1};
  PerfResult result;
  EXPECT_EQ(judge_scheduler(m, &result), Decision::kPass) << result.detail;
  EXPECT_NE(result.detail.find("slices of 4.0 ms"), std::string::npos) << result.detail;
  m.process_overlap = {0.0, 0.01, 0.0, 0.0, 0.02};  // pinned while it should spread
  EXPECT_EQ(judge_scheduler(m, &result), Decision::kFail) << result.detail;
  m.probe_overlap = {0.01, 0.0, 0.04, 0.0, 0.02};  // a busy machine: nobody overlaps
  EXPECT_EQ(judge_scheduler(m, &result), Decision::kUndecided) << result.detail;
  EXPECT_NE(result.detail.find("quieter machine"), std::string::npos);
}

TEST(PipelineJudge, HybridMustBeatBothPureDesigns) {
  PipelineMeasurements m;
  m.threads = {0.80, 0.82, 0.79, 0.81, 0.80};
  m.processes = {0.70, 0.72, 0.71, 0.69, 0.70};
  m.hybrid = {0.45, 0.46, 0.44, 0.47, 0.45};
  m.probe_one = {0.40, 0.41, 0.40};
  m.probe_all = {0.41, 0.42, 0.41};  // W scorers at once took as long as one: W cores
  PerfResult result;
  EXPECT_EQ(judge_hybrid_wins(m, &result), Decision::kPass) << result.detail;
  m.hybrid = {0.80, 0.81, 0.82, 0.80, 0.79};  // no better than threads only
  EXPECT_EQ(judge_hybrid_wins(m, &result), Decision::kFail) << result.detail;
  m.probe_all = {0.79, 0.80, 0.81};  // a busy machine: one core's worth
  EXPECT_EQ(judge_hybrid_wins(m, &result), Decision::kUndecided) << result.detail;
  EXPECT_NE(result.detail.find("quieter machine"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::grader
