#include "grade.hpp"

#include <fstream>
#include <sstream>

#include "build.hpp"
#include "check_run.hpp"
#include "grade_public.hpp"
#include "perf_checks.hpp"
#include "perf_engine.hpp"
#include "ptlabs/clock.hpp"
#include "safe_text.hpp"
#include "sandbox.hpp"
#include "scoring.hpp"
#include "submission.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

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

// Runs and scores one check. Whatever its run left behind, the check ends with a
// verdict: anything the grader cannot make sense of (an exception while reading
// what came back) makes this check an error that says why, never the grading fail.
CheckResult run_one_check(const Lab& lab, const Check& check, const fs::path& binary,
                          const fs::path& rundir, const fs::path& harness,
                          const CommandRunner& run) {
  try {
    return run_check(check, check_command(lab, check, binary, rundir, harness), run);
  } catch (const std::exception& e) {
    Outcome none;
    none.started = true;
    return unusable_results(check, none, e.what());
  }
}

}  // namespace

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
    const auto harness = toolchain.harnesses.find(lab.id);
    CheckResult scored =
        run_one_check(lab, check, binary, rundir,
                      harness == toolchain.harnesses.end() ? fs::path() : harness->second, run);
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
  cap_student_text(&report);  // every format of the report, whatever the submission printed
  return report;
}

}  // namespace ptlabs::grader
