// Reading GoogleTest's JSON results (--gtest_output=json:FILE).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader {

struct GtestCase {
  std::string suite;
  std::string name;
  bool ran = false;      // it was selected and run (not filtered out, not skipped)
  bool passed = false;   // ran and had no failure
  bool skipped = false;  // started, then GTEST_SKIP() ended it (the hidden suites never skip)
  std::string failures;  // the failure messages, one after another; each with paths
                         // shortened and capped (safe_text.hpp: kFailureTextBytes)
  double seconds = 0;

  std::string full_name() const { return suite + "." + name; }
};

// Parses a results document. False (with *err saying what is wrong, e.g.
// "testsuites[0].name is not a string") if it is not one, whatever the bytes:
// it never throws.
bool parse_gtest_json(std::string_view json, std::vector<GtestCase>* out, std::string* err);

}  // namespace ptlabs::grader
