// Helpers for end-to-end tests: run the real grader and read what it wrote.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace ptlabs::e2e {

// A private temporary folder, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs build/bin/grader with `args` from the project's source folder.
grader::Outcome run_grader(const std::vector<std::string>& args, double wall_s = 280);

// Builds a submission in `root`/<lab id>/: the reference solution's files,
// then the files of `overlay` (a folder) on top of them.
std::filesystem::path assemble_submission(const std::filesystem::path& root,
                                          const std::string& lab_id,
                                          const std::filesystem::path& overlay);

// Reads a JSON file; fails the current test if it cannot.
nlohmann::json read_json(const std::filesystem::path& path);

// The check named `name` in lab `lab` of a JSON report, or null.
const nlohmann::json* find_check(const nlohmann::json& report, const std::string& lab,
                                 const std::string& name);

std::filesystem::path source_dir();

// The checks of lab 01 (the catalogue's names): its five process checks and four thread
// checks, which most corpus tables name. Inline, so that a table defined after this
// header in any test file is initialised after them.
inline const std::vector<std::string> kLab01ProcessChecks = {
    "process: one child process per job", "process: all workers run at once",
    "process: no zombie children left", "process: crashes and exceptions named by worker",
    "process: n = 0, 1, 64 and n < 0"};
inline const std::vector<std::string> kLab01ThreadChecks = {
    "thread: one process, one thread per job", "thread: all workers run at once",
    "thread: exceptions named by worker", "thread: n = 0, 1, 64 and n < 0"};

// A wrong submission of tests/submissions/<lab>/<folder>/ (only the wrong files; the
// reference supplies the rest) and the verdicts it must get. A lab's cases are a table
// instantiated with INSTANTIATE_TEST_SUITE_P(LabNN, WrongSubmissions, ..., case_name);
// the test itself is in grade_e2e_test.cpp. Graded with --no-perf.
struct WrongSubmission {
  const char* folder;                          // in tests/submissions/<lab>/
  std::map<std::string, std::string> must_be;  // check name -> status
  std::vector<std::string> must_pass;          // checks the mistake does not touch
  double time_scale = 1;                       // --time-scale for the grading
  std::string lab = "01-spawn";
};

std::ostream& operator<<(std::ostream& out, const WrongSubmission& c);

class WrongSubmissions : public testing::TestWithParam<WrongSubmission> {};

// The test name of a case: its folder, with '-' as '_'.
std::string case_name(const testing::TestParamInfo<WrongSubmission>& param_info);

// Grades the reference of `lab` (--no-perf) and expects full marks out of `max_score`, exit 0.
void expect_reference_full_marks(const std::string& lab, double max_score);

// Grades the skeleton of `lab` (--no-perf) and expects 0, exit 1, a build that
// worked and every check `failed` (a clean failure, never a crash).
void expect_skeleton_fails_cleanly(const std::string& lab);

// `checks` without those named in `left_out`.
std::vector<std::string> all_but(std::vector<std::string> checks,
                                 const std::vector<std::string>& left_out);

// `a` followed by `b`.
std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b);

}  // namespace ptlabs::e2e
