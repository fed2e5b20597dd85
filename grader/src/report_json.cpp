#include "report_json.hpp"

namespace ptlabs::grader {
namespace {

nlohmann::json check_json(const CheckResult& check) {
  return {{"name", check.name},
          {"status", to_string(check.status)},
          {"score", check.score},
          {"max_score", check.max_score},
          {"output", check.output},
          {"seconds", check.seconds},
          {"visibility", check.visibility}};
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
          {"public_only", lab.public_only},
          {"build", {{"ok", lab.build.ok}, {"log", lab.build.log}, {"seconds", lab.build.seconds}}},
          {"tests", tests},
          {"perf", perf}};
}

// Reading: each helper reads one field of `object` into *out. A missing field is
// an error only when `required`; a field of the wrong type always is.
using Json = nlohmann::json;

bool fail(std::string* err, const std::string& where, const std::string& what) {
  *err = "report field " + where + ": " + what;
  return false;
}

bool read_number(const Json& object, const char* key, const std::string& where, bool required,
                 double* out, std::string* err) {
  auto it = object.find(key);
  if (it == object.end()) return !required || fail(err, where + key, "missing");
  if (!it->is_number()) return fail(err, where + key, "not a number");
  *out = it->get<double>();
  return true;
}

bool read_string(const Json& object, const char* key, const std::string& where, bool required,
                 std::string* out, std::string* err) {
  auto it = object.find(key);
  if (it == object.end()) return !required || fail(err, where + key, "missing");
  if (!it->is_string()) return fail(err, where + key, "not a string");
  *out = it->get<std::string>();
  return true;
}

bool read_bool(const Json& object, const char* key, const std::string& where, bool* out,
               std::string* err) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_boolean()) return fail(err, where + key, "not true or false");
  *out = it->get<bool>();
  return true;
}

bool read_int(const Json& object, const char* key, const std::string& where, int* out,
              std::string* err) {
  double value = *out;
  if (!read_number(object, key, where, false, &value, err)) return false;
  *out = static_cast<int>(value);
  return true;
}

// The array at `key` (missing: empty); false when it is something else.
bool read_array(const Json& object, const char* key, const std::string& where, bool required,
                const Json** out, std::string* err) {
  static const Json kEmpty = Json::array();
  *out = &kEmpty;
  auto it = object.find(key);
  if (it == object.end()) return !required || fail(err, where + key, "missing");
  if (!it->is_array()) return fail(err, where + key, "not a list");
  *out = &*it;
  return true;
}

