#include "report_html.hpp"

#include <gtest/gtest.h>

#include <string>

#include "chart_data.hpp"
#include "failure_text.hpp"
#include "report_json.hpp"

namespace ptlabs::grader {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// What scoring.cpp writes for failed tests: the test's name, then GoogleTest's
// failure texts (these are copied from a real gtest 1.14 JSON result).
const char* const kGtestFailures =
    "Process.Reports:\n"
    "hidden_test.cpp:4\n"
    "Expected equality of these values:\n"
    "  reports.size()\n"
    "    Which is: 2\n"
    "  3u\n"
    "    Which is: 3\n"
    "one report per job expected\n"
    "hidden_test.cpp:9\n"
    "Value of: f() == 3\n"
    "  Actual: false\n"
    "Expected: true\n"
    "why\n"
    "hidden_test.cpp:10\n"
    "Expected: (f()) < (1), actual: 2 vs 1\n"
    "hidden_test.cpp:12\n"
    "Expected: f() throws an exception of type std::runtime_error.\n"
    "  Actual: it throws nothing.\n";

TEST(ExpectedActual, EveryGtestFormIsReadAsAPair) {
  const auto pairs = expected_actual_pairs(kGtestFailures);
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0].where, "hidden_test.cpp:4");
  EXPECT_EQ(pairs[0].expected, "3");
  EXPECT_EQ(pairs[0].expected_expression, "3u");
  EXPECT_EQ(pairs[0].actual, "2");
  EXPECT_EQ(pairs[0].actual_expression, "reports.size()");
  EXPECT_EQ(pairs[0].message, "one report per job expected");
  EXPECT_EQ(pairs[1].expected, "true");
  EXPECT_EQ(pairs[1].actual, "false");
  EXPECT_EQ(pairs[1].actual_expression, "f() == 3");
  EXPECT_EQ(pairs[1].message, "why");
  EXPECT_EQ(pairs[2].expected, "(f()) < (1)");
  EXPECT_EQ(pairs[2].actual, "2 vs 1");
  EXPECT_EQ(pairs[2].message, "");
  EXPECT_EQ(pairs[3].where, "hidden_test.cpp:12");
  EXPECT_EQ(pairs[3].expected, "f() throws an exception of type std::runtime_error.");
  EXPECT_EQ(pairs[3].actual, "it throws nothing.");
}

TEST(ExpectedActual, LiteralsWithoutWhichIsAreTheirOwnValue) {
  const auto pairs =
      expected_actual_pairs("t.cpp:6\nExpected equality of these values:\n  \"a<b\"\n  \"c\"\n");
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].actual, "\"a<b\"");
  EXPECT_EQ(pairs[0].expected, "\"c\"");
  EXPECT_EQ(pairs[0].actual_expression, "");
}

TEST(ExpectedActual, NoPairInProse) {
  EXPECT_TRUE(
      expected_actual_pairs("the tests did not finish in time (wall-clock limit)\n").empty());
  EXPECT_TRUE(expected_actual_pairs("Expected: something\nbut no actual line\n").empty());
  EXPECT_TRUE(expected_actual_pairs("").empty());
}

// A report with one lab of every kind of content the page shows.
GradeReport sample() {
  GradeReport report;
  report.submission = "/home/student/labs";
  report.seconds = 42;
  report.machine.usable_cores = 2;
  report.machine.online_cores = 2;
  report.machine.affinity_cores = 2;
  report.machine.cpu_model = "Example CPU @ 3.0GHz";
  report.protections = {"bubblewrap sandbox", "no network"};
  LabResult lab;
  lab.id = "03-cpu-bound";
  lab.title = "CPU-bound work";
  lab.build.ok = true;
  lab.build.seconds = 3.2;
  lab.tests.push_back({"counts right", TestStatus::kPassed, 2, 2, "", 0.4, "visible"});
  lab.tests.push_back({"reports", TestStatus::kFailed, 0, 3, kGtestFailures, 0.3, "visible"});
  lab.tests.push_back({"hostile", TestStatus::kError, 0, 1,
                       "<script>alert(1)</script> & <img src=x onerror=alert(2)>", 0.1, "visible"});
  PerfResult perf{"python kernel: processes beat threads",
                  Verdict::kInconclusive,
                  "threads/processes time",
                  1.4,
                  1.5,
                  "The trials disagree."};
  add_chart(&perf.data, "speedup",
            svg::LineChart{"Speedup",
                           "workers",
                           "speedup",
                           {{"threads, python kernel", {{1, 1}, {2, 0.98}}, "", false}}});
  add_chart(&perf.data, "calls-python",
            svg::LaneChart{"Kernel calls",
                           "ms",
                           {{"threads", {{"worker 0", {{0, 5}, {10, 15}}}}, ""},
                            {"processes", {{"worker 0", {{0, 5}}}}, ""}}});
  lab.perf.push_back(perf);
  lab.perf.push_back({"native kernel: both scale", Verdict::kInconclusive, "smaller speedup", 0, 0,
                      "Not judged: this machine gives 1 usable core"});
  lab.score = 2;
  lab.max_score = 6;
  report.labs.push_back(lab);
  report.score = 2;
  report.max_score = 6;
  return report;
}

