#include "check_run.hpp"

#include "results_channel.hpp"
#include "sandbox.hpp"
#include "scoring.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;

Command check_command(const Lab& lab, const Check& check, const fs::path& binary,
                      const fs::path& rundir, const fs::path& harness) {
  Command command;
  const std::string filter = "--gtest_filter=" + check.gtest_filter();
  if (harness.empty()) {
    command.argv = {binary.string(), filter, "--gtest_color=no", "--gtest_brief=0"};
  } else {
    command.argv = {harness.string(),  filter, "--gtest_color=no",
                    "--gtest_brief=0", "--",   binary.string()};
    command.sandbox.outside_argc = 5;
  }
  command.workdir = rundir;
  command.minimal_environment = true;
  command.limits.wall_s = lab.time_limit_s;
  command.limits.cpu_s = lab.cpu_limit_s;
  command.limits.memory_bytes = 8ull << 30;
  command.limits.max_processes = kMaxProcesses;
  command.limits.max_file_bytes = kMaxFileBytes;
  command.limits.own_cpu_share = true;
  command.sandbox.enabled = true;
  command.sandbox.read_only = {binary};
  command.sandbox.private_dir = rundir;
  if (check.sanitizer == "thread") {
    // ThreadSanitizer runs code 5-15x slower and reserves a huge shadow address space.
    command.limits.wall_s *= kSanitizerSlowdown;
    command.limits.cpu_s *= kSanitizerSlowdown;
    command.limits.memory_bytes = 0;
    command.env = {"TSAN_OPTIONS=halt_on_error=1 exitcode=66 report_signal_unsafe=0"};
  }
  return command;
}

CheckResult run_check(const Check& check, Command command, const CommandRunner& run,
                      std::vector<GtestCase>* cases) {
  ResultsChannel channel;
  std::string err;
  if (!channel.open(&err)) {
    CheckResult result = unbuilt_check(check, "results channel");
    result.output = "the grader could not open the channel for the test results: " + err;
    return result;
  }
  channel.attach(&command);
  const Outcome outcome = run(command);
  std::string json;
  std::optional<std::vector<GtestCase>> results;
  const ResultsChannel::State state = channel.read(&json);
  std::string unusable;  // why results that came back cannot be used
  if (state == ResultsChannel::State::kOk) {
    std::vector<GtestCase> parsed;
    if (parse_gtest_json(json, &parsed, &unusable)) results = std::move(parsed);
  }
  CheckResult scored = score_check(check, outcome, results);
  if (!unusable.empty()) scored = unusable_results(check, outcome, unusable);
  if (state == ResultsChannel::State::kForged) {
    scored.status = TestStatus::kError;
    scored.score = 0;
    scored.output =
        "the results of this check did not come from the test program: something in the "
        "submission wrote its own results on the grader's channel (they lack this run's "
        "token), so none of it counts.\n" +
        scored.output;
  }
  if (cases != nullptr && results) *cases = std::move(*results);
  return scored;
}

}  // namespace ptlabs::grader
