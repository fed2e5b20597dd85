// What run_command keeps from student code besides the sandbox: the grader's
// environment and descriptors, and the CPU (summed CPU time, a CPU share of its own).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

#include "cgroup_jail.hpp"
#include "child_process.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace {

Command shell(const std::string& script, double wall_s = 20) {
  Command command;
  command.argv = {"/bin/sh", "-c", script};
  command.limits.wall_s = wall_s;
  return command;
}

// A shell line that starts `n` busy loops and waits for them.
std::string spinners(int n) {
  return "i=0; while [ $i -lt " + std::to_string(n) +
         " ]; do (while :; do :; done) & i=$((i+1)); done; wait";
}

bool can_make_cgroups() {
  std::string why;
  return CgroupJail::available(&why);
}

class RunIsolation : public testing::Test {
 protected:
  static void SetUpTestSuite() { become_subreaper(); }
};

TEST_F(RunIsolation, MinimalEnvironmentDropsTheGradersVariables) {
  ::setenv("GTEST_FILTER", "Forged.*", 1);
  ::setenv("PTLABS_TEST_SECRET", "instructor-token", 1);
  Command command = shell("env");
  command.minimal_environment = true;
  command.env = {"EXTRA=1"};
  const Outcome minimal = run_command(command);
  EXPECT_EQ(minimal.output.find("GTEST_FILTER"), std::string::npos) << minimal.output;
  EXPECT_EQ(minimal.output.find("instructor-token"), std::string::npos) << minimal.output;
  EXPECT_NE(minimal.output.find("PATH="), std::string::npos) << minimal.output;
  EXPECT_NE(minimal.output.find("EXTRA=1"), std::string::npos) << minimal.output;
  const Outcome full = run_command(shell("env"));  // the grader's own commands keep it all
  EXPECT_NE(full.output.find("instructor-token"), std::string::npos);
  ::unsetenv("GTEST_FILTER");
  ::unsetenv("PTLABS_TEST_SECRET");
}

TEST_F(RunIsolation, CpuTimeIsSummedOverEveryTask) {
  if (!can_make_cgroups()) GTEST_SKIP() << "no cgroup here: CPU time is limited per process only";
  // 16 loops, each far under a per-process limit of 1 s when the sum reaches it.
  Command command = shell(spinners(16));
  command.limits.cpu_s = 1;
  command.limits.max_processes = 64;
  const Outcome outcome = run_command(command);
  EXPECT_TRUE(outcome.cpu_exceeded) << outcome.describe();
  EXPECT_FALSE(outcome.timed_out) << "stopped by the wall clock, not by the summed CPU time";
  EXPECT_NE(outcome.describe().find("CPU-time limit"), std::string::npos) << outcome.describe();
}

TEST_F(RunIsolation, WithoutACpuShareARunGetsALowerPriority) {
  Command command = shell("nice");                  // prints the niceness it runs at
  const int base = ::getpriority(PRIO_PROCESS, 0);  // the suite may itself run niced
  const std::string as_is = std::to_string(base) + "\n";
  command.limits.own_cpu_share = true;
  EXPECT_EQ(run_command(command).output, std::to_string(std::max(base, kFallbackNice)) + "\n")
      << "no cgroup was asked for (no process cap), so no CPU share: nice instead";
  command.limits.own_cpu_share = false;
  EXPECT_EQ(run_command(command).output, as_is) << "a run that asked for nothing";
  if (!can_make_cgroups()) return;
  command.limits.own_cpu_share = true;
  command.limits.max_processes = 16;
  CgroupJail trial(16, 0, true);
  if (!trial.has_cpu_share()) return;
  EXPECT_EQ(run_command(command).output, as_is) << "a run with its own CPU share keeps its nice";
}

// CPU seconds this process has used.
double own_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Spins for `wall_s` seconds and returns the CPU seconds it got meanwhile.
double spin_for(double wall_s) {
  const double cpu_before = own_cpu_seconds();
  const std::uint64_t end = now_ns() + static_cast<std::uint64_t>(wall_s * 1e9);
  volatile std::uint64_t sink = 0;
  while (now_ns() < end) sink = sink + 1;
  return own_cpu_seconds() - cpu_before;
}

TEST_F(RunIsolation, ABombWithItsOwnCpuShareLeavesTheMachineToOthers) {
  if (!can_make_cgroups()) GTEST_SKIP() << "no cgroup here";
  {
    CgroupJail trial(64, 0, true);
    if (!trial.has_cpu_share()) GTEST_SKIP() << "no cgroup cpu controller here";
  }
  // 256 spinners against this one: task by task, this one would get 1/257 of the CPU
  // (under 0.02 s in 2 s on two cores); with the bomb weighing as one program, about a core.
  Command bomb = shell(spinners(256), 6);
  bomb.limits.max_processes = 400;
  bomb.limits.own_cpu_share = true;
  double got = 0;
  std::thread spinner([&] {
    sleep_ns(1'500'000'000);  // let the bomb start all its loops
    got = spin_for(2.0);
  });
  run_command(bomb);
  spinner.join();
  EXPECT_GT(got, 0.1) << "a program beside the bomb got " << got << " CPU-s in 2 s";
}

}  // namespace
}  // namespace ptlabs::grader
