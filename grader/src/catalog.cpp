#include "catalog.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include "perf_checks.hpp"

namespace ptlabs::grader {
namespace {

// Reads a required string field; false (with a message naming it) if absent.
bool get_string(const toml::table& table, const char* key, const std::string& where,
                std::string* out, std::string* err) {
  auto value = table[key].value<std::string>();
  if (!value || value->empty()) {
    *err = where + ": missing or empty string field '" + key + "'";
    return false;
  }
  *out = *value;
  return true;
}

bool get_seconds(const toml::table& table, const char* key, const std::string& where, double* out,
                 std::string* err) {
  if (!table.contains(key)) return true;  // keep the default
  auto value = table[key].value<double>();
  if (!value || *value <= 0) {
    *err = where + ": '" + key + "' must be a positive number of seconds";
    return false;
  }
  *out = *value;
  return true;
}

bool get_string_list(const toml::table& table, const char* key, const std::string& where,
                     std::vector<std::string>* out, std::string* err) {
  const toml::array* array = table[key].as_array();
  if (array == nullptr) {
    if (!table.contains(key)) return true;
    *err = where + ": '" + key + "' must be an array of strings";
    return false;
  }
  for (const auto& item : *array) {
    auto value = item.value<std::string>();
    if (!value) {
      *err = where + ": '" + key + "' must hold only strings";
      return false;
    }
    out->push_back(*value);
  }
  return true;
}

bool parse_check(const toml::table& table, const std::string& where, Check* check,
                 std::string* err) {
  if (!get_string(table, "name", where, &check->name, err)) return false;
  const std::string named = where + " ('" + check->name + "')";
  auto points = table["points"].value<int64_t>();
  if (!points || *points < 0 || *points > 1000) {
    *err = named + ": 'points' must be a whole number from 0 to 1000";
    return false;
  }
  check->points = static_cast<int>(*points);
  if (!get_string_list(table, "tests", named, &check->tests, err)) return false;
  if (check->tests.empty()) {
    *err = named + ": 'tests' must list at least one GoogleTest pattern";
    return false;
  }
  if (table.contains("visibility")) {
    check->visibility = table["visibility"].value<std::string>().value_or("");
    static const std::set<std::string> kVisibilities = {"visible", "hidden", "after_due_date",
                                                        "after_published"};
    if (!kVisibilities.count(check->visibility)) {
      *err = named + ": 'visibility' must be visible, hidden, after_due_date or after_published";
      return false;
    }
  }
  if (table.contains("sanitizer")) {
    check->sanitizer = table["sanitizer"].value<std::string>().value_or("");
    if (check->sanitizer != "thread") {
      *err = named + ": 'sanitizer' can only be \"thread\" (ThreadSanitizer)";
      return false;
    }
  }
  return true;
}

bool parse_perf(const toml::table& table, const std::string& where, PerfCheck* perf,
                std::string* err) {
  if (!get_string(table, "name", where, &perf->name, err) ||
      !get_string(table, "kind", where, &perf->kind, err)) {
    return false;
  }
  const auto& kinds = known_perf_kinds();
  if (std::find(kinds.begin(), kinds.end(), perf->kind) == kinds.end()) {
    std::string known;
    for (const auto& kind : kinds) known += (known.empty() ? "" : ", ") + kind;
    *err = where + ": unknown perf kind '" + perf->kind + "' (known: " + known + ")";
    return false;
  }
  return true;
}

bool parse_perf_checks(const toml::table& table, const std::string& named, Lab* lab,
                       std::string* err) {
  const toml::array* perfs = table["perf"].as_array();
  if (perfs == nullptr) return true;
  for (std::size_t i = 0; i < perfs->size(); ++i) {
    const toml::table* perf_table = perfs->get(i)->as_table();
    const std::string where = named + ", perf " + std::to_string(i + 1);
    PerfCheck perf;
    if (perf_table == nullptr) {
      *err = where + ": must be a table";
      return false;
    }
    if (!parse_perf(*perf_table, where, &perf, err)) return false;
    lab->perf.push_back(std::move(perf));
  }
  return true;
}

bool parse_lab(const toml::table& table, std::string_view source, const std::string& where,
               Lab* lab, std::string* err) {
  if (!get_string(table, "id", where, &lab->id, err)) return false;
  static const std::regex kId("([0-9]{2})-[a-z0-9]+(-[a-z0-9]+)*");
  std::smatch match;
  if (!std::regex_match(lab->id, match, kId)) {
    *err = where + ": id '" + lab->id + "' must look like 01-spawn (two digits, a dash, a name)";
    return false;
  }
  lab->number = std::stoi(match[1].str());
  const std::string named = std::string(source) + ": lab " + lab->id;
  if (!get_string(table, "title", named, &lab->title, err) ||
      !get_string(table, "concept", named, &lab->teaches, err) ||
      !get_seconds(table, "time_limit_s", named, &lab->time_limit_s, err) ||
      !get_seconds(table, "cpu_limit_s", named, &lab->cpu_limit_s, err) ||
      !get_string_list(table, "hints", named, &lab->hints, err)) {
    return false;
  }
  const toml::array* checks = table["check"].as_array();
  if (checks == nullptr || checks->empty()) {
    *err = named + ": needs at least one [[lab.check]]";
    return false;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < checks->size(); ++i) {
    const toml::table* check_table = checks->get(i)->as_table();
    const std::string check_where = named + ", check " + std::to_string(i + 1);
    Check check;
    if (check_table == nullptr || !parse_check(*check_table, check_where, &check, err)) {
      if (check_table == nullptr) *err = check_where + ": must be a table";
      return false;
    }
    if (!names.insert(check.name).second) {
      *err = check_where + ": duplicate check name '" + check.name + "'";
      return false;
    }
    lab->checks.push_back(std::move(check));
  }
  return parse_perf_checks(table, named, lab, err);
}

}  // namespace

std::string Check::gtest_filter() const {
  std::string filter;
  for (const auto& pattern : tests) {
    if (!filter.empty()) filter += ':';
    filter += pattern;
  }
  return filter;
}

int Lab::max_points() const {
  int total = 0;
  for (const auto& check : checks) total += check.points;
  return total;
}

bool Lab::needs_tsan() const {
  for (const auto& check : checks) {
    if (!check.sanitizer.empty()) return true;
  }
  return false;
}

const Lab* Catalog::find(std::string_view key, std::string* err) const {
  int number = -1;
  if (!key.empty() && key.size() <= 2) {
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), number);
    if (ec != std::errc() || end != key.data() + key.size()) number = -1;
  }
  for (const auto& lab : labs) {
    if (lab.id == key || lab.number == number) return &lab;
  }
  std::string known;
  for (const auto& lab : labs) known += (known.empty() ? "" : ", ") + lab.id;
  *err = "unknown lab '" + std::string(key) + "'; known labs: " + known +
         " (give the id or its number, e.g. 01)";
  return nullptr;
}

