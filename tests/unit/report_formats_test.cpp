#include "report_formats.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

GradeReport sample() {
  GradeReport report;
  report.seconds = 12.5;
  LabResult lab;
  lab.id = "01-spawn";
  lab.title = "Spawn";
  lab.build.ok = true;
  lab.tests.push_back({"process model", TestStatus::kPassed, 3, 3, "", 0.2, "visible"});
  lab.tests.push_back(
      {"a | b <c>", TestStatus::kFailed, 0, 2, "expected 8 & got 1", 0.1, "hidden"});
  lab.tests.push_back({"hangs", TestStatus::kTimeout, 0, 1, "did not finish", 3.0, "visible"});
  lab.perf.push_back({"processes win", Verdict::kInconclusive, "ratio", 0, 0, "1 usable core"});
  lab.perf.push_back({"threads win", Verdict::kFail, "ratio", 0.9, 1.0, "threads lost"});
  lab.score = 3;
  lab.max_score = 6;
  report.labs.push_back(lab);
  report.score = 3;
  report.max_score = 6;
  return report;
}

TEST(Gradescope, ResultsCarryScoresStatusVisibilityAndMarkdown) {
  auto json = to_gradescope(sample());
  EXPECT_EQ(json["score"], 3);
  EXPECT_DOUBLE_EQ(json["execution_time"].get<double>(), 12.5);
  EXPECT_EQ(json["output_format"], "md");
  ASSERT_EQ(json["tests"].size(), 5u);
  const auto& failed = json["tests"][1];
  EXPECT_EQ(failed["name"], "01-spawn / a | b <c>");
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["visibility"], "hidden") << "visibility comes from the catalogue";
  EXPECT_EQ(failed["max_score"], 2);
  EXPECT_EQ(json["tests"][2]["status"], "failed") << "a timeout is a failed test";
  const auto& inconclusive = json["tests"][3];
  EXPECT_EQ(inconclusive["max_score"], 0) << "perf checks carry no points";
  EXPECT_EQ(inconclusive["status"], "passed") << "inconclusive never counts against a student";
  EXPECT_NE(inconclusive["output"].get<std::string>().find("inconclusive: 1 usable core"),
            std::string::npos);
  EXPECT_EQ(json["tests"][4]["status"], "failed");
}

TEST(Junit, OneSuitePerLabWithFailuresErrorsAndSkips) {
  std::string xml = to_junit(sample());
  EXPECT_NE(xml.find("<testsuite name=\"01-spawn\" tests=\"5\" failures=\"2\" errors=\"1\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"a | b &lt;c&gt;\""), std::string::npos) << "names are escaped";
  EXPECT_NE(xml.find("<failure message=\"failed\">expected 8 &amp; got 1</failure>"),
            std::string::npos);
  EXPECT_NE(xml.find("<error message=\"timeout\">did not finish</error>"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"inconclusive\">1 usable core</skipped>"),
            std::string::npos);
}

TEST(Markdown, TableScoreAndReasons) {
  std::string md = to_markdown(sample());
  EXPECT_EQ(md.rfind("## ptlabs: 3/6", 0), 0u) << md;
  EXPECT_NE(md.find("| a \\| b <c> | failed | 0/2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| perf: processes win | inconclusive | - |"), std::string::npos) << md;
  EXPECT_NE(md.find("expected 8 & got 1"), std::string::npos);
  EXPECT_NE(md.find("- **threads win**: threads lost"), std::string::npos);
}

TEST(Formats, ABuildFailureReachesEveryCheck) {
  GradeReport report = sample();
  report.labs[0].build.ok = false;
  report.labs[0].build.log = "process.cpp:3: error: expected ';'";
  auto json = to_gradescope(report);
  EXPECT_NE(json["tests"][0]["output"].get<std::string>().find("expected ';'"), std::string::npos);
  EXPECT_NE(to_junit(report).find("expected &#39;;&#39;"), std::string::npos) << "escaped for XML";
  EXPECT_NE(to_markdown(report).find("expected ';'"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::grader
