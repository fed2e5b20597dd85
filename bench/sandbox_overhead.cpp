// Benchmark: what the sandbox adds to one run of a lab test binary.
//
// usage: build/bin/sandbox_overhead [RUNS]   (./run.sh bench runs it)
//
// Runs the lab 01 hidden suite against the reference (one small check,
// ProcessSizes.*) RUNS times directly and RUNS times the way the grader runs a
// check: bubblewrap with the allowlisted filesystem, a cgroup with its CPU
// share, the results channel and the minimal environment. The two kinds of run
// alternate, so load drifts hit both alike. Prints the medians and their
// difference; the target is under 50 ms.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "check_run.hpp"
#include "cli_common.hpp"
#include "ptlabs/clock.hpp"
#include "sandbox.hpp"

namespace grader = ptlabs::grader;

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 30;
  if (runs < 1) {
    std::fprintf(stderr, "usage: sandbox_overhead [RUNS >= 1]\n");
    return 2;
  }
  grader::Toolchain toolchain;
  grader::Catalog catalog;
  if (!grader::load_setup(&toolchain, &catalog)) return 3;
  std::string err;
  const grader::Lab* lab = catalog.find("01", &err);
  if (lab == nullptr) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 3;
  }
  const auto binary = toolchain.build_dir / "lab01_hidden_ref";
  const auto rundir =
      std::filesystem::temp_directory_path() / ("ptlabs-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(rundir);
  grader::Check check;
  check.name = "bench";
  check.points = 1;
  check.tests = {"ProcessSizes.*"};
  grader::become_subreaper();
  const grader::SandboxSetup sandbox = grader::detect_sandbox(toolchain, true);
  const grader::CommandRunner direct = grader::run_command;
  const grader::CommandRunner sandboxed = grader::sandboxed_runner(sandbox, grader::run_command);

  std::vector<double> direct_ms, sandboxed_ms;
  for (int i = 0; i < runs; ++i) {
    for (bool in_sandbox : {false, true}) {
      grader::Command command = grader::check_command(*lab, check, binary, rundir);
      if (!in_sandbox) command.limits.max_processes = 0;  // no cgroup either: a bare run
      const double start = static_cast<double>(ptlabs::now_ns());
      const grader::CheckResult result =
          grader::run_check(check, command, in_sandbox ? sandboxed : direct);
      const double ms = (static_cast<double>(ptlabs::now_ns()) - start) / 1e6;
      if (result.status != grader::TestStatus::kPassed) {
        std::fprintf(stderr, "run %d (%s) did not pass: %s\n", i,
                     in_sandbox ? "sandboxed" : "direct", result.output.c_str());
        return 1;
      }
      (in_sandbox ? sandboxed_ms : direct_ms).push_back(ms);
    }
  }
  std::filesystem::remove_all(rundir);
  const double bare = median(direct_ms), boxed = median(sandboxed_ms);
  std::printf(
      "sandbox overhead on one run of a test binary (lab 01, ProcessSizes.*), %d runs each\n",
      runs);
  std::printf("  direct (no bubblewrap, no cgroup)   median %7.1f ms\n", bare);
  std::printf("  as the grader runs a check          median %7.1f ms\n", boxed);
  std::printf("  added by the sandbox                       %7.1f ms  (target: under 50 ms)\n",
              boxed - bare);
  for (const auto& line : grader::protections(sandbox)) std::printf("  - %s\n", line.c_str());
  return 0;
}
