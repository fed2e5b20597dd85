// Lab 02 — sharing: its wrong submissions (tests/submissions/02-sharing/README.md describes
// each), graded end to end by the TEST_P of grade_e2e_test.cpp, and the ThreadSanitizer check
// seen from the outside: a racy submission fails it with TSan's report in the check's output.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab02 = "02-sharing";
const std::string kProcessCounts = "process: exact word counts, words cut by chunk borders";
const std::string kProcessFrequencies = "process: exact word frequencies, maps sent back";
const std::string kProcessModel = "process: counting done in one child per worker";
const std::string kThreadCounts = "thread: exact word counts, words cut by chunk borders";
const std::string kThreadFrequencies = "thread: exact word frequencies in one shared map";
const std::string kThreadModel = "thread: counting done in one thread per worker";
const std::string kThreadRaceFree = "thread: race-free under ThreadSanitizer";

const std::vector<std::string> kLab02ProcessChecks = {kProcessCounts, kProcessFrequencies,
                                                      kProcessModel};
const std::vector<std::string> kLab02ThreadChecks = {kThreadCounts, kThreadFrequencies,
                                                     kThreadModel, kThreadRaceFree};

const WrongSubmission kLab02Cases[] = {
    // The lesson itself: a child's writes land in its own copy of memory.
    {"child-writes-parent-variable",
     {{kProcessCounts, "failed"}, {kProcessFrequencies, "failed"}},
     joined({kProcessModel}, kLab02ThreadChecks),
     1,
     kLab02},
    // Its model check fails too (the logged ranges overlap); only the result checks are pinned.
    {"border-double-count",
     {{kProcessCounts, "failed"}, {kProcessFrequencies, "failed"}},
     kLab02ThreadChecks,
     1,
     kLab02},
    {"counting-in-parent",
     {{kProcessModel, "failed"}},
     joined({kProcessCounts, kProcessFrequencies}, kLab02ThreadChecks),
     1,
     kLab02},
    // A lost update is rare with one += per thread, so the count check is left unpinned.
    {"racy-counter",
     {{kThreadRaceFree, "failed"}},
     joined(kLab02ProcessChecks, {kThreadFrequencies, kThreadModel}),
     1,
     kLab02},
    // Unlocked inserts may corrupt the map and crash: only the count check is sure to pass.
    {"racy-map",
     {{kThreadRaceFree, "failed"}},
     joined(kLab02ProcessChecks, {kThreadCounts}),
     1,
     kLab02},
};

INSTANTIATE_TEST_SUITE_P(Lab02, WrongSubmissions, testing::ValuesIn(kLab02Cases), case_name);

// The race check's output is ThreadSanitizer's own report, so the student sees where it was.
TEST(Lab02ThreadSanitizer, RacyCounterFailsWithTheRaceReport) {
  TempDir dir;
  assemble_submission(dir.path() / "sub", kLab02,
                      source_dir() / "tests/submissions" / kLab02 / "racy-counter");
  const fs::path report = dir.path() / "report.json";
  grader::Outcome o = run_grader({"grade", "--submission", (dir.path() / "sub").string(), "--lab",
                                  kLab02, "--format", "json", "-o", report.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  auto json = read_json(report);
  const auto* check = find_check(json, kLab02, kThreadRaceFree);
  ASSERT_NE(check, nullptr);
  EXPECT_EQ((*check)["status"], "failed");
  const std::string output = (*check)["output"].get<std::string>();
  EXPECT_NE(output.find("ThreadSanitizer"), std::string::npos) << output;
  EXPECT_NE(output.find("data race"), std::string::npos) << output;
  EXPECT_NE(output.find("count_words_in_threads"), std::string::npos)
      << "the report names the racing function\n"
      << output;
}

}  // namespace
}  // namespace ptlabs::e2e
