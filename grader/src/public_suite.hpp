// The public suite of one lab: labs/<id>/tests/public_test.cpp, built with the
// student's files and run once. `grader check` runs it first; a student kit
// without hidden suites grades with it.
//
// Like the hidden suites (build.hpp), only the student's own files come from
// the submission: the test source, task.hpp and the test support headers it
// includes as "support/..." (grader/hidden/support/*.hpp) are the pristine
// copies of the toolchain's source folder. Everything is compiled with the
// toolchain manifest's compiler and flags, linked against its libraries (test
// main, support library, GoogleTest), and run under the lab's time and CPU
// limits in the sandbox plan of a graded check. Compiles run in parallel.
//
// Usage:
//   if (!public_test_source(toolchain, lab).empty()) {
//     PublicSuiteResult r = run_public_suite(toolchain, lab, collect_lab_files(dir),
//                                            workdir, runner, progress);
//     if (!r.build.ok) ... r.build.log;  else if (!r.passed()) ... r.run.output;
//   }
#pragma once

#include <filesystem>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "grade.hpp"
#include "gtest_results.hpp"
#include "report.hpp"
#include "submission.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

struct PublicSuiteResult {
  BuildInfo build;  // staging, compiling and linking; run is meaningful only when build.ok
  // The whole suite as one 0-point check named "public tests": passed iff the run
  // ended normally and every test passed; otherwise the reason is in run.output.
  CheckResult run;
  std::vector<GtestCase> cases;  // each test, when the binary wrote its results

  // Returns true iff it built and every public test passed.
  bool passed() const { return build.ok && run.status == TestStatus::kPassed; }
};

// The public test source of `lab` in the pristine labs/, or an empty path when it has none.
std::filesystem::path public_test_source(const Toolchain& toolchain, const Lab& lab);

// Builds the public suite of `lab` with `files` in `workdir` (created when missing;
// the student's files are staged in `workdir`/src, so compiler messages name
// them there; the binary is `workdir`/public_tests) and runs it through `run`, which applies
// the sandbox. `progress` (may be empty) hears "building" and "running".
PublicSuiteResult run_public_suite(const Toolchain& toolchain, const Lab& lab,
                                   const LabFiles& files, const std::filesystem::path& workdir,
                                   const CommandRunner& run, const ProgressFn& progress);

}  // namespace ptlabs::grader
