#include <gtest/gtest.h>

#include "report_json.hpp"
#include "report_text.hpp"

namespace ptlabs::grader {
namespace {

GradeReport sample() {
  GradeReport report;
  report.submission = "solutions";
  report.machine.usable_cores = 2;
  LabResult lab;
  lab.id = "01-spawn";
  lab.title = "Spawn";
  lab.build.ok = true;
  lab.tests.push_back({"process model", TestStatus::kPassed, 3, 3, "", 0.2});
  lab.tests.push_back({"concurrency", TestStatus::kTimeout, 0, 2, "did not finish", 3.0});
  lab.perf.push_back({"threads beat processes", Verdict::kInconclusive, "speedup", 1.1, 1.5,
                      "only 1 usable core"});
  lab.score = 3;
  lab.max_score = 5;
  report.labs.push_back(lab);
  report.score = 3;
  report.max_score = 5;
  return report;
}

TEST(ReportJson, KeepsTheContractNames) {
  auto json = to_json(sample());
  EXPECT_EQ(json["score"], 3);
  EXPECT_EQ(json["max_score"], 5);
  EXPECT_EQ(json["machine"]["usable_cores"], 2);
  const auto& lab = json["labs"][0];
  for (const char* key : {"id", "score", "max_score", "tests", "perf"}) {
    EXPECT_TRUE(lab.contains(key)) << key;
  }
  EXPECT_EQ(lab["tests"][1]["status"], "timeout");
  for (const char* key : {"name", "status", "score", "max_score", "output"}) {
    EXPECT_TRUE(lab["tests"][0].contains(key)) << key;
  }
  for (const char* key : {"name", "verdict", "metric", "ratio", "threshold", "detail"}) {
    EXPECT_TRUE(lab["perf"][0].contains(key)) << key;
  }
  EXPECT_EQ(lab["perf"][0]["verdict"], "inconclusive");
}

TEST(ReportText, OneLinePerCheckAndScoreLast) {
  std::string text = to_text(sample(), Style(false));
  EXPECT_NE(text.find("process model ...."), std::string::npos) << text;
  EXPECT_NE(text.find("OK      (0.2s)  3/3"), std::string::npos) << text;
  EXPECT_NE(text.find("TIMEOUT (3.0s)  0/2"), std::string::npos) << text;
  EXPECT_NE(text.find("      did not finish"), std::string::npos) << "reason under the failure";
  EXPECT_NE(text.find("INCONCL speedup 1.10 (threshold 1.50)"), std::string::npos) << text;
  EXPECT_NE(text.find("only 1 usable core"), std::string::npos);
  EXPECT_EQ(text.substr(text.rfind("Score:")), "Score: 3/5\n") << "Score comes last";
  EXPECT_EQ(text.find("\x1b["), std::string::npos) << "no colour codes when disabled";
}

TEST(ReportText, ColoursOnlyWhenEnabled) {
  EXPECT_NE(to_text(sample(), Style(true)).find("\x1b[32m"), std::string::npos);
}

TEST(Report, AllPassedNeedsEveryCheckAndNoFailedPerf) {
  GradeReport report = sample();
  EXPECT_FALSE(all_passed(report));
  report.labs[0].tests[1].status = TestStatus::kPassed;
  EXPECT_TRUE(all_passed(report)) << "inconclusive perf does not fail the grade";
  report.labs[0].perf[0].verdict = Verdict::kFail;
  EXPECT_FALSE(all_passed(report));
  EXPECT_EQ(format_points(2.5), "2.5");
  EXPECT_EQ(format_points(3), "3");
}

}  // namespace
}  // namespace ptlabs::grader
