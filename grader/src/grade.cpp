#include "grade.hpp"

#include <fstream>
#include <sstream>

#include "build.hpp"
#include "grade_public.hpp"
#include "perf_checks.hpp"
#include "perf_engine.hpp"
#include "ptlabs/clock.hpp"
#include "sandbox.hpp"
#include "scoring.hpp"
#include "submission.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

std::optional<std::vector<GtestCase>> read_results(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  std::vector<GtestCase> cases;
  std::string err;
  if (!parse_gtest_json(text.str(), &cases, &err)) return std::nullopt;
  return cases;
}

LabResult unsubmitted_lab(const Lab& lab) {
  LabResult result;
  result.id = lab.id;
  result.title = lab.title;
  result.submitted = false;
  result.build.log = "the submission has no folder " + lab.id + "/";
  for (const auto& check : lab.checks) {
    CheckResult c;
    c.name = check.name;
    c.max_score = check.points;
    c.status = TestStatus::kError;
    c.output = "not submitted";
    result.max_score += check.points;
    result.tests.push_back(std::move(c));
  }
  return result;
}

}  // namespace

Command check_command(const Lab& lab, const Check& check, const fs::path& binary,
                      const fs::path& results, const fs::path& rundir) {
  Command command;
  command.argv = {binary.string(), "--gtest_filter=" + check.gtest_filter(),
                  "--gtest_output=json:" + results.string(), "--gtest_color=no", "--gtest_brief=0"};
  command.workdir = rundir;
  command.limits.wall_s = lab.time_limit_s;
  command.limits.cpu_s = lab.cpu_limit_s;
  command.limits.memory_bytes = 8ull << 30;
  command.limits.max_processes = kMaxProcesses;
  command.limits.max_file_bytes = kMaxFileBytes;
  command.sandbox.enabled = true;
  command.sandbox.read_only = {binary};
  command.sandbox.writable = {results.parent_path()};
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

// Runs the lab's performance checks, one at a time and never beside another
// grader's (PerfLock).
std::vector<PerfResult> run_perf(const Lab& lab, const fs::path& binary, const fs::path& rundir,
                                 const GradeRequest& request, const CommandRunner& run,
                                 const ProgressFn& progress) {
  std::vector<PerfResult> results;
  PerfLock lock;
  PerfContext context{binary, rundir, request.machine, run};
  for (const auto& check : lab.perf) {
    if (progress) progress(lab.id + ": measuring " + check.name);
    results.push_back(run_perf_check(check, context));
  }
  return results;
}

LabResult grade_lab(const Toolchain& toolchain, const Lab& lab, const fs::path& lab_dir,
                    const fs::path& workdir, const GradeRequest& request, const CommandRunner& run,
                    const ProgressFn& progress) {
  if (lab_dir.empty()) return unsubmitted_lab(lab);
  if (grades_public_only(toolchain, lab)) {
    return grade_public_only(toolchain, lab, lab_dir, workdir, run, progress);
  }
  LabResult result;
  result.id = lab.id;
  result.title = lab.title;
  if (progress) progress("building " + lab.id);
  BuildOutput built =
      build_lab(toolchain, lab, collect_lab_files(lab_dir), workdir, run, request.perf);
  result.build = built.info;

  const fs::path rundir = workdir / "run";
  fs::create_directories(rundir);
  fs::create_directories(workdir / "out");
  for (std::size_t i = 0; i < lab.checks.size(); ++i) {
    const Check& check = lab.checks[i];
    result.max_score += check.points;
    const fs::path& binary = check.sanitizer.empty() ? built.binary : built.tsan_binary;
    if (!built.info.ok || binary.empty()) {
      result.tests.push_back(
          unbuilt_check(check, built.info.ok ? "ThreadSanitizer build" : "build"));
      continue;
    }
    if (progress) progress(lab.id + ": " + check.name);
    const fs::path results = workdir / "out" / ("check-" + std::to_string(i + 1) + ".json");
    Outcome outcome = run(check_command(lab, check, binary, results, rundir));
    CheckResult scored = score_check(check, outcome, read_results(results));
    result.score += scored.score;
    result.tests.push_back(std::move(scored));
  }
  if (request.perf && !built.perf_binary.empty() && !lab.perf.empty()) {
    result.perf = run_perf(lab, built.perf_binary, rundir, request, run, progress);
  }
  return result;
}

GradeReport grade(const Toolchain& toolchain, const GradeRequest& request, const CommandRunner& run,
                  const ProgressFn& progress) {
  const std::uint64_t start = now_ns();
  GradeReport report;
  report.submission = request.submission.string();
  for (const Lab* lab : request.labs) {
    const fs::path workdir = request.workroot / lab->id;
    fs::create_directories(workdir);
    LabResult result = grade_lab(toolchain, *lab, find_lab_dir(request.submission, *lab), workdir,
                                 request, run, progress);
    report.score += result.score;
    report.max_score += result.max_score;
    report.labs.push_back(std::move(result));
  }
  report.seconds = static_cast<double>(now_ns() - start) / 1e9;
  return report;
}

}  // namespace ptlabs::grader
