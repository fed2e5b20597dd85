// Verdicts the submission cannot write (docs/security.md): hostile submissions of
// lab 01 that forge results, model evidence or answers, or hunt the hidden suite
// (tests/submissions/hostile/forge-*, the table "Forged verdicts" in the README
// there). Each must earn nothing it did not implement; what it did implement
// honestly may still pass.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string>& kProcessChecks = kLab01ProcessChecks;
const std::vector<std::string>& kThreadChecks = kLab01ThreadChecks;

struct Forgery {
  const char* folder;                    // in tests/submissions/hostile/
  std::vector<std::string> zero;         // checks that must earn 0 (not `passed`)
  std::vector<std::string> must_pass;    // honest parts that must still pass
  std::vector<std::string> reason = {};  // one of these in the first zeroed check's output
                                         // (or the build log, when the lab did not build)
};

std::ostream& operator<<(std::ostream& out, const Forgery& f) { return out << f.folder; }

const Forgery kForgeries[] = {
    {"forge-own-main", kProcessChecks, {}, {"main"}},
    {"forge-argv-filter", kProcessChecks, kThreadChecks, {"hostile: nothing of the lab done"}},
    {"forge-write-interpose", kProcessChecks, {}, {"write()", "hostile: nothing of the lab done"}},
    {"forge-fake-pids",
     {"process: one child process per job"},
     kThreadChecks,
     {"ran in the caller's process"}},
    {"forge-child-answer", kProcessChecks, kThreadChecks, {}},
    {"forge-duplicate-events",
     {"process: one child process per job"},
     kThreadChecks,
     {"ran 2 times"}},
    {"forge-leak-hidden", kProcessChecks, kThreadChecks, {"hostile leak"}},
};

// Text that only the harness holds and no process call ever sends to the subject: the
// names and inputs of the thread checks' tests.
const char* const kHarnessOnly[] = {"FirstJobFailingStillAwaitsTheRest", "index 99 past the end",
                                    "lab01_harness"};

class ForgedVerdicts : public testing::TestWithParam<Forgery> {};

TEST_P(ForgedVerdicts, EarnNothingTheyDidNotImplement) {
  const Forgery& f = GetParam();
  TempDir dir;
  assemble_submission(dir.path() / "sub", "01-spawn",
                      source_dir() / "tests/submissions/hostile" / f.folder);
  const fs::path report = dir.path() / "report.json";
  grader::Outcome o =
      run_grader({"grade", "--submission", (dir.path() / "sub").string(), "--lab", "01", "--format",
                  "json", "-o", report.string(), "--time-scale", "0.1", "--no-perf"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  const auto json = read_json(report);
  ASSERT_TRUE(json.contains("labs")) << o.output;
  const auto& lab = json["labs"][0];
  std::string all_text = lab.dump();
  for (const auto& name : f.zero) {
    const auto* check = find_check(json, "01-spawn", name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_NE((*check)["status"], "passed") << name;
    EXPECT_EQ((*check)["score"], 0) << name;
  }
  for (const auto& name : f.must_pass) {
    const auto* check = find_check(json, "01-spawn", name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_EQ((*check)["status"], "passed") << name << "\n" << (*check)["output"];
  }
  if (!f.reason.empty()) {
    bool found = false;
    for (const auto& word : f.reason) found |= all_text.find(word) != std::string::npos;
    EXPECT_TRUE(found) << "none of " << testing::PrintToString(f.reason) << " in\n"
                       << all_text.substr(0, 4000);
  }
  // Nothing of the harness reaches the report through the subject, and no path of the
  // instructor's checkout either.
  for (const auto& name : f.zero) {
    const auto* check = find_check(json, "01-spawn", name);
    if (check == nullptr) continue;
    const std::string output = (*check)["output"].get<std::string>();
    for (const char* secret : kHarnessOnly) {
      EXPECT_EQ(output.find(secret), std::string::npos) << name << " shows " << secret;
    }
    EXPECT_EQ(output.find(source_dir().string() + "/grader"), std::string::npos) << name;
  }
}

std::string forgery_name(const testing::TestParamInfo<Forgery>& param_info) {
  std::string name = param_info.param.folder;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

INSTANTIATE_TEST_SUITE_P(Lab01, ForgedVerdicts, testing::ValuesIn(kForgeries), forgery_name);

}  // namespace
}  // namespace ptlabs::e2e
