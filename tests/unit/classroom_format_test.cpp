// The GitHub Classroom reporter's format, Gradescope's Markdown fields, and
// how every format labels a lab graded on its public tests only.
#include <gtest/gtest.h>

#include "report_formats.hpp"
#include "report_text.hpp"

namespace ptlabs::grader {
namespace {

GradeReport sample() {
  GradeReport report;
  report.seconds = 4.25;
  LabResult lab;
  lab.id = "03-cpu-bound";
  lab.title = "CPU-bound";
  lab.build.ok = true;
  lab.tests.push_back({"correct counts", TestStatus::kPassed, 4, 4, "", 0.5, "visible"});
  lab.tests.push_back(
      {"model", TestStatus::kFailed, 0, 3, "```\nExpected: 4 children\n", 0.1, "after_due_date"});
  lab.perf.push_back({"processes win", Verdict::kInconclusive, "ratio", 0, 0, "1 usable core"});
  lab.perf.push_back({"native scales", Verdict::kPass, "speedup", 1.9, 1.25, "both scale"});
  lab.score = 4;
  lab.max_score = 7;
  report.labs.push_back(lab);
  report.score = 4;
  report.max_score = 7;
  return report;
}

GradeReport public_only_sample() {
  GradeReport report;
  LabResult lab;
  lab.id = "01-spawn";
  lab.title = "Spawn";
  lab.public_only = true;
  lab.build.ok = true;
  lab.tests.push_back({"public: Spawn.Runs", TestStatus::kPassed, 1, 1, "", 0.1, "visible"});
  lab.score = 1;
  lab.max_score = 1;
  report.labs.push_back(lab);
  report.score = 1;
  report.max_score = 1;
  return report;
}

TEST(Classroom, ReporterFieldsAndPoints) {
  const auto json = to_classroom(sample());
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["status"], "fail") << "a failed check fails the run";
  EXPECT_EQ(json["max_score"], 7);
  ASSERT_EQ(json["tests"].size(), 4u);
  double points = 0;
  for (const auto& test : json["tests"]) {
    points += test["score"].get<double>();
    for (const char* key : {"name", "status", "score", "message"}) {
      EXPECT_TRUE(test.contains(key)) << key << " in " << test.dump();
    }
  }
  EXPECT_EQ(points, 4) << "the reporter adds up tests[].score";
  EXPECT_EQ(json["tests"][0]["name"], "03-cpu-bound / correct counts");
  EXPECT_EQ(json["tests"][0]["status"], "pass");
  EXPECT_EQ(json["tests"][1]["status"], "fail");
  EXPECT_NE(json["tests"][1]["message"].get<std::string>().find("Expected: 4 children"),
            std::string::npos);
  EXPECT_EQ(json["tests"][2]["status"], "pass") << "inconclusive costs nothing";
  EXPECT_EQ(json["tests"][2]["score"], 0);
}

TEST(Classroom, AllPassedIsPass) {
  GradeReport report = sample();
  report.labs[0].tests[1].status = TestStatus::kPassed;
  EXPECT_EQ(to_classroom(report)["status"], "pass");
}

TEST(Gradescope, MarkdownOutputFormatsAndInconclusivePolicy) {
  const auto json = to_gradescope(sample());
  EXPECT_EQ(json["output_format"], "md");
  EXPECT_EQ(json["test_output_format"], "md");
  EXPECT_TRUE(json["execution_time"].is_number());
  for (const auto& test : json["tests"]) EXPECT_EQ(test["output_format"], "md") << test.dump();
  EXPECT_EQ(json["tests"][1]["visibility"], "after_due_date");
  const std::string failed = json["tests"][1]["output"];
  EXPECT_EQ(failed.rfind("````\n", 0), 0u) << "a fence longer than the output's own:\n" << failed;
  const auto& inconclusive = json["tests"][2];
  EXPECT_EQ(inconclusive["status"], "passed");
  EXPECT_EQ(inconclusive["score"], 0);
  EXPECT_EQ(inconclusive["max_score"], 0);
  const std::string why = inconclusive["output"];
  EXPECT_NE(why.find("inconclusive: 1 usable core"), std::string::npos) << why;
  EXPECT_NE(why.find("No points are lost"), std::string::npos) << why;
  EXPECT_EQ(json["tests"][3]["status"], "passed");
}

TEST(PublicOnly, EveryFormatSaysSo) {
  const GradeReport report = public_only_sample();
  const std::string note = kPublicOnlyNote;
  EXPECT_NE(to_text(report, Style(false)).find(note), std::string::npos);
  EXPECT_NE(to_markdown(report).find(note), std::string::npos);
  EXPECT_NE(to_gradescope(report)["tests"][0]["output"].get<std::string>().find(note),
            std::string::npos);
  EXPECT_NE(to_classroom(report)["tests"][0]["message"].get<std::string>().find(note),
            std::string::npos);
  EXPECT_EQ(to_text(sample(), Style(false)).find(note), std::string::npos)
      << "a lab graded with its hidden tests says nothing of the kind";
}

}  // namespace
}  // namespace ptlabs::grader