bool parse_catalog(std::string_view text, std::string_view source, Catalog* out, std::string* err) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream message;
    message << source << ":" << e.source().begin.line << ":" << e.source().begin.column
            << ": invalid TOML: " << e.description();
    *err = message.str();
    return false;
  }
  const toml::array* labs = root["lab"].as_array();
  if (labs == nullptr || labs->empty()) {
    *err = std::string(source) + ": no [[lab]] table";
    return false;
  }
  Catalog catalog;
  std::set<int> numbers;
  for (std::size_t i = 0; i < labs->size(); ++i) {
    const toml::table* table = labs->get(i)->as_table();
    const std::string where = std::string(source) + ": lab " + std::to_string(i + 1);
    Lab lab;
    if (table == nullptr) {
      *err = where + ": must be a table";
      return false;
    }
    if (!parse_lab(*table, source, where, &lab, err)) return false;
    if (!numbers.insert(lab.number).second) {
      *err = std::string(source) + ": two labs share the number " + std::to_string(lab.number);
      return false;
    }
    catalog.labs.push_back(std::move(lab));
  }
  *out = std::move(catalog);
  return true;
}

bool load_catalog(const std::filesystem::path& path, Catalog* out, std::string* err) {
  std::ifstream in(path);
  if (!in) {
    *err = "cannot read the catalogue " + path.string();
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_catalog(text.str(), path.string(), out, err);
}

}  // namespace ptlabs::grader
