// One run of a lab's test binary for one check: the command, with its limits
// and sandbox, and the verdict from how it ended and what it reported.
#pragma once

#include <filesystem>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "gtest_results.hpp"
#include "report.hpp"

namespace ptlabs::grader {

// How much longer a check may run under ThreadSanitizer.
inline constexpr double kSanitizerSlowdown = 4;

// The command that runs one check: the test binary with the check's filter, in
// the private folder `rundir`, with a minimal environment. It writes nothing on
// the real disk: results come back through a ResultsChannel (run_check attaches it).
// With a `harness` (a lab whose hidden suite is a harness of its own, docs/security.md)
// the command runs the harness outside the sandbox with the check's filter, and the
// harness starts `binary`, the subject built from the student's files, inside it.
Command check_command(const Lab& lab, const Check& check, const std::filesystem::path& binary,
                      const std::filesystem::path& rundir,
                      const std::filesystem::path& harness = {});

// Runs `command` (from check_command) with a fresh results channel and scores
// `check`. Results that lack the run's token make the check an error that says
// so. When `cases` is given, it receives the test cases the binary reported.
CheckResult run_check(const Check& check, Command command, const CommandRunner& run,
                      std::vector<GtestCase>* cases = nullptr);

}  // namespace ptlabs::grader
