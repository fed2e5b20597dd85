// What run_command keeps from student code besides the sandbox: the grader's
// environment and descriptors, and the CPU (summed CPU time, a CPU share of its own).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/keyctl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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

// A descriptor the grader inherited without close-on-exec (from a CI runner, a
// jobserver) must not reach the command; the ones it is given must.
TEST_F(RunIsolation, OnlyTheGivenDescriptorsReachTheCommand) {
  const int leaked_dir = ::open("/", O_RDONLY | O_DIRECTORY);  // no O_CLOEXEC: inheritable
  int leaked_pipe[2];
  ASSERT_EQ(::pipe(leaked_pipe), 0);
  const int given = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(leaked_dir, 3);
  ASSERT_GE(given, 3);
  auto probe = [](int fd) {
    const std::string n = std::to_string(fd);
    return "if [ -e /proc/self/fd/" + n + " ]; then echo " + n + " open; else echo " + n +
           " closed; fi; ";
  };
  Command command =
      shell(probe(leaked_dir) + probe(leaked_pipe[0]) + probe(leaked_pipe[1]) + probe(given));
  command.inherit_fds = {given};
  const Outcome outcome = run_command(command);
  EXPECT_NE(outcome.output.find(std::to_string(leaked_dir) + " closed"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find(std::to_string(leaked_pipe[0]) + " closed"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find(std::to_string(leaked_pipe[1]) + " closed"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find(std::to_string(given) + " open"), std::string::npos)
      << outcome.output;
  // The flag was cleared in the child only.
  EXPECT_EQ(::fcntl(given, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(::fcntl(leaked_dir, F_GETFD) & FD_CLOEXEC, 0);
  for (int fd : {leaked_dir, leaked_pipe[0], leaked_pipe[1], given}) ::close(fd);
}

// What the command stores in its session keyring is its own: it does not hold the
// grader's session keyring (under a login, pam_keyinit's), and two runs do not share one.
TEST_F(RunIsolation, EachCommandHasASessionKeyringOfItsOwn) {
  const long grader_ring = ::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "ptlabs-unit-test");
  if (grader_ring < 0) GTEST_SKIP() << "keyctl is not allowed here";
  // The command prints the serial of its session keyring (KEYCTL_GET_KEYRING_ID of @s).
  const std::string script = "import ctypes; libc = ctypes.CDLL(None); print(libc.syscall(" +
                             std::to_string(SYS_keyctl) + ", 0, -3, 0))";
  Command command;
  command.argv = {"python3", "-c", script};
  command.limits.wall_s = 20;
  const Outcome first = run_command(command);
  const Outcome second = run_command(command);
  ASSERT_TRUE(first.succeeded()) << first.describe() << first.output;
  const long first_ring = std::atol(first.output.c_str());
  EXPECT_GT(first_ring, 0) << first.output;
  EXPECT_NE(first_ring, grader_ring) << "the command holds the grader's session keyring";
  EXPECT_NE(first.output, second.output) << "two runs share a session keyring";
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
