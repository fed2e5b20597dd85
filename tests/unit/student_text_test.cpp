// Student-controlled text on its way into a report: whatever its size and bytes,
// the grader neither crashes nor stalls on it, caps it, and shows it without the
// control characters that would rewrite a terminal.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <sstream>

#include "failure_text.hpp"
#include "gtest_results.hpp"
#include "lab_check.hpp"
#include "ptlabs/clock.hpp"
#include "report_formats.hpp"
#include "report_html.hpp"
#include "report_json.hpp"
#include "report_text.hpp"
#include "safe_text.hpp"
#include "scoring.hpp"
#include "utf8_text.hpp"

namespace ptlabs::grader {
namespace {

constexpr std::size_t kMegabyte = 1 << 20;

// Texts of 1 MB built to hurt: long paths without a line number (what made a
// backtracking regex overflow its stack), one endless line, many short lines,
// failure headings over and over, control characters and invalid UTF-8.
std::vector<std::pair<std::string, std::string>> adversarial_texts() {
  std::vector<std::pair<std::string, std::string>> texts;
  auto repeat = [](const std::string& unit) {
    std::string text;
    while (text.size() < kMegabyte) text += unit;
    return text;
  };
  texts.emplace_back("one long path", repeat("/a"));
  texts.emplace_back("paths and colons", repeat("/ab/cd:x/ef"));
  texts.emplace_back("path with a line at the end", repeat("/abc") + "/x.cpp:42");
  texts.emplace_back("one endless line", repeat("x"));
  texts.emplace_back("newlines", repeat("\n"));
  texts.emplace_back("failure headings",
                     repeat("Expected equality of these values:\n  a\n    Which is: 1\n"));
  texts.emplace_back("value of", repeat("Value of: x\n  Actual: 1\nExpected: 2\n"));
  texts.emplace_back("locations", repeat("hidden_test.cpp:1\n"));
  texts.emplace_back("test headers", repeat("Suite.Test:\n"));
  texts.emplace_back("terminal escapes", repeat("\x1b[2K\r\x1b[1A\x07OK\x9b\xc2\x9b"));
  texts.emplace_back("invalid utf-8", repeat("\xff\xfe\xc3"));
  texts.emplace_back("sanitizer",
                     "WARNING: ThreadSanitizer: data race\n" + repeat("/p/q/r") + "\n");
  return texts;
}

Check a_check() {
  Check check;
  check.name = "process: one child process per job";
  check.points = 3;
  check.tests = {"ProcessModel.*"};
  return check;
}

Outcome exited(int status, const std::string& output) {
  Outcome outcome;
  outcome.started = true;
  outcome.exit_code = status;
  outcome.output = output;
  outcome.output_total = output.size();
  return outcome;
}

GradeReport report_with(const std::string& text) {
  GradeReport report;
  report.submission = "sub";
  LabResult lab;
  lab.id = "01-spawn";
  lab.title = "spawn";
  lab.build.ok = true;
  lab.build.log = text;
  CheckResult check;
  check.name = "process: one child process per job";
  check.status = TestStatus::kFailed;
  check.max_score = 3;
  check.output = text;
  lab.tests.push_back(check);
  PerfResult perf;
  perf.name = "processes win";
  perf.detail = text;
  lab.perf.push_back(perf);
  report.labs.push_back(lab);
  return report;
}

// Every text path of the grader, with `text` as the submission's words, finishes
// and yields a report whose size does not grow with the text.
TEST(StudentText, AMegabyteOfAnyTextGoesThroughEveryTextPath) {
  for (const auto& [name, text] : adversarial_texts()) {
    SCOPED_TRACE(name);
    const std::uint64_t start = now_ns();
    // Scoring: a failed test's messages, the tail of the output, a sanitizer report.
    const std::string document =
        nlohmann::json{{"testsuites",
                        {{{"name", "ProcessModel"},
                          {"testsuite",
                           {{{"name", "Distinct"},
                             {"status", "RUN"},
                             {"result", "COMPLETED"},
                             {"failures", {{{"failure", valid_utf8(text)}}}}}}}}}}}
            .dump();
    std::vector<GtestCase> cases;
    std::string err;
    ASSERT_TRUE(parse_gtest_json(document, &cases, &err)) << err;
    CheckResult scored = score_check(a_check(), exited(1, text), cases);
    EXPECT_EQ(scored.status, TestStatus::kFailed);
    EXPECT_LE(scored.output.size(), kCheckOutputBytes + 200);
    if (without_directories(text).size() > kCheckOutputBytes) {
      EXPECT_NE(scored.output.find("[... cut: "), std::string::npos);
    }
    const CheckResult crashed = score_check(a_check(), exited(1, text), std::nullopt);
    EXPECT_NE(crashed.status, TestStatus::kPassed);
    EXPECT_LE(crashed.output.size(), kCheckOutputBytes + 200);
    (void)sanitizer_report(text);
    (void)without_directories(text);
    (void)expected_actual_pairs(text);
    (void)expected_actual_pairs(scored.output);
    (void)tail_lines(text, 30);
    (void)head_lines(text, 40);
    std::string junk;
    (void)parse_gtest_json(text, &cases, &junk);

    // Every report format, after the caps grade() puts on the report.
    GradeReport report = report_with(text);
    cap_student_text(&report);
    make_valid_utf8(&report);
    const std::size_t cap = kBuildLogBytes + kCheckOutputBytes + kPerfDetailBytes;
    const std::vector<std::pair<const char*, std::string>> outputs = {
        {"text", to_text(report, Style(false))},
        {"json", to_json(report).dump()},
        {"html", to_html(report)},
        {"markdown", to_markdown(report)},
        {"junit", to_junit(report)},
        {"gradescope", to_gradescope(report).dump()},
        {"classroom", to_classroom(report).dump()},
    };
    for (const auto& [format, output] : outputs) {
      // Escaping may multiply a byte by 6 (\u00XX in JSON, &#NNN; in HTML), never more.
      EXPECT_LT(output.size(), 6 * cap + (64 << 10)) << format;
    }
    std::ostringstream printed;
    print_graded(report.labs.front(), printed, Style(false));
    EXPECT_EQ(printed.str().find('\x1b'), std::string::npos);
    const double seconds = static_cast<double>(now_ns() - start) / 1e9;
    EXPECT_LT(seconds, 60) << "linear work on 1 MB takes well under a second on any machine";
  }
}

// The hand-written path shortening does what the regular expression it replaced did.
TEST(StudentText, PathsAreShortenedAsTheOldRegexDid) {
  const std::regex old_path(R"((/[^\s:/]+)+/([^\s:/]+:\d+))");
  const std::string alphabet = "/a.:1 \n";
  std::mt19937 random(17);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    EXPECT_EQ(without_directories(text), std::regex_replace(text, old_path, "$2"))
        << "\"" << text << "\"";
  }
  EXPECT_EQ(without_directories("at /home/t/ptlabs/grader/hidden/01-spawn/hidden_test.cpp:42: x"),
            "at hidden_test.cpp:42: x");
  EXPECT_EQ(without_directories("/only.cpp:3"), "/only.cpp:3");
  EXPECT_EQ(without_directories("/a/b.cpp:x"), "/a/b.cpp:x");
}

TEST(StudentText, ControlCharactersAreShownEscaped) {
  EXPECT_EQ(shown_safely("ok\tline\nnext"), "ok\tline\nnext");
  EXPECT_EQ(shown_safely("\x1b[1A\rOK\x07\x7f"), "\\x1b[1A\\x0dOK\\x07\\x7f");
  EXPECT_EQ(shown_safely("a\xc2\x9b"
                         "2J b"),
            "a\\u009b2J b")
      << "C1 CSI";
  EXPECT_EQ(shown_safely("caf\xc3\xa9 \xc2\xa0"), "caf\xc3\xa9 \xc2\xa0") << "text stays";
  EXPECT_EQ(shown_safely(std::string("nul\0", 4)), "nul\\x00");
}

TEST(StudentText, LongTextIsCutWithANote) {
  EXPECT_EQ(capped_text("short", 10), "short");
  const std::string cut = capped_text(std::string(1000, 'x'), 100);
  EXPECT_EQ(cut.substr(0, 100), std::string(100, 'x'));
  EXPECT_NE(cut.find("[... cut: 1000 bytes in all, the first 100 shown]"), std::string::npos);
  // Never in the middle of a character.
  const std::string accents = capped_text(std::string(60, 'a') + std::string(100, '\xc3'), 61);
  EXPECT_EQ(valid_utf8(capped_text("\xc3\xa9\xc3\xa9\xc3\xa9", 3)),
            capped_text("\xc3\xa9\xc3\xa9\xc3\xa9", 3));
  const std::string both = capped_head_and_tail("HEAD" + std::string(1000, '.') + "TAIL", 100);
  EXPECT_EQ(both.rfind("HEAD", 0), 0u);
  EXPECT_EQ(both.substr(both.size() - 4), "TAIL");
  EXPECT_LT(both.size(), 200u);
}

// A failed hidden check shows a few hundred bytes of what the submission said per
// failure, and says that the rest was cut.
TEST(StudentText, AFailedChecksTextIsCappedPerFailure) {
  const std::string thrown =
      "it throws std::runtime_error with description \"" + std::string(100000, 'z') + "\"";
  const std::string document =
      nlohmann::json{{"testsuites",
                      {{{"name", "ProcessModel"},
                        {"testsuite",
                         {{{"name", "Distinct"},
                           {"status", "RUN"},
                           {"result", "COMPLETED"},
                           {"failures", {{{"failure", thrown}}, {{"failure", "second"}}}}}}}}}}}
          .dump();
  std::vector<GtestCase> cases;
  std::string err;
  ASSERT_TRUE(parse_gtest_json(document, &cases, &err)) << err;
  const CheckResult scored = score_check(a_check(), exited(1, ""), cases);
  EXPECT_LT(scored.output.size(), 2 * kFailureTextBytes);
  EXPECT_NE(scored.output.find("it throws std::runtime_error"), std::string::npos);
  EXPECT_NE(scored.output.find("[... cut: "), std::string::npos);
  EXPECT_NE(scored.output.find("second"), std::string::npos) << "the next failure is shown too";
}

// Results that are JSON of the right shape with the wrong types are refused with the
// reason, never with an exception (which ended the whole grading with status 3).
TEST(StudentText, MistypedResultsAreRefusedWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"testsuites": [{"name": 7, "testsuite": []}]})", "testsuites[0].name"},
      {R"({"testsuites": [5]})", "testsuites[0]"},
      {R"({"testsuites": [{"name": "S", "testsuite": [3]}]})", "testsuites[0].testsuite[0]"},
      {R"({"testsuites": [{"name": "S", "testsuite": [{"name": ["x"]}]}]})", ".name"},
      {R"({"testsuites": [{"name": "S", "testsuite": [{"status": 1}]}]})", ".status"},
      {R"({"testsuites": [{"name": "S", "testsuite": [{"failures": {"a": 1}}]}]})", ".failures"},
      {R"({"testsuites": [{"name": "S", "testsuite": [{"failures": ["text"]}]}]})", ".failures[0]"},
      {R"({"testsuites": [{"name": "S", "testsuite": [{"failures": [{"failure": 1}]}]}]})",
       ".failure"},
  };
  for (const auto& [document, where] : cases) {
    std::vector<GtestCase> parsed;
    std::string err;
    EXPECT_NO_THROW(EXPECT_FALSE(parse_gtest_json(document, &parsed, &err)) << document);
    EXPECT_NE(err.find(where), std::string::npos) << document << ": " << err;
  }
  // A time that is no number, and 1 MB of nesting, are no reason to throw either.
  std::vector<GtestCase> parsed;
  std::string err;
  EXPECT_TRUE(parse_gtest_json(
      R"({"testsuites": [{"name": "S", "testsuite": [{"name": "T", "time": "1e999s"}]}]})", &parsed,
      &err));
  EXPECT_EQ(parsed.at(0).seconds, 0);
  EXPECT_NO_THROW(parse_gtest_json(std::string(kMegabyte, '['), &parsed, &err));
}

