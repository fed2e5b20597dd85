// Helpers for end-to-end tests: run the real grader and read what it wrote.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
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

}  // namespace ptlabs::e2e
