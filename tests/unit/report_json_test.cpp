#include "report_json.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

GradeReport full_report() {
  GradeReport report;
  report.submission = "/subs/alice";
  report.score = 3;
  report.max_score = 7;
  report.seconds = 41.5;
  report.machine.usable_cores = 2;
  report.machine.online_cores = 4;
  report.machine.affinity_cores = 3;
  report.machine.cpu_quota = 2.5;
  report.machine.cpu_model = "Some CPU @ 2GHz";
  report.machine.kernel = "6.1.0";
  report.protections = {"memory limit", "bubblewrap: ..."};
  LabResult lab;
  lab.id = "01-spawn";
  lab.title = "Spawn";
  lab.score = 3;
  lab.max_score = 7;
  lab.build = {true, "warning: unused x", 3.25};
  lab.tests.push_back({"model", TestStatus::kPassed, 3, 3, "", 0.5, "visible"});
  lab.tests.push_back({"zombies", TestStatus::kFailed, 0, 2, "zombie \"pid\" 42\n", 1.5, "hidden"});
  lab.tests.push_back({"hang", TestStatus::kTimeout, 0, 1, "killed", 30, "after_due_date"});
  lab.tests.push_back({"crash", TestStatus::kError, 0, 1, "SIGSEGV", 0.1, "visible"});
  lab.perf.push_back({"processes win", Verdict::kPass, "speedup", 1.6, 1.3, "ok", {}});
  lab.perf.back().data = {{"charts", nlohmann::json::array({{{"kind", "bars"}}})}};
  lab.perf.push_back({"threads win", Verdict::kFail, "ratio", 0.9, 1.1, "lost", {}});
  lab.perf.push_back({"start", Verdict::kInconclusive, "ratio", 0, 0, "1 core", {}});
  report.labs.push_back(lab);
  LabResult missing;
  missing.id = "02-sharing";
  missing.submitted = false;
  missing.public_only = true;
  report.labs.push_back(missing);
  return report;
}

TEST(ReportFromJson, RoundTripKeepsEveryField) {
  const GradeReport original = full_report();
  const nlohmann::json written = to_json(original);
  GradeReport read;
  std::string err;
  ASSERT_TRUE(from_json(written, &read, &err)) << err;
  EXPECT_EQ(to_json(read), written) << "read back, it writes the same JSON";
  EXPECT_EQ(read.machine.cpu_quota, 2.5);
  EXPECT_EQ(read.labs[0].tests[1].status, TestStatus::kFailed);
  EXPECT_EQ(read.labs[0].tests[1].visibility, "hidden");
  EXPECT_EQ(read.labs[0].tests[2].status, TestStatus::kTimeout);
  EXPECT_EQ(read.labs[0].perf[2].verdict, Verdict::kInconclusive);
  EXPECT_EQ(read.labs[0].build.log, "warning: unused x");
  EXPECT_FALSE(read.labs[1].submitted);
  EXPECT_TRUE(read.labs[1].public_only);
}

TEST(ReportFromJson, ANullQuotaStaysAbsent) {
  GradeReport original = full_report();
  original.machine.cpu_quota.reset();
  GradeReport read;
  std::string err;
  ASSERT_TRUE(from_json(to_json(original), &read, &err)) << err;
  EXPECT_FALSE(read.machine.cpu_quota.has_value());
}

TEST(ReportFromJson, OnlyTheContractFieldsAreRequired) {
  nlohmann::json minimal = {
      {"score", 1},
      {"max_score", 2},
      {"labs",
       {{{"id", "01-spawn"},
         {"score", 1},
         {"max_score", 2},
         {"tests", {{{"name", "a"}, {"status", "passed"}, {"score", 1}, {"max_score", 2}}}}}}}};
  GradeReport read;
  std::string err;
  ASSERT_TRUE(from_json(minimal, &read, &err)) << err;
  EXPECT_EQ(read.labs[0].tests[0].visibility, "visible");
  EXPECT_TRUE(read.labs[0].submitted);
}

TEST(ReportFromJson, NamesTheBrokenField) {
  const nlohmann::json good = to_json(full_report());
  struct Case {
    const char* pointer;
    nlohmann::json value;
    const char* message;
  };
  const Case cases[] = {
      {"/score", "three", "report field score: not a number"},
      {"/labs/0/tests/1/status", "meh",
       "report field labs[0].tests[1].status: 'meh' is not passed, failed, error or timeout"},
      {"/labs/0/perf/0/verdict", "maybe", "labs[0].perf[0].verdict"},
      {"/labs/0/tests", 5, "report field labs[0].tests: not a list"},
      {"/machine/usable_cores", "2", "machine.usable_cores: not a number"},
      {"/labs/1/build/ok", "yes", "labs[1].build.ok: not true or false"},
  };
  for (const auto& c : cases) {
    nlohmann::json broken = good;
    broken[nlohmann::json::json_pointer(c.pointer)] = c.value;
    GradeReport read;
    std::string err;
    EXPECT_FALSE(from_json(broken, &read, &err)) << c.pointer;
    EXPECT_NE(err.find(c.message), std::string::npos) << c.pointer << ": " << err;
  }
  nlohmann::json no_labs = good;
  no_labs.erase("labs");
  GradeReport read;
  std::string err;
  EXPECT_FALSE(from_json(no_labs, &read, &err));
  EXPECT_EQ(err, "report field labs: missing");
  EXPECT_FALSE(from_json(nlohmann::json::array(), &read, &err));
}

}  // namespace
}  // namespace ptlabs::grader
