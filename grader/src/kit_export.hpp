// Which files of the project go into a copy made for others, and the copying.
//
// Two copies are made from a checkout: the student kit (`grader export
// --student-kit`), which must never carry an answer, and the Gradescope package
// (`grader gradescope package`), which carries the hidden suites of the labs it
// grades but still no reference solution. Both are allow-lists: a file is copied
// only when a rule below names it, so a new top-level folder stays out until
// someone decides otherwise.
//
// The student kit holds labs/ (catalogue, support library, every lab folder with
// its README, task.hpp, skeletons and public tests), docs/, the grader's sources
// (grader/src, grader/templates, grader/CMakeLists.txt, cmake/, CMakeLists.txt,
// run.sh, README.md, tools/, .clang-format, .gitignore) and grader/hidden/support/
// (the test main and shared-memory helper the public tests are built with: no
// check, no answer). It leaves out solutions/, tests/ (its wrong submissions are
// near-copies of the reference solutions), bench/, build folders, .git, and every
// grader/hidden/<id>/ folder: the hidden suites, and the perf drivers too, whose
// calibration probes (lab 04's thread per path, lab 06's forked workers) solve
// parts of the tasks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader {

// Lists the project's files under `root`, relative and '/'-separated, sorted.
// In a git checkout: `git ls-files` (tracked files and untracked ones git does
// not ignore, so work not yet committed travels too; files deleted from the
// working tree are dropped). Elsewhere: a walk that skips .git and every folder
// holding a CMakeCache.txt (a build folder). Only regular files are listed.
bool list_project_files(const std::filesystem::path& root, std::vector<std::string>* files,
                        std::string* err);

// Returns true iff `path` (relative to the project root) belongs in the student kit.
bool in_student_kit(std::string_view path);

// Returns true iff `path` belongs in the Gradescope package of the labs `lab_ids`:
// what the kit holds, plus grader/hidden/<id>/ of each of those labs.
bool in_gradescope_package(std::string_view path, const std::vector<std::string>& lab_ids);

// Where the GitHub Classroom workflow template sits in the project, and where the
// kit puts it.
inline constexpr std::string_view kClassroomTemplate = "grader/templates/classroom/classroom.yml";
// The README a student kit gets instead of the project's.
inline constexpr std::string_view kKitReadmeTemplate = "grader/templates/kit/README.md";
inline constexpr std::string_view kClassroomWorkflow = ".github/workflows/classroom.yml";

// Returns true iff `dest` does not exist or is an empty folder. Otherwise false,
// with *err naming the problem and the fix.
bool check_empty_destination(const std::filesystem::path& dest, std::string* err);

struct CopySummary {
  int files = 0;
  std::uintmax_t bytes = 0;
};

// Copies each of `files` from `root` to the same relative path under `dest`,
// creating folders and keeping permission bits. False (with *err) on the first failure.
bool copy_files(const std::filesystem::path& root, const std::vector<std::string>& files,
                const std::filesystem::path& dest, CopySummary* summary, std::string* err);

// Counts `files` by their first path component ("solutions", "tests", ...), in
// the form "solutions/ (18 files), tests/ (120 files)", for the export summary.
std::string describe_left_out(const std::vector<std::string>& files);

}  // namespace ptlabs::grader
