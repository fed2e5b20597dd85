#include "gtest_results.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "safe_text.hpp"

namespace ptlabs::grader {
namespace {

using nlohmann::json;

// "0.012s" -> 0.012; anything else (missing, mistyped, not finite) -> 0.
double parse_seconds(const json& value) {
  if (!value.is_string()) return 0;
  try {
    const double seconds = std::stod(value.get<std::string>());
    return std::isfinite(seconds) && seconds >= 0 ? seconds : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

// The string field `key` of `object`: "" when absent; false (with *err naming
// `where`) when present but not a string. Never throws.
bool text_field(const json& object, const char* key, const std::string& where, std::string* out,
                std::string* err) {
  out->clear();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *err = where + "." + key + " is not a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// One test of a suite; false (with *err) when a field has the wrong type.
bool read_test(const json& test, const std::string& where, GtestCase* c, std::string* err) {
  if (!test.is_object()) {
    *err = where + " is not an object";
    return false;
  }
  std::string status, result;
  if (!text_field(test, "name", where, &c->name, err) ||
      !text_field(test, "status", where, &status, err) ||
      !text_field(test, "result", where, &result, err)) {
    return false;
  }
  c->ran = status == "RUN" && result == "COMPLETED";
  c->skipped = status == "RUN" && result == "SKIPPED";
  auto time = test.find("time");
  c->seconds = time == test.end() ? 0 : parse_seconds(*time);
  auto failures = test.find("failures");
  if (failures != test.end() && !failures->is_null()) {
    if (!failures->is_array()) {
      *err = where + ".failures is not an array";
      return false;
    }
    for (std::size_t i = 0; i < failures->size(); ++i) {
      const json& failure = (*failures)[i];
      const std::string at = where + ".failures[" + std::to_string(i) + "]";
      std::string message;
      if (!failure.is_object()) {
        *err = at + " is not an object";
        return false;
      }
      if (!text_field(failure, "failure", at, &message, err)) return false;
      if (!c->failures.empty()) c->failures += "\n";
      c->failures += capped_text(without_directories(message), kFailureTextBytes);
    }
  }
  c->passed = c->ran && c->failures.empty();
  return true;
}

bool read_document(const json& root, std::vector<GtestCase>* out, std::string* err) {
  auto suites = root.is_object() ? root.find("testsuites") : root.end();
  if (!root.is_object() || suites == root.end() || !suites->is_array()) {
    *err = "not a GoogleTest JSON result document";
    return false;
  }
  std::vector<GtestCase> cases;
  for (std::size_t s = 0; s < suites->size(); ++s) {
    const json& suite = (*suites)[s];
    const std::string where = "testsuites[" + std::to_string(s) + "]";
    std::string suite_name;
    if (!suite.is_object()) {
      *err = where + " is not an object";
      return false;
    }
    if (!text_field(suite, "name", where, &suite_name, err)) return false;
    auto tests = suite.find("testsuite");
    if (tests == suite.end() || !tests->is_array()) continue;
    for (std::size_t t = 0; t < tests->size(); ++t) {
      GtestCase c;
      c.suite = suite_name;
      if (!read_test((*tests)[t], where + ".testsuite[" + std::to_string(t) + "]", &c, err)) {
        return false;
      }
      cases.push_back(std::move(c));
    }
  }
  *out = std::move(cases);
  return true;
}

}  // namespace

bool parse_gtest_json(std::string_view text, std::vector<GtestCase>* out, std::string* err) {
  try {
    const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {
      *err = "not a GoogleTest JSON result document (not JSON)";
      return false;
    }
    return read_document(root, out, err);
  } catch (const std::exception& e) {  // a document nlohmann cannot hold (too deep, too big)
    *err = std::string("the results could not be read: ") + e.what();
    return false;
  }
}

}  // namespace ptlabs::grader
