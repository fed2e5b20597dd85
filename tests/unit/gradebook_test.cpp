#include "gradebook.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

Lab make_lab(const std::string& id, int number, const std::string& teaches,
             const std::vector<std::pair<std::string, int>>& checks) {
  Lab lab;
  lab.id = id;
  lab.number = number;
  lab.title = "title of " + id;
  lab.teaches = teaches;
  for (const auto& [name, points] : checks) {
    Check check;
    check.name = name;
    check.points = points;
    lab.checks.push_back(check);
  }
  return lab;
}

// A report where lab `id` passed the checks named in `passed` of `lab`.
LabResult lab_result(const Lab& lab, const std::vector<std::string>& passed, bool built = true) {
  LabResult result;
  result.id = lab.id;
  result.build.ok = built;
  for (const auto& check : lab.checks) {
    const bool ok = std::find(passed.begin(), passed.end(), check.name) != passed.end();
    result.tests.push_back({check.name, ok ? TestStatus::kPassed : TestStatus::kFailed,
                            ok ? double(check.points) : 0, double(check.points), "", 0, "visible"});
    result.score += ok ? check.points : 0;
    result.max_score += check.points;
  }
  return result;
}

class Gradebook : public testing::Test {
 protected:
  Lab spawn_ = make_lab("01-spawn", 1, "processes and threads", {{"model", 3}, {"zombies", 2}});
  Lab sharing_ = make_lab("02-sharing", 2, "shared memory", {{"counts", 4}, {"race-free", 1}});
  std::vector<const Lab*> labs_ = {&spawn_, &sharing_};

  StudentRecord graded(const std::string& id, std::vector<LabResult> labs) {
    GradeReport report;
    for (auto& lab : labs) {
      report.score += lab.score;
      report.max_score += lab.max_score;
      report.labs.push_back(std::move(lab));
    }
    return graded_record(id, std::move(report));
  }
};

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("alice"), "alice");
  EXPECT_EQ(csv_field("doe, jane"), "\"doe, jane\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(CsvField, DefusesSpreadsheetFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("@sum"), "'@sum");
  EXPECT_EQ(csv_field("a=b"), "a=b") << "only a leading sign is a formula";
}

TEST_F(Gradebook, OneRowPerStudentWithLabScoresTotalMaxAndStatus) {
  std::vector<StudentRecord> records = {
      graded("alice", {lab_result(spawn_, {"model", "zombies"}), lab_result(sharing_, {"counts"})}),
      graded("doe, jane", {lab_result(spawn_, {"model"})}),
      {"carol", "bad-archive", "carol.zip is damaged, \"re-create\" it", std::nullopt},
  };
  EXPECT_EQ(gradebook_csv(records, labs_),
            "student,01-spawn,02-sharing,total,max,status,detail\r\n"
            "alice,5,4,9,10,graded,\r\n"
            "\"doe, jane\",3,0,3,10,graded,\r\n"
            "carol,,,,10,bad-archive,\"carol.zip is damaged, \"\"re-create\"\" it\"\r\n");
}

TEST_F(Gradebook, AFailedBuildIsGradedButSaysSo) {
  StudentRecord record = graded("dan", {lab_result(spawn_, {}, false), lab_result(sharing_, {})});
  EXPECT_EQ(record.status, "build-failed");
  EXPECT_EQ(record.detail, "did not compile: 01-spawn");
  ASSERT_TRUE(record.report.has_value());

  LabResult missing = lab_result(sharing_, {}, false);
  missing.submitted = false;
  EXPECT_EQ(graded("erin", {lab_result(spawn_, {"model"}), missing}).status, "graded")
      << "a lab not submitted is not a failed build";
}

