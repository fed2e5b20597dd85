// The results channel between a test binary and the grader: only results
// headed with the run's token count, and the channel reaches a real child.
#include "results_channel.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace ptlabs::grader {
namespace {

// Runs `script` in /bin/sh with the channel attached; the script sees $PTLABS_RESULTS_FD.
Outcome run_with_channel(const ResultsChannel& channel, const std::string& script) {
  Command command;
  command.argv = {"/bin/sh", "-c", script};
  command.limits.wall_s = 10;
  channel.attach(&command);
  return run_command(command);
}

TEST(ResultsChannel, NothingWrittenIsMissing) {
  ResultsChannel channel;
  std::string err, json;
  ASSERT_TRUE(channel.open(&err)) << err;
  EXPECT_EQ(channel.token().size(), 32u);
  EXPECT_EQ(channel.read(&json), ResultsChannel::State::kMissing);
  // The test main took the token and then the run died: still missing, not forged.
  run_with_channel(channel, ": > /proc/self/fd/$PTLABS_RESULTS_FD");
  EXPECT_EQ(channel.read(&json), ResultsChannel::State::kMissing);
}

TEST(ResultsChannel, TheChildInheritsItAndSeesTheToken) {
  ResultsChannel channel;
  std::string err, json;
  ASSERT_TRUE(channel.open(&err)) << err;
  // What the test main does: read the token, then write it back before the results.
  const Outcome outcome = run_with_channel(
      channel,
      "read header token < /proc/self/fd/$PTLABS_RESULTS_FD && "
      "printf 'PTLABS-RESULTS %s\\n{\"tests\": 0}' \"$token\" > /proc/self/fd/$PTLABS_RESULTS_FD");
  ASSERT_TRUE(outcome.succeeded()) << outcome.describe() << outcome.output;
  ASSERT_EQ(channel.read(&json), ResultsChannel::State::kOk);
  EXPECT_EQ(json, "{\"tests\": 0}");
}

TEST(ResultsChannel, ResultsWithoutTheTokenAreForged) {
  const char* const forgeries[] = {
      "printf '{\"tests\": 1, \"failures\": 0}' > /proc/self/fd/$PTLABS_RESULTS_FD",
      "printf 'PTLABS-RESULTS 0123456789abcdef0123456789abcdef\\n{}' > "
      "/proc/self/fd/$PTLABS_RESULTS_FD",
      "printf 'PTLABS-RESULTS \\n{}' > /proc/self/fd/$PTLABS_RESULTS_FD",
  };
  for (const char* forgery : forgeries) {
    ResultsChannel channel;
    std::string err, json;
    ASSERT_TRUE(channel.open(&err)) << err;
    run_with_channel(channel, forgery);
    EXPECT_EQ(channel.read(&json), ResultsChannel::State::kForged) << forgery;
  }
}

TEST(ResultsChannel, EveryRunHasItsOwnToken) {
  ResultsChannel a, b;
  std::string err;
  ASSERT_TRUE(a.open(&err) && b.open(&err)) << err;
  EXPECT_NE(a.token(), b.token());
}

TEST(ResultsChannel, OnlyTheAttachedCommandInheritsIt) {
  ResultsChannel channel;
  std::string err;
  ASSERT_TRUE(channel.open(&err)) << err;
  Command command;
  command.argv = {"/bin/sh", "-c", "ls -l /proc/self/fd/ | grep -c memfd:ptlabs-results"};
  command.limits.wall_s = 10;
  const Outcome outcome = run_command(command);  // not attached
  EXPECT_EQ(outcome.output, "0\n");
}

}  // namespace
}  // namespace ptlabs::grader