TEST(StudentText, UnusableResultsMakeTheCheckAnErrorThatSaysWhy) {
  const CheckResult result =
      unusable_results(a_check(), exited(0, ""), "testsuites[0].name is not a string");
  EXPECT_EQ(result.status, TestStatus::kError);
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.max_score, 3);
  EXPECT_NE(result.output.find("could not use the results"), std::string::npos);
  EXPECT_NE(result.output.find("testsuites[0].name is not a string"), std::string::npos);
}

// What the submission printed cannot move the cursor over a verdict in either text
// output: the report's and `grader check`'s.
TEST(StudentText, TextOutputEscapesControlCharacters) {
  const std::string fake = "\r\x1b[1A\x1b[2K  process: one child ......... OK \x9b\n";
  GradeReport report = report_with(fake);
  report.labs[0].build.ok = false;
  report.labs[0].tests[0].output = fake;
  const std::string text = to_text(report, Style(false));
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b[1A"), std::string::npos) << text;
  report.labs[0].build.ok = true;
  std::ostringstream printed;
  print_graded(report.labs[0], printed, Style(false));
  EXPECT_EQ(printed.str().find('\x1b'), std::string::npos) << printed.str();
  EXPECT_EQ(printed.str().find('\r'), std::string::npos) << printed.str();
  EXPECT_NE(printed.str().find("\\x1b[2K"), std::string::npos) << printed.str();
  report.labs[0].build.ok = false;
  std::ostringstream build_failed;
  print_graded(report.labs[0], build_failed, Style(false));
  EXPECT_EQ(build_failed.str().find('\x1b'), std::string::npos) << build_failed.str();
}

TEST(StudentText, EveryReportFormatCapsACheckOutput) {
  GradeReport report = report_with(std::string(18 << 20, 'x'));
  cap_student_text(&report);
  EXPECT_LE(report.labs[0].tests[0].output.size(), kCheckOutputBytes + 200);
  EXPECT_LE(report.labs[0].build.log.size(), kBuildLogBytes + 200);
  EXPECT_LE(report.labs[0].perf[0].detail.size(), kPerfDetailBytes + 200);
  EXPECT_NE(report.labs[0].tests[0].output.find("[... cut: 18874368 bytes in all"),
            std::string::npos);
  EXPECT_LT(to_json(report).dump().size(), 200u << 10);
}

}  // namespace
}  // namespace ptlabs::grader
