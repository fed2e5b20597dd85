#include "report.hpp"

namespace ptlabs::grader {

std::string_view to_string(TestStatus status) {
  switch (status) {
    case TestStatus::kPassed:
      return "passed";
    case TestStatus::kFailed:
      return "failed";
    case TestStatus::kError:
      return "error";
    case TestStatus::kTimeout:
      return "timeout";
  }
  return "error";
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

bool all_passed(const GradeReport& report) {
  for (const auto& lab : report.labs) {
    if (!lab.build.ok) return false;
    for (const auto& test : lab.tests) {
      if (test.status != TestStatus::kPassed) return false;
    }
    for (const auto& perf : lab.perf) {
      if (perf.verdict == Verdict::kFail) return false;
    }
  }
  return true;
}

}  // namespace ptlabs::grader
