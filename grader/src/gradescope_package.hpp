// The Gradescope autograder package: a zip with setup.sh and run_autograder at
// its root (https://gradescope-autograders.readthedocs.io/en/latest/specs/) and
// the project's sources beside them.
//
// The sources are the student kit's files (kit_export.hpp) plus the hidden suite
// and perf driver of each packaged lab (grader/hidden/<id>/); never solutions/,
// tests/ or another lab's hidden suite. setup.sh and run_autograder are the
// templates in grader/templates/gradescope/ with @LABS@ replaced by the packaged
// lab ids, separated by spaces.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kit_export.hpp"

namespace ptlabs::grader {

// Where the templates sit in the project.
inline constexpr const char* kGradescopeTemplates = "grader/templates/gradescope";

// Returns `text` with every @LABS@ replaced by the ids joined with spaces.
std::string fill_gradescope_template(std::string text, const std::vector<std::string>& lab_ids);

// Writes the package's files for `lab_ids` from the project at `source` into the
// empty folder `stage`: the selected sources, then setup.sh and run_autograder
// (executable) at the top. False (with *err) on failure.
bool stage_gradescope_package(const std::filesystem::path& source,
                              const std::vector<std::string>& lab_ids,
                              const std::filesystem::path& stage, CopySummary* summary,
                              std::string* err);

// Zips the contents of `folder` (not the folder itself, so setup.sh is at the
// root of the archive) into `zip` with the `zip` command, keeping permissions.
// `zip` is replaced whole or left as it was. False (with *err) on failure.
bool zip_folder(const std::filesystem::path& folder, const std::filesystem::path& zip,
                std::string* err);

}  // namespace ptlabs::grader
