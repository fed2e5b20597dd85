#include "e2e_support.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ptlabs::e2e {
namespace fs = std::filesystem;

TempDir::TempDir() {
  char pattern[] = "/tmp/ptlabs-e2e-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path source_dir() { return PTLABS_SOURCE_DIR; }

grader::Outcome run_grader(const std::vector<std::string>& args, double wall_s) {
  grader::Command command;
  command.argv.push_back(PTLABS_GRADER);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.workdir = source_dir();
  command.limits.wall_s = wall_s;
  command.limits.output_bytes = 1 << 20;
  command.env = {"NO_COLOR=1"};
  return grader::run_command(command);
}

fs::path assemble_submission(const fs::path& root, const std::string& lab_id,
                             const fs::path& overlay) {
  const fs::path lab = root / lab_id;
  fs::create_directories(lab);
  for (const auto& entry : fs::directory_iterator(source_dir() / "solutions" / lab_id)) {
    fs::copy_file(entry.path(), lab / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  for (const auto& entry : fs::directory_iterator(overlay)) {
    fs::copy_file(entry.path(), lab / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  return root;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "no report at " << path;
    return nlohmann::json::object();
  }
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) ADD_FAILURE() << "report at " << path << " is not JSON";
  return json;
}

const nlohmann::json* find_check(const nlohmann::json& report, const std::string& lab,
                                 const std::string& name) {
  if (!report.contains("labs")) return nullptr;
  for (const auto& l : report["labs"]) {
    if (l.value("id", "") != lab) continue;
    for (const auto& t : l["tests"]) {
      if (t.value("name", "") == name) return &t;
    }
  }
  return nullptr;
}

std::ostream& operator<<(std::ostream& out, const WrongSubmission& c) {
  return out << c.lab << "/" << c.folder;
}

std::string case_name(const testing::TestParamInfo<WrongSubmission>& param_info) {
  std::string name = param_info.param.folder;
  for (auto& ch : name) {
    if (ch == '-') ch = '_';
  }
  return name;
}

void expect_reference_full_marks(const std::string& lab, double max_score) {
  TempDir dir;
  const fs::path report = dir.path() / "r.json";
  grader::Outcome o = run_grader({"grade", "--submission", "solutions", "--lab", lab, "--format",
                                  "json", "-o", report.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  auto json = read_json(report);
  EXPECT_EQ(json["max_score"], max_score);
  EXPECT_EQ(json["score"], json["max_score"]) << o.output;
}

void expect_skeleton_fails_cleanly(const std::string& lab) {
  TempDir dir;
  const fs::path report = dir.path() / "r.json";
  grader::Outcome o = run_grader({"grade", "--submission", "labs", "--lab", lab, "--format", "json",
                                  "-o", report.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  auto json = read_json(report);
  EXPECT_EQ(json["score"], 0);
  for (const auto& l : json["labs"]) {
    EXPECT_TRUE(l["build"]["ok"].get<bool>()) << "the skeleton compiles";
    for (const auto& check : l["tests"]) {
      EXPECT_EQ(check["status"], "failed") << check["name"] << ": a clean failure, not a crash\n"
                                           << check["output"].get<std::string>();
    }
  }
}

std::vector<std::string> all_but(std::vector<std::string> checks,
                                 const std::vector<std::string>& left_out) {
  std::erase_if(checks, [&](const std::string& name) {
    return std::find(left_out.begin(), left_out.end(), name) != left_out.end();
  });
  return checks;
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace ptlabs::e2e
