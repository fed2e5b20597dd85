// The grader's command line as a user meets it: usage errors and listing.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {

TEST(Cli, BadInputGetsAClearMessageAndExitTwo) {
  TempDir empty;
  struct Case {
    const char* name;
    std::vector<std::string> args;
    const char* says;
  } cases[] = {
      {"missing submission", {"grade", "--submission", "/nonexistent/sub"}, "does not exist"},
      {"folder without lab files",
       {"grade", "--submission", empty.path().string()},
       "no lab folder found"},
      {"unknown lab", {"grade", "--lab", "42"}, "unknown lab '42'; known labs: 01-spawn"},
      {"lab missing from submission",
       {"grade", "--submission", empty.path().string(), "--lab", "01"},
       "has no folder 01-spawn/"},
      {"unknown format", {"grade", "--format", "pdf"}, "unknown format 'pdf'"},
      {"unknown option", {"grade", "--frobnicate"}, "frobnicate"},
      {"bad time scale", {"grade", "--time-scale", "0"}, "--time-scale"},
      {"unknown command", {"frobnicate"}, "unknown command 'frobnicate'"},
      {"no command", {}, "usage: grader"},
  };
  for (const auto& c : cases) {
    grader::Outcome o = run_grader(c.args, 60);
    EXPECT_EQ(o.exit_code, 2) << c.name << "\n" << o.output;
    EXPECT_NE(o.output.find(c.says), std::string::npos) << c.name << "\n" << o.output;
  }
}

TEST(Cli, ListPrintsTheCatalogue) {
  grader::Outcome o = run_grader({"list"}, 60);
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("01-spawn"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("points"), std::string::npos) << o.output;
}

TEST(Cli, HelpDocumentsTheExitStatuses) {
  grader::Outcome o = run_grader({"grade", "--help"}, 60);
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.output.find("--submission"), std::string::npos);
  EXPECT_NE(o.output.find("3 the grader itself failed"), std::string::npos) << o.output;
}

}  // namespace
}  // namespace ptlabs::e2e

namespace ptlabs::e2e {
namespace {

TEST(Cli, EveryReportFormatIsWrittenWhole) {
  TempDir dir;
  struct Case {
    const char* format;
    const char* expect;
  } cases[] = {{"gradescope", "\"execution_time\""},
               {"junit", "<testsuite name=\"01-spawn\""},
               {"markdown", "## ptlabs: 19/19"},
               {"json", "\"max_score\": 19"}};
  for (const auto& c : cases) {
    const auto path = dir.path() / (std::string("report.") + c.format);
    grader::Outcome o = run_grader({"grade", "--submission", "solutions", "--lab", "01", "--format",
                                    c.format, "-o", path.string()});
    EXPECT_EQ(o.exit_code, 0) << c.format << "\n" << o.output;
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(c.expect), std::string::npos) << c.format << ":\n" << text.substr(0, 400);
  }
}

}  // namespace
}  // namespace ptlabs::e2e
