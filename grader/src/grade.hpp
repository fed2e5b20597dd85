// The grading pipeline: for each lab, find the student's files, build them
// against the hidden suite, run every check in its own run of the test binary,
// and score it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "report.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

struct GradeRequest {
  std::filesystem::path submission;
  std::vector<const Lab*> labs;    // in catalogue order
  std::filesystem::path workroot;  // private folders for builds and runs go here
  bool keep_work = false;          // leave the work folders for inspection
  bool perf = true;                // run the performance checks
  MachineInfo machine;             // what the performance checks may use
};

// Called when a step starts or ends, for progress on a terminal. May be empty.
using ProgressFn = std::function<void(const std::string& line)>;

// Grades one lab. `lab_dir` is the lab's folder in the submission, or empty if
// the submission has none (then every check is an error: not submitted).
// `request` says whether to run the performance checks and on what machine.
LabResult grade_lab(const Toolchain& toolchain, const Lab& lab,
                    const std::filesystem::path& lab_dir, const std::filesystem::path& workdir,
                    const GradeRequest& request, const CommandRunner& run,
                    const ProgressFn& progress);

// Grades every requested lab and sums the scores. Machine info and protections
// are left for the caller to fill in.
GradeReport grade(const Toolchain& toolchain, const GradeRequest& request, const CommandRunner& run,
                  const ProgressFn& progress);

}  // namespace ptlabs::grader
