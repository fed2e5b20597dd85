// Finding a student's files for one lab inside a submission.
//
// A submission folder holds lab folders named as in labs/ (DIR/01-spawn/...)
// or is a whole checkout (DIR/labs/01-spawn/...). Only the lab folder's own
// regular .cpp and .hpp files are taken; task.hpp and tests always come from the
// grader's pristine copy. A missing process.cpp or thread.cpp is replaced by
// the pristine skeleton, so the other half can still earn its points.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace ptlabs::grader {

struct LabFiles {
  std::filesystem::path dir;                         // where they were found
  std::vector<std::filesystem::path> student_files;  // taken from the submission
  std::vector<std::string> notes;                    // what was skipped or replaced, and why
};

// Checks that `submission` is a readable folder. False (with *err naming the
// problem and the fix) otherwise.
bool check_submission_dir(const std::filesystem::path& submission, std::string* err);

// Returns the lab folder for `lab` inside `submission`, or an empty path. Never
// through a symbolic link: a linked lab folder or `labs` folder is not found.
std::filesystem::path find_lab_dir(const std::filesystem::path& submission, const Lab& lab);

// Collects the student's files of one lab folder.
LabFiles collect_lab_files(const std::filesystem::path& lab_dir);

// The largest student source file accepted.
inline constexpr std::uintmax_t kMaxSourceBytes = 1 << 20;

}  // namespace ptlabs::grader
