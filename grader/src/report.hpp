// The grading report: what the grader found, independent of how it is printed.
//
// Plain data. Renderers (report_text, report_json) turn it into output; the
// JSON field names are a contract with the machines that read them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader {

enum class TestStatus { kPassed, kFailed, kError, kTimeout };
enum class Verdict { kPass, kFail, kInconclusive };

// Returns "passed", "failed", "error" or "timeout".
std::string_view to_string(TestStatus status);
// Returns "pass", "fail" or "inconclusive".
std::string_view to_string(Verdict verdict);

// One graded check of a lab's hidden suite.
struct CheckResult {
  std::string name;
  TestStatus status = TestStatus::kError;
  double score = 0;
  double max_score = 0;
  std::string output;  // why it failed, for a person; empty when passed
  double seconds = 0;
  std::string visibility = "visible";  // Gradescope's: visible, hidden, after_due_date, ...
};

// One performance check (README.md, "Performance checks").
struct PerfResult {
  std::string name;
  Verdict verdict = Verdict::kInconclusive;
  std::string metric;  // what `ratio` measures
  double ratio = 0;
  double threshold = 0;
  std::string detail;  // the reason, in words, including why inconclusive
  // What the measurements look like, for charts: {"charts": [...]} as chart_data.hpp
  // describes, or null when nothing was measured (written as `perf[].data`).
  nlohmann::json data = nullptr;
};

struct BuildInfo {
  bool ok = false;
  std::string log;  // compiler and linker messages, capped
  double seconds = 0;
};

struct LabResult {
  std::string id;
  std::string title;
  double score = 0;
  double max_score = 0;
  bool submitted = true;  // false when the submission had no folder for this lab
  // True when the grader had no hidden suite for this lab (the student kit): its
  // checks are the public tests, one point each, not the course's points.
  bool public_only = false;
  BuildInfo build;
  std::vector<CheckResult> tests;
  std::vector<PerfResult> perf;
};

struct MachineInfo {
  int usable_cores = 1;  // CPU affinity and cgroup quota together
  int online_cores = 1;
  int affinity_cores = 1;           // CPUs in this process's affinity mask
  std::optional<double> cpu_quota;  // cgroup CPU quota in cores, if any
  std::string cpu_model;
  std::string kernel;
};

struct GradeReport {
  std::string submission;
  double score = 0;
  double max_score = 0;
  double seconds = 0;
  MachineInfo machine;
  std::vector<std::string> protections;  // limits that were active on student code
  std::vector<LabResult> labs;
};

// What every report format says about a lab graded public_only.
inline constexpr const char* kPublicOnlyNote =
    "public tests only: this grader has no hidden tests for this lab, so these points are "
    "not your grade; the course's grader runs more checks (hidden tests, which model ran the "
    "work, performance)";

// Returns true iff every check of every lab passed and no perf check failed.
bool all_passed(const GradeReport& report);

}  // namespace ptlabs::grader
