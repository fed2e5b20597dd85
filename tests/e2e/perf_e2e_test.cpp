// Performance checks end to end on this machine: the reference must never get
// `fail`, a wrong execution model must never get `pass`, and a machine with one
// usable core must get `inconclusive` with its reason. Verdicts only: no
// timing is asserted, so these hold on a noisy 2-core machine.
#include <gtest/gtest.h>

#include <map>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kPythonWin = "python kernel: processes beat threads";
const std::string kNativeScale = "native kernel: threads and processes both scale";
const std::string kIoWin = "threads beat processes on I/O-bound work";

const nlohmann::json* find_perf(const nlohmann::json& report, const std::string& lab,
                                const std::string& name) {
  for (const auto& l : report["labs"]) {
    if (l.value("id", "") != lab) continue;
    for (const auto& p : l["perf"]) {
      if (p.value("name", "") == name) return &p;
    }
  }
  return nullptr;
}

nlohmann::json grade_json(const std::vector<std::string>& args, const TempDir& dir,
                          grader::Outcome* outcome) {
  const fs::path report = dir.path() / "report.json";
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--format", "json", "-o", report.string()});
  *outcome = run_grader(all);
  return read_json(report);
}

struct PerfCase {
  const char* lab;
  const char* folder;  // in tests/submissions/<lab>/
  std::map<std::string, std::string> must_be;
  std::vector<std::string> perf_never_pass;  // empty: graded with --no-perf
};

std::ostream& operator<<(std::ostream& out, const PerfCase& c) { return out << c.folder; }

const PerfCase kCases[] = {
    {"03-cpu-bound",
     "serial-in-parent",
     {{"process: work done in one child per worker", "failed"}},
     {kPythonWin}},
    {"03-cpu-bound",
     "threads-as-processes",
     {{"process: work done in one child per worker", "failed"}},
     {kPythonWin}},
    {"03-cpu-bound",
     "fork-in-thread-version",
     {{"thread: work done in one thread per worker", "failed"}},
     {}},
    {"03-cpu-bound",
     "big-lock-threads",
     {{"thread: work done in one thread per worker", "failed"}},
     {kNativeScale}},
    {"03-cpu-bound",
     "overlapping-pieces",
     {{"thread: counts with the native kernel", "failed"},
      {"thread: counts with the python kernel", "failed"}},
     {}},
    {"04-io-bound",
     "serial-fetch",
     {{"process: at most C requests in flight, and close to C", "failed"}},
     {kIoWin}},
    {"04-io-bound",
     "unbounded-threads",
     {{"thread: at most C requests in flight, and close to C", "failed"}},
     {kIoWin}},
};

class WrongSubmissionsPerf : public testing::TestWithParam<PerfCase> {};

TEST_P(WrongSubmissionsPerf, GetTheirVerdictAndNeverAPerfPass) {
  const PerfCase& c = GetParam();
  TempDir dir;
  assemble_submission(dir.path() / "sub", c.lab,
                      source_dir() / "tests/submissions" / c.lab / c.folder);
  std::vector<std::string> args = {"grade", "--submission", (dir.path() / "sub").string(), "--lab",
                                   c.lab};
  if (c.perf_never_pass.empty()) args.push_back("--no-perf");
  grader::Outcome o;
  auto json = grade_json(args, dir, &o);
  EXPECT_EQ(o.exit_code, 1) << o.output;
  for (const auto& [name, status] : c.must_be) {
    const auto* check = find_check(json, c.lab, name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_EQ((*check)["status"], status) << name << "\n" << (*check)["output"].get<std::string>();
  }
  for (const auto& name : c.perf_never_pass) {
    const auto* perf = find_perf(json, c.lab, name);
    ASSERT_NE(perf, nullptr) << name;
    EXPECT_NE((*perf)["verdict"], "pass") << name << ": " << (*perf)["detail"].get<std::string>();
  }
}

INSTANTIATE_TEST_SUITE_P(Perf, WrongSubmissionsPerf, testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           std::string name = std::string(param_info.param.lab).substr(0, 2) + "_" +
                                              param_info.param.folder;
                           for (auto& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(Perf, ReferenceLab03NeverFails) {
  TempDir dir;
  grader::Outcome o;
  auto json = grade_json({"grade", "--submission", "solutions", "--lab", "03"}, dir, &o);
  EXPECT_EQ(json["score"], json["max_score"]) << o.output;
  ASSERT_EQ(json["labs"][0]["perf"].size(), 2u);
  for (const auto& perf : json["labs"][0]["perf"]) {
    EXPECT_NE(perf["verdict"], "fail") << perf["name"] << ": " << perf["detail"].get<std::string>();
    EXPECT_FALSE(perf["detail"].get<std::string>().empty()) << "every verdict says why";
  }
  EXPECT_NE(o.exit_code, 1) << "no failed check, no failed perf\n" << o.output;
}

TEST(Perf, OneUsableCoreLeavesCpuInconclusiveAndIoJudged) {
  TempDir dir;
  grader::Outcome o;
  const fs::path report = dir.path() / "report.json";
  grader::Command command;
  command.argv = {"taskset",      "-c",        "0",     PTLABS_GRADER, "grade",
                  "--submission", "solutions", "--lab", "03",          "--lab",
                  "04",           "--format",  "json",  "-o",          report.string()};
  command.workdir = source_dir();
  command.limits.wall_s = 280;
  o = grader::run_command(command);
  auto json = read_json(report);
  EXPECT_EQ(json["machine"]["usable_cores"], 1) << o.output;
  ASSERT_EQ(json["labs"].size(), 2u) << o.output;
  for (const auto& perf : json["labs"][0]["perf"]) {
    EXPECT_EQ(perf["verdict"], "inconclusive") << perf["name"];
    EXPECT_NE(perf["detail"].get<std::string>().find("1 usable core"), std::string::npos)
        << perf["detail"].get<std::string>();
  }
  // I/O-bound work needs no second core: lab 04's check is judged, and never fails.
  ASSERT_EQ(json["labs"][1]["perf"].size(), 1u);
  const auto& io = json["labs"][1]["perf"][0];
  EXPECT_NE(io["verdict"], "fail") << io["detail"].get<std::string>();
  EXPECT_GT(io["ratio"].get<double>(), 0) << "measured, not skipped";
  EXPECT_EQ(o.exit_code, 0) << "inconclusive is not a failure\n" << o.output;
}

}  // namespace
}  // namespace ptlabs::e2e
