// The grader's command line as a user meets it: usage errors and listing.
#include <gtest/gtest.h>

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