TEST(ReportHtml, OneSelfContainedDocumentWithScoreMachineAndLabTable) {
  const std::string html = to_html(sample());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(html.find("Score: 2/6"), std::string::npos);
  EXPECT_NE(html.find("Example CPU @ 3.0GHz"), std::string::npos);
  EXPECT_NE(html.find("bubblewrap sandbox, no network"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#lab-03-cpu-bound\">03-cpu-bound</a>"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"lab-03-cpu-bound\">"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "no script, not even from check output";
  EXPECT_EQ(html.find("src=\"http"), std::string::npos) << "no external asset";
  EXPECT_EQ(html.find("href=\"http"), std::string::npos) << "no external asset";
}

TEST(ReportHtml, HostileCheckOutputIsEscaped) {
  const std::string html = to_html(sample());
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x "
                      "onerror=alert(2)&gt;"),
            std::string::npos);
}

TEST(ReportHtml, FailedChecksShowExpectedAgainstActual) {
  const std::string html = to_html(sample());
  EXPECT_NE(html.find("<div class=\"expected\"><code>3</code> <span class=\"note\">from "
                      "3u</span></div>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<div class=\"actual\"><code>2</code> <span class=\"note\">from "
                      "reports.size()</span></div>"),
            std::string::npos);
  EXPECT_NE(html.find("one report per job expected"), std::string::npos);
  EXPECT_EQ(count(html, "<div class=\"pair\">"), 4u);
  EXPECT_NE(html.find("<details><summary>Full output</summary>"), std::string::npos);
  EXPECT_NE(html.find("<pre>&lt;script&gt;"), std::string::npos) << "no pair: the raw output";
}

TEST(ReportHtml, ChartsWhereThereIsDataANoteWhereThereIsNone) {
  const std::string html = to_html(sample());
  EXPECT_EQ(count(html, "<svg "), 2u) << "the speedup lines and the call timeline";
  EXPECT_EQ(count(html, "<polyline"), 1u);
  EXPECT_EQ(count(html, "<g class=\"lane\""), 2u);
  EXPECT_EQ(count(html, "No chart for"), 1u);
  EXPECT_NE(html.find("No chart for “native kernel: both scale”"), std::string::npos);
  EXPECT_NE(html.find("Not judged: this machine gives 1 usable core"), std::string::npos);
}

TEST(ReportHtml, EveryChartKindIsDrawnFromItsData) {
  GradeReport report = sample();
  PerfResult bars{"threads win", Verdict::kPass, "process/thread wall time", 2, 1, "ok"};
  add_chart(
      &bars.data, "io-time",
      svg::BarChart{
          "Time", "seconds", {{"wall time", {{"threads", 0.2, ""}, {"processes", 0.5, ""}}}}});
  report.labs[0].perf.push_back(bars);
  const std::string html = to_html(report);
  EXPECT_EQ(count(html, "<svg "), 3u);
  EXPECT_EQ(count(html, "<rect class=\"bar\""), 2u);
}

TEST(ReportHtml, NoPerfResultsMeansANoteNotAnEmptyChart) {
  GradeReport report = sample();
  report.labs[0].perf.clear();
  const std::string html = to_html(report);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("No performance measurements for this lab"), std::string::npos);
}

TEST(ReportHtml, AFailedBuildShowsItsLog) {
  GradeReport report = sample();
  report.labs[0].build.ok = false;
  report.labs[0].build.log = "process.cpp:3:1: error: expected ';' before '}' <token>";
  report.labs[0].perf.clear();
  const std::string html = to_html(report);
  EXPECT_NE(html.find("<pre class=\"build-log\">process.cpp:3:1: error: expected &#39;;&#39; "
                      "before &#39;}&#39; &lt;token&gt;</pre>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("No performance measurements"), std::string::npos)
      << "no perf note where nothing could run";
}

TEST(ReportJsonData, PerfDataIsWrittenSoBatchReportsCanChart) {
  const nlohmann::json json = to_json(sample());
  const auto& perf = json["labs"][0]["perf"];
  ASSERT_EQ(perf.size(), 2u);
  ASSERT_TRUE(perf[0]["data"].is_object());
  EXPECT_EQ(perf[0]["data"]["charts"][0]["id"], "speedup");
  EXPECT_EQ(perf[0]["data"]["charts"][1]["kind"], "lanes");
  EXPECT_TRUE(perf[1]["data"].is_null()) << "nothing measured: null, the field still there";
  EXPECT_EQ(perf[0]["detail"], "The trials disagree.") << "the old fields stay";
}

}  // namespace
}  // namespace ptlabs::grader
