#include "scoring.hpp"

#include <gtest/gtest.h>
#include <signal.h>

namespace ptlabs::grader {
namespace {

Check make_check() { return Check{"process model", 3, {"ProcessModel.*"}, ""}; }

Outcome exited(int code, std::string output = "") {
  Outcome o;
  o.started = true;
  o.exit_code = code;
  o.output = std::move(output);
  o.wall_s = 0.5;
  return o;
}

GtestCase test_case(const char* name, bool passed, const char* failure = "") {
  GtestCase c;
  c.suite = "ProcessModel";
  c.name = name;
  c.ran = true;
  c.passed = passed;
  c.failures = failure;
  return c;
}

TEST(Scoring, VerdictForEveryWayARunCanEnd) {
  Outcome killed = exited(-1, "[ RUN      ] ProcessModel.Distinct\nboom");
  killed.exit_code = -1;
  killed.term_signal = SIGSEGV;
  Outcome timed_out = exited(-1, "[ RUN      ] ProcessConcurrency.AllAtOnce\n");
  timed_out.timed_out = true;
  Outcome cpu = exited(-1);
  cpu.cpu_exceeded = true;
  cpu.term_signal = SIGXCPU;
  Outcome flooded = exited(-1);
  flooded.output_flooded = true;
  Outcome not_started;
  not_started.start_error = "no such file";

  using Results = std::optional<std::vector<GtestCase>>;
  const Results all_pass = std::vector<GtestCase>{test_case("A", true), test_case("B", true)};
  const Results one_fails = std::vector<GtestCase>{
      test_case("A", true), test_case("B", false, "/x/y/hidden_test.cpp:7\nwrong pid")};
  GtestCase filtered = test_case("C", false);
  filtered.ran = false;
  const Results none_ran = std::vector<GtestCase>{filtered};
  GtestCase skipped = test_case("D", false);
  skipped.ran = false;
  skipped.skipped = true;
  const Results one_skipped = std::vector<GtestCase>{test_case("A", true), skipped};

  struct Case {
    const char* name;
    Outcome outcome;
    Results results;
    TestStatus status;
    double score;
    const char* says;
  } cases[] = {
      {"all passed", exited(0), all_pass, TestStatus::kPassed, 3, ""},
      {"a failure", exited(1), one_fails, TestStatus::kFailed, 0,
       "ProcessModel.B:\nhidden_test.cpp:7\nwrong pid"},
      {"crash before results", killed, std::nullopt, TestStatus::kError, 0,
       "while running ProcessModel.Distinct"},
      {"wall-clock timeout", timed_out, std::nullopt, TestStatus::kTimeout, 0,
       "ProcessConcurrency.AllAtOnce"},
      {"cpu limit", cpu, std::nullopt, TestStatus::kTimeout, 0, "CPU-time"},
      {"output flood", flooded, all_pass, TestStatus::kError, 0, "too much output"},
      {"could not start", not_started, std::nullopt, TestStatus::kError, 0, "no such file"},
      {"no test matched", exited(0), none_ran, TestStatus::kError, 0, "no test matches"},
      {"a test skipped by the code under test", exited(0), one_skipped, TestStatus::kFailed, 0,
       "ProcessModel.D: skipped"},
      {"passed then crashed", killed, all_pass, TestStatus::kError, 0, "then killed by signal"},
      {"exit without results", exited(3), std::nullopt, TestStatus::kError, 0,
       "exited with status 3"},
  };
  for (const auto& c : cases) {
    CheckResult result = score_check(make_check(), c.outcome, c.results);
    EXPECT_EQ(result.status, c.status) << c.name;
    EXPECT_EQ(result.score, c.score) << c.name;
    EXPECT_EQ(result.max_score, 3) << c.name;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << c.name << ": " << result.output;
  }
}

TEST(Scoring, AThreadSanitizerReportFailsTheCheckAndIsShown) {
  Outcome raced = exited(66,
                         "[ RUN      ] ThreadRaceFree.Counts\n==================\n"
                         "WARNING: ThreadSanitizer: data race (pid=7)\n"
                         "  Write of size 8 at 0x1 by thread T2:\n"
                         "    #0 count /tmp/ptlabs-grade-x/02-sharing/src/thread.cpp:31\n"
                         "SUMMARY: ThreadSanitizer: data race thread.cpp:31 in count\n"
                         "==================\n");
  CheckResult result = score_check(make_check(), raced, std::nullopt);
  EXPECT_EQ(result.status, TestStatus::kFailed);
  EXPECT_NE(result.output.find("ThreadSanitizer caught a data race while running "
                               "ThreadRaceFree.Counts"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("#0 count thread.cpp:31"), std::string::npos) << result.output;
  EXPECT_EQ(sanitizer_report("no report here"), "");
}

TEST(Scoring, UnbuiltCheckIsAnErrorWorthNothing) {
  CheckResult result = unbuilt_check(make_check());
  EXPECT_EQ(result.status, TestStatus::kError);
  EXPECT_EQ(result.score, 0);
  EXPECT_EQ(result.max_score, 3);
  EXPECT_NE(result.output.find("build failed"), std::string::npos);
}

TEST(Scoring, LastStartedTestAndTail) {
  EXPECT_EQ(last_started_test("[ RUN      ] A.B\n[       OK ] A.B\n[ RUN      ] C.D\nx"), "C.D");
  EXPECT_EQ(last_started_test("nothing"), "");
  EXPECT_EQ(tail_lines("1\n2\n3\n4\n", 2), "3\n4\n");
  EXPECT_EQ(tail_lines("1\n2", 5), "1\n2");
  EXPECT_EQ(tail_lines("", 3), "");
  EXPECT_EQ(head_lines("1\n2\n3\n4\n", 2), "1\n2\n");
  EXPECT_EQ(head_lines("1\n2", 5), "1\n2");
  EXPECT_EQ(head_lines("", 3), "");
}

}  // namespace
}  // namespace ptlabs::grader
