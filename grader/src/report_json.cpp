#include "report_json.hpp"

namespace ptlabs::grader {
namespace {

nlohmann::json check_json(const CheckResult& check) {
  return {{"name", check.name},     {"status", to_string(check.status)},
          {"score", check.score},   {"max_score", check.max_score},
          {"output", check.output}, {"seconds", check.seconds}};
}

nlohmann::json perf_json(const PerfResult& perf) {
  return {{"name", perf.name},   {"verdict", to_string(perf.verdict)}, {"metric", perf.metric},
          {"ratio", perf.ratio}, {"threshold", perf.threshold},        {"detail", perf.detail},
          {"data", perf.data}};
}

nlohmann::json lab_json(const LabResult& lab) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& check : lab.tests) tests.push_back(check_json(check));
  nlohmann::json perf = nlohmann::json::array();
  for (const auto& p : lab.perf) perf.push_back(perf_json(p));
  return {{"id", lab.id},
          {"title", lab.title},
          {"score", lab.score},
          {"max_score", lab.max_score},
          {"submitted", lab.submitted},
          {"build", {{"ok", lab.build.ok}, {"log", lab.build.log}, {"seconds", lab.build.seconds}}},
          {"tests", tests},
          {"perf", perf}};
}

}  // namespace

nlohmann::json to_json(const GradeReport& report) {
  nlohmann::json labs = nlohmann::json::array();
  for (const auto& lab : report.labs) labs.push_back(lab_json(lab));
  nlohmann::json machine = {{"usable_cores", report.machine.usable_cores},
                            {"online_cores", report.machine.online_cores},
                            {"affinity_cores", report.machine.affinity_cores},
                            {"cpu_quota", nullptr},
                            {"cpu_model", report.machine.cpu_model},
                            {"kernel", report.machine.kernel}};
  if (report.machine.cpu_quota) machine["cpu_quota"] = *report.machine.cpu_quota;
  return {{"score", report.score},
          {"max_score", report.max_score},
          {"submission", report.submission},
          {"seconds", report.seconds},
          {"machine", machine},
          {"protections", report.protections},
          {"labs", labs}};
}

}  // namespace ptlabs::grader
