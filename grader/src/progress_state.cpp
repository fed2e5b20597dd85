#include "progress_state.hpp"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr int kSchema = 1;

bool parse_status(const std::string& text, LabStatus* out) {
  for (LabStatus s : {LabStatus::kNotStarted, LabStatus::kFailing, LabStatus::kPassing}) {
    if (text == to_string(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

// Reads one lab's entry; false (with *problem) when a field has the wrong type or value.
bool parse_entry(const json& entry, LabProgress* out, std::string* problem) {
  if (!entry.is_object()) {
    *problem = "is not an object";
    return false;
  }
  if (entry.contains("status")) {
    if (!entry["status"].is_string() ||
        !parse_status(entry["status"].get<std::string>(), &out->status)) {
      *problem = "has a status that is not \"not started\", \"failing\" or \"passing\"";
      return false;
    }
  }
  if (entry.contains("checked_at")) {
    if (!entry["checked_at"].is_string()) {
      *problem = "has a checked_at that is not a string";
      return false;
    }
    out->checked_at = entry["checked_at"].get<std::string>();
  }
  for (const char* key : {"score", "max_score"}) {
    if (!entry.contains(key) || entry[key].is_null()) continue;
    if (!entry[key].is_number()) {
      *problem = std::string("has a ") + key + " that is not a number";
      return false;
    }
    (std::string(key) == "score" ? out->score : out->max_score) = entry[key].get<double>();
  }
  if (entry.contains("hints_revealed")) {
    const json& hints = entry["hints_revealed"];
    if (!hints.is_number_integer() || hints.get<long long>() < 0 || hints.get<long long>() > 1000) {
      *problem = "has a hints_revealed that is not a small whole number";
      return false;
    }
    out->hints_revealed = hints.get<int>();
  }
  return true;
}

}  // namespace

std::string_view to_string(LabStatus status) {
  switch (status) {
    case LabStatus::kNotStarted:
      return "not started";
    case LabStatus::kFailing:
      return "failing";
    case LabStatus::kPassing:
      return "passing";
  }
  return "not started";
}

LabProgress ProgressState::of(const std::string& lab_id) const {
  auto it = labs.find(lab_id);
  return it == labs.end() ? LabProgress{} : it->second;
}

fs::path progress_path(const fs::path& checkout) { return checkout / ".ptlabs" / "progress.json"; }

std::string to_progress_json(const ProgressState& state) {
  json labs = json::object();
  for (const auto& [id, p] : state.labs) {
    json entry = {{"status", std::string(to_string(p.status))},
                  {"checked_at", p.checked_at},
                  {"hints_revealed", p.hints_revealed}};
    if (p.score) entry["score"] = *p.score;
    if (p.max_score) entry["max_score"] = *p.max_score;
    labs[id] = entry;
  }
  json root = {{"schema", kSchema},
               {"about", "ptlabs progress: written by grader check and grader hint"},
               {"labs", labs}};
  return root.dump(2) + "\n";
}

bool parse_progress(std::string_view text, const fs::path& path, ProgressState* out,
                    std::string* err) {
  const std::string fix = "; delete it (rm " + path.string() +
                          ") to start a fresh record: your lab files are not touched, only the "
                          "recorded statuses and revealed hints are forgotten";
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    *err = "the progress file " + path.string() + " is not valid JSON" + fix;
    return false;
  }
  if (!root.is_object() || !root.contains("labs") || !root["labs"].is_object()) {
    *err = "the progress file " + path.string() + " has no \"labs\" object" + fix;
    return false;
  }
  if (root.contains("schema") && root["schema"] != kSchema) {
    *err = "the progress file " + path.string() + " has an unknown schema " +
           root["schema"].dump() + " (this grader writes " + std::to_string(kSchema) + ")" + fix;
    return false;
  }
  ProgressState state;
  for (const auto& [id, entry] : root["labs"].items()) {
    std::string problem;
    if (!parse_entry(entry, &state.labs[id], &problem)) {
      *err = "the progress file " + path.string() + ": lab \"" + id + "\" " + problem + fix;
      return false;
    }
  }
  *out = std::move(state);
  return true;
}

bool load_progress(const fs::path& path, ProgressState* out, std::string* err) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    *out = ProgressState{};
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path, ec)) {
    *err = "cannot read the progress file " + path.string() +
           "; make it readable, or delete it to start a fresh record";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_progress(text.str(), path, out, err);
}

bool save_progress(const fs::path& path, const ProgressState& state, std::string* err) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    *err = "cannot create " + path.parent_path().string() +
           " for the progress record: " + ec.message();
    return false;
  }
  return write_file_atomically(path, to_progress_json(state), err);
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace ptlabs::grader
