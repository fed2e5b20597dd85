// Grading a lab on its public tests alone, where the grader has no hidden suite
// for it (the student kit of `grader export --student-kit`).
//
// The report says so: the lab is marked public_only, each public test is a check
// worth one point named "public: Suite.Test", and every format prints
// kPublicOnlyNote (report.hpp): these points are not the course's. There are no
// performance checks (the perf drivers stay with the course's grader).
#pragma once

#include <filesystem>

#include "catalog.hpp"
#include "child_process.hpp"
#include "grade.hpp"
#include "report.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

// Returns true iff `lab` must be graded on its public tests: the toolchain has no
// hidden suite for it.
bool grades_public_only(const Toolchain& toolchain, const Lab& lab);

// Builds the public suite with the student's files of `lab_dir` in `workdir` and
// turns its run into a LabResult marked public_only. A build that fails, or a run
// that ends before GoogleTest wrote its results, is one failed check "public tests".
LabResult grade_public_only(const Toolchain& toolchain, const Lab& lab,
                            const std::filesystem::path& lab_dir,
                            const std::filesystem::path& workdir, const CommandRunner& run,
                            const ProgressFn& progress);

}  // namespace ptlabs::grader
