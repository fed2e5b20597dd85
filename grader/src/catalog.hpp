// The catalogue (labs/labs.toml): the one list of labs, their checks and hints.
//
// Loading validates everything the grader later relies on, so a broken
// catalogue is reported once, with the file and the field, not as a crash
// halfway through grading.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader {

// One graded check: it passes iff every GoogleTest test matching `tests` passed
// (and at least one test matched).
struct Check {
  std::string name;
  int points = 0;
  std::vector<std::string> tests;  // gtest_filter patterns, e.g. "ProcessModel.*"
  std::string sanitizer;           // "" or "thread": run in the ThreadSanitizer build
  std::string visibility =
      "visible";  // Gradescope: visible, hidden, after_due_date, after_published

  // Returns the patterns joined for --gtest_filter.
  std::string gtest_filter() const;
};

// One performance check (README.md, "Performance checks"), implemented by the
// grader per kind (perf_checks.hpp). Its verdict is pass, fail or inconclusive;
// it has no points.
struct PerfCheck {
  std::string name;
  std::string kind;  // one of known_perf_kinds()
};

struct Lab {
  std::string id;  // "01-spawn"
  int number = 0;  // 1
  std::string title;
  std::string teaches;  // the tutorial concept (the catalogue key "concept")
  double time_limit_s = 30;
  double cpu_limit_s = 30;
  std::vector<std::string> hints;
  std::vector<Check> checks;
  std::vector<PerfCheck> perf;

  int max_points() const;
  // Returns true iff a check runs under ThreadSanitizer.
  bool needs_tsan() const;
};

struct Catalog {
  std::vector<Lab> labs;

  // Finds a lab by its id ("03-cpu-bound") or its number ("03" or "3").
  // Returns nullptr and sets *err (listing the known ids) when none matches.
  const Lab* find(std::string_view key, std::string* err) const;
};

// Parses catalogue text. `source` names it in error messages.
bool parse_catalog(std::string_view text, std::string_view source, Catalog* out, std::string* err);

// Reads and parses the catalogue file at `path`.
bool load_catalog(const std::filesystem::path& path, Catalog* out, std::string* err);

}  // namespace ptlabs::grader