bool parse_status(const std::string& text, TestStatus* out) {
  for (TestStatus s :
       {TestStatus::kPassed, TestStatus::kFailed, TestStatus::kError, TestStatus::kTimeout}) {
    if (text == to_string(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

bool parse_verdict(const std::string& text, Verdict* out) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kInconclusive}) {
    if (text == to_string(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

bool check_from_json(const Json& json, const std::string& where, CheckResult* check,
                     std::string* err) {
  if (!json.is_object()) return fail(err, where, "not an object");
  std::string status;
  if (!read_string(json, "name", where, true, &check->name, err) ||
      !read_string(json, "status", where, true, &status, err) ||
      !read_number(json, "score", where, true, &check->score, err) ||
      !read_number(json, "max_score", where, true, &check->max_score, err) ||
      !read_string(json, "output", where, false, &check->output, err) ||
      !read_number(json, "seconds", where, false, &check->seconds, err) ||
      !read_string(json, "visibility", where, false, &check->visibility, err)) {
    return false;
  }
  if (!parse_status(status, &check->status)) {
    return fail(err, where + "status", "'" + status + "' is not passed, failed, error or timeout");
  }
  return true;
}

bool perf_from_json(const Json& json, const std::string& where, PerfResult* perf,
                    std::string* err) {
  if (!json.is_object()) return fail(err, where, "not an object");
  std::string verdict;
  if (!read_string(json, "name", where, true, &perf->name, err) ||
      !read_string(json, "verdict", where, true, &verdict, err) ||
      !read_string(json, "metric", where, false, &perf->metric, err) ||
      !read_number(json, "ratio", where, false, &perf->ratio, err) ||
      !read_number(json, "threshold", where, false, &perf->threshold, err) ||
      !read_string(json, "detail", where, false, &perf->detail, err)) {
    return false;
  }
  if (auto data = json.find("data"); data != json.end()) perf->data = *data;
  if (!parse_verdict(verdict, &perf->verdict)) {
    return fail(err, where + "verdict", "'" + verdict + "' is not pass, fail or inconclusive");
  }
  return true;
}

bool lab_from_json(const Json& json, const std::string& where, LabResult* lab, std::string* err) {
  if (!json.is_object()) return fail(err, where, "not an object");
  if (!read_string(json, "id", where, true, &lab->id, err) ||
      !read_string(json, "title", where, false, &lab->title, err) ||
      !read_number(json, "score", where, true, &lab->score, err) ||
      !read_number(json, "max_score", where, true, &lab->max_score, err) ||
      !read_bool(json, "submitted", where, &lab->submitted, err) ||
      !read_bool(json, "public_only", where, &lab->public_only, err)) {
    return false;
  }
  if (auto build = json.find("build"); build != json.end()) {
    if (!build->is_object()) return fail(err, where + "build", "not an object");
    const std::string in = where + "build.";
    if (!read_bool(*build, "ok", in, &lab->build.ok, err) ||
        !read_string(*build, "log", in, false, &lab->build.log, err) ||
        !read_number(*build, "seconds", in, false, &lab->build.seconds, err)) {
      return false;
    }
  }
  const Json* tests = nullptr;
  const Json* perf = nullptr;
  if (!read_array(json, "tests", where, true, &tests, err) ||
      !read_array(json, "perf", where, false, &perf, err)) {
    return false;
  }
  for (std::size_t i = 0; i < tests->size(); ++i) {
    CheckResult check;
    if (!check_from_json((*tests)[i], where + "tests[" + std::to_string(i) + "].", &check, err)) {
      return false;
    }
    lab->tests.push_back(std::move(check));
  }
  for (std::size_t i = 0; i < perf->size(); ++i) {
    PerfResult result;
    if (!perf_from_json((*perf)[i], where + "perf[" + std::to_string(i) + "].", &result, err)) {
      return false;
    }
    lab->perf.push_back(std::move(result));
  }
  return true;
}

bool machine_from_json(const Json& json, MachineInfo* machine, std::string* err) {
  if (!json.is_object()) return fail(err, "machine", "not an object");
  const std::string where = "machine.";
  if (!read_int(json, "usable_cores", where, &machine->usable_cores, err) ||
      !read_int(json, "online_cores", where, &machine->online_cores, err) ||
      !read_int(json, "affinity_cores", where, &machine->affinity_cores, err) ||
      !read_string(json, "cpu_model", where, false, &machine->cpu_model, err) ||
      !read_string(json, "kernel", where, false, &machine->kernel, err)) {
    return false;
  }
  if (auto quota = json.find("cpu_quota"); quota != json.end() && !quota->is_null()) {
    if (!quota->is_number()) return fail(err, "machine.cpu_quota", "not a number or null");
    machine->cpu_quota = quota->get<double>();
  }
  return true;
}

}  // namespace

bool from_json(const nlohmann::json& json, GradeReport* report, std::string* err) {
  GradeReport out;
  if (!json.is_object()) return fail(err, "(top level)", "not an object");
  if (!read_number(json, "score", "", true, &out.score, err) ||
      !read_number(json, "max_score", "", true, &out.max_score, err) ||
      !read_string(json, "submission", "", false, &out.submission, err) ||
      !read_number(json, "seconds", "", false, &out.seconds, err)) {
    return false;
  }
  if (auto machine = json.find("machine"); machine != json.end()) {
    if (!machine_from_json(*machine, &out.machine, err)) return false;
  }
  const Json* protections = nullptr;
  const Json* labs = nullptr;
  if (!read_array(json, "protections", "", false, &protections, err) ||
      !read_array(json, "labs", "", true, &labs, err)) {
    return false;
  }
  for (const auto& protection : *protections) {
    if (!protection.is_string()) return fail(err, "protections", "holds a non-string");
    out.protections.push_back(protection.get<std::string>());
  }
  for (std::size_t i = 0; i < labs->size(); ++i) {
    LabResult lab;
    if (!lab_from_json((*labs)[i], "labs[" + std::to_string(i) + "].", &lab, err)) return false;
    out.labs.push_back(std::move(lab));
  }
  *report = std::move(out);
  return true;
}

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
