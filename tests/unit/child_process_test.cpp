// Tests of the real command runner: real processes, real limits.
#include "child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ptlabs::grader {
namespace {

Command shell(const std::string& script, double wall_s = 10) {
  Command command;
  command.argv = {"/bin/sh", "-c", script};
  command.limits.wall_s = wall_s;
  return command;
}

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0; }

class ChildProcess : public testing::Test {
 protected:
  static void SetUpTestSuite() { become_subreaper(); }
};

TEST_F(ChildProcess, CapturesMergedOutputAndExitStatus) {
  Outcome o = run_command(shell("echo out; echo err >&2; exit 3"));
  EXPECT_TRUE(o.started);
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_FALSE(o.succeeded());
  EXPECT_EQ(o.output, "out\nerr\n");
  EXPECT_EQ(o.describe(), "exited with status 3");
}

TEST_F(ChildProcess, ReportsTheKillingSignal) {
  Outcome o = run_command(shell("kill -SEGV $$"));
  EXPECT_EQ(o.term_signal, SIGSEGV);
  EXPECT_NE(o.describe().find("Segmentation"), std::string::npos) << o.describe();
}

TEST_F(ChildProcess, WallClockLimitKillsTheWholeGroup) {
  Outcome o = run_command(shell("sleep 30 & sleep 30", 0.5));
  EXPECT_TRUE(o.timed_out);
  EXPECT_LT(o.wall_s, 5);
}

TEST_F(ChildProcess, CpuLimitEndsABusyLoop) {
  Command command = shell("while :; do :; done", 20);
  command.limits.cpu_s = 1;
  Outcome o = run_command(command);
  EXPECT_TRUE(o.cpu_exceeded) << o.describe();
  EXPECT_FALSE(o.timed_out);
}

TEST_F(ChildProcess, OutputIsCappedAndAFloodIsKilled) {
  Command command = shell("yes 0123456789", 20);
  command.limits.output_bytes = 1000;
  command.limits.output_kill_bytes = 1 << 20;
  Outcome o = run_command(command);
  EXPECT_TRUE(o.output_flooded);
  EXPECT_GT(o.output_total, 1u << 20);
  EXPECT_NE(o.output.find("output cut"), std::string::npos);
  EXPECT_LT(o.output.size(), 1200u);
}

TEST_F(ChildProcess, DaemonThatLeftTheGroupIsKilled) {
  // A double fork plus setsid leaves the process group; the subreaper still finds it.
  const std::string pidfile = "/tmp/ptlabs-daemon-test-" + std::to_string(::getpid());
  Outcome o =
      run_command(shell("(setsid sh -c 'echo $$ > " + pidfile + "; exec sleep 60' &) ; sleep 0.3"));
  EXPECT_TRUE(o.succeeded()) << o.describe();
  pid_t daemon = 0;
  std::ifstream(pidfile) >> daemon;
  std::filesystem::remove(pidfile);
  ASSERT_GT(daemon, 0);
  EXPECT_FALSE(process_alive(daemon)) << "the daemon " << daemon << " outlived the run";
}

TEST_F(ChildProcess, MissingProgramIsAFailedRunNotACrash) {
  Command command;
  command.argv = {"/nonexistent/program"};
  Outcome o = run_command(command);
  EXPECT_EQ(o.exit_code, 127);
  EXPECT_NE(o.output.find("exec failed"), std::string::npos);
}

TEST_F(ChildProcess, RunsInTheGivenFolderWithExtraEnvironment) {
  Command command = shell("pwd; echo $PTLABS_PROBE");
  command.workdir = "/tmp";
  command.env = {"PTLABS_PROBE=seen"};
  Outcome o = run_command(command);
  EXPECT_EQ(o.output, "/tmp\nseen\n");
}

}  // namespace
}  // namespace ptlabs::grader

namespace ptlabs::grader {
namespace {

// bubblewrap reports its child's death by signal N as exit status 128 + N.
TEST(ChildProcessWrapped, ExitStatusOfAWrapperBecomesTheSignal) {
  Command command;
  command.argv = {"/bin/sh", "-c", "exit 139"};
  command.signal_as_exit_status = true;
  Outcome o = run_command(command);
  EXPECT_EQ(o.term_signal, 11);
  EXPECT_NE(o.describe().find("killed by signal 11"), std::string::npos) << o.describe();
  command.argv = {"/bin/sh", "-c", "exit 3"};
  EXPECT_EQ(run_command(command).exit_code, 3) << "a plain exit stays an exit";
}

}  // namespace
}  // namespace ptlabs::grader
