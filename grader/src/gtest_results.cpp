#include "gtest_results.hpp"

#include <nlohmann/json.hpp>

namespace ptlabs::grader {
namespace {

// "0.012s" -> 0.012
double parse_seconds(const nlohmann::json& value) {
  if (!value.is_string()) return 0;
  try {
    return std::stod(value.get<std::string>());
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

bool parse_gtest_json(std::string_view json, std::vector<GtestCase>* out, std::string* err) {
  nlohmann::json root = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object() || !root.contains("testsuites") ||
      !root["testsuites"].is_array()) {
    *err = "not a GoogleTest JSON result document";
    return false;
  }
  std::vector<GtestCase> cases;
  for (const auto& suite : root["testsuites"]) {
    const std::string suite_name = suite.value("name", "");
    if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    for (const auto& test : suite["testsuite"]) {
      GtestCase c;
      c.suite = suite_name;
      c.name = test.value("name", "");
      c.ran = test.value("status", "") == "RUN" && test.value("result", "") == "COMPLETED";
      c.skipped = test.value("status", "") == "RUN" && test.value("result", "") == "SKIPPED";
      c.seconds = parse_seconds(test.value("time", nlohmann::json()));
      if (test.contains("failures") && test["failures"].is_array()) {
        for (const auto& failure : test["failures"]) {
          if (!c.failures.empty()) c.failures += "\n";
          c.failures += failure.value("failure", "");
        }
      }
      c.passed = c.ran && c.failures.empty();
      cases.push_back(std::move(c));
    }
  }
  *out = std::move(cases);
  return true;
}

}  // namespace ptlabs::grader