TEST_F(Gradebook, SummaryRanksChecksByFailureRateWithTheLabsConcept) {
  LabResult unsubmitted = lab_result(sharing_, {});
  unsubmitted.submitted = false;
  std::vector<StudentRecord> records = {
      graded("a", {lab_result(spawn_, {"model", "zombies"}), lab_result(sharing_, {"counts"})}),
      graded("b", {lab_result(spawn_, {"model"}), lab_result(sharing_, {"counts"})}),
      graded("c", {lab_result(spawn_, {"model"}), unsubmitted}),
      graded("d", {lab_result(spawn_, {}, false), lab_result(sharing_, {"counts", "race-free"})}),
      {"e", "empty", "no files", std::nullopt},
  };
  ClassSummary summary = summarize(records, labs_);
  EXPECT_EQ(summary.students, 5);
  EXPECT_EQ(summary.graded, 4);
  EXPECT_EQ(summary.status["graded"], 3);
  EXPECT_EQ(summary.status["build-failed"], 1);
  EXPECT_EQ(summary.status["empty"], 1);
  ASSERT_EQ(summary.checks.size(), 4u);
  // zombies: failed by b, c, d of 4 (75%); race-free: a, b of 3 submitters (67%);
  // model: d of 4 (25%); counts: none of 3 (0%).
  EXPECT_EQ(summary.checks[0].check, "zombies");
  EXPECT_EQ(summary.checks[0].failures, 3);
  EXPECT_EQ(summary.checks[0].attempts, 4);
  EXPECT_EQ(summary.checks[0].teaches, "processes and threads");
  EXPECT_EQ(summary.checks[1].check, "race-free");
  EXPECT_EQ(summary.checks[1].attempts, 3) << "an unsubmitted lab is not an attempt";
  EXPECT_NEAR(summary.checks[1].rate(), 2.0 / 3, 1e-9);
  EXPECT_EQ(summary.checks[1].teaches, "shared memory");
  EXPECT_EQ(summary.checks[2].check, "model");
  EXPECT_EQ(summary.checks[3].check, "counts");
  EXPECT_EQ(summary.checks[3].failures, 0);
}

TEST_F(Gradebook, HistogramMeanAndMedianOverGradedStudents) {
  std::vector<StudentRecord> records = {
      graded("full", {lab_result(spawn_, {"model", "zombies"}),
                      lab_result(sharing_, {"counts", "race-free"})}),  // 100%
      graded("half", {lab_result(spawn_, {"model", "zombies"})}),       // 50%
      graded("some", {lab_result(spawn_, {"model"})}),                  // 30%
      graded("none", {lab_result(spawn_, {})}),                         // 0%
      {"x", "timeout", "", std::nullopt},
  };
  ClassSummary summary = summarize(records, labs_);
  EXPECT_EQ(summary.max_score, 10);
  EXPECT_EQ(summary.histogram, (std::vector<int>{1, 0, 0, 1, 0, 1, 0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(summary.mean_percent, 45);
  EXPECT_DOUBLE_EQ(summary.median_percent, 40);
  ASSERT_EQ(summary.rows.size(), 5u);
  EXPECT_EQ(summary.rows[1].total, 5);
  EXPECT_FALSE(summary.rows[4].total.has_value());

  nlohmann::json json = to_json(summary);
  EXPECT_EQ(json["histogram_percent_bins"][9], 1);
  // zombies failed by "some" and "none" of the 4 who submitted lab 01: the worst.
  EXPECT_EQ(json["checks"][0]["check"], "zombies");
  EXPECT_EQ(json["checks"][0]["concept"], "processes and threads");
  EXPECT_EQ(json["checks"][0]["failure_rate"], 0.5);
  EXPECT_EQ(json["per_student"][4]["total"], nullptr);
}

TEST_F(Gradebook, SummaryPageEscapesAndDrawsTheHistogram) {
  Lab hostile = make_lab("01-spawn", 1, "<b>concept</b>", {{"<script>alert(1)</script>", 1}});
  std::vector<const Lab*> labs = {&hostile};
  std::vector<StudentRecord> records = {
      graded("<img src=x>", {lab_result(hostile, {})}),
      graded("bob", {lab_result(hostile, {"<script>alert(1)</script>"})})};
  const std::string html = class_summary_html(summarize(records, labs));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;concept&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"students/%3Cimg%20src%3Dx%3E/report.html\""), std::string::npos)
      << "the link to a student's report is percent-encoded";
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("1 students scored 0-9%"), std::string::npos);
  EXPECT_NE(html.find("1 students scored 90-100%"), std::string::npos);
  EXPECT_NE(html.find("50% (1/2)"), std::string::npos) << html;
}

}  // namespace
}  // namespace ptlabs::grader
