#include "grade_public.hpp"

#include <algorithm>

#include "public_suite.hpp"
#include "submission.hpp"

namespace ptlabs::grader {

bool grades_public_only(const Toolchain& toolchain, const Lab& lab) {
  return toolchain.hidden_archives.count(lab.id) == 0;
}

LabResult grade_public_only(const Toolchain& toolchain, const Lab& lab,
                            const std::filesystem::path& lab_dir,
                            const std::filesystem::path& workdir, const CommandRunner& run,
                            const ProgressFn& progress) {
  LabResult result;
  result.id = lab.id;
  result.title = lab.title;
  result.public_only = true;
  const PublicSuiteResult suite =
      run_public_suite(toolchain, lab, collect_lab_files(lab_dir), workdir, run, progress);
  result.build = suite.build;

  for (const auto& test : suite.cases) {
    if (!test.ran) continue;
    CheckResult check;
    check.name = "public: " + test.full_name();
    check.status = test.passed ? TestStatus::kPassed : TestStatus::kFailed;
    check.max_score = 1;
    check.score = test.passed ? 1 : 0;
    check.output = test.failures;
    check.seconds = test.seconds;
    result.tests.push_back(std::move(check));
  }
  // Nothing per test to show (a failed build, a crash or a hang before the results
  // were written), or the run failed although every test it reported passed:
  // the suite as a whole is the check, and its output says why.
  const bool all_reported_passed =
      !result.tests.empty() &&
      std::all_of(result.tests.begin(), result.tests.end(),
                  [](const CheckResult& c) { return c.status == TestStatus::kPassed; });
  if (result.tests.empty() || (all_reported_passed && !suite.passed())) {
    CheckResult whole = suite.run;
    whole.name = "public tests";
    whole.max_score = 1;
    whole.score = 0;
    if (whole.status == TestStatus::kPassed) whole.status = TestStatus::kFailed;
    if (whole.output.empty()) whole.output = suite.build.ok ? "the public tests failed" : "";
    result.tests.push_back(std::move(whole));
  }
  for (const auto& check : result.tests) {
    result.score += check.score;
    result.max_score += check.max_score;
  }
  return result;
}

}  // namespace ptlabs::grader
