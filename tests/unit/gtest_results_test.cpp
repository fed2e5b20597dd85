#include "gtest_results.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

const char* const kResults = R"({
  "tests": 3, "failures": 1,
  "testsuites": [
    {"name": "ProcessModel", "testsuite": [
      {"name": "Distinct", "status": "RUN", "result": "COMPLETED", "time": "0.25s"},
      {"name": "Values", "status": "RUN", "result": "COMPLETED", "time": "0s",
       "failures": [{"failure": "a.cpp:3\nExpected equality", "type": ""},
                    {"failure": "second", "type": ""}]}
    ]},
    {"name": "ThreadModel", "testsuite": [
      {"name": "Skipped", "status": "RUN", "result": "SKIPPED", "time": "0s"},
      {"name": "Filtered", "status": "NOTRUN", "result": "SUPPRESSED", "time": "0s"}
    ]}
  ]
})";

TEST(GtestResults, ReadsStatusFailuresAndTimes) {
  std::vector<GtestCase> cases;
  std::string err;
  ASSERT_TRUE(parse_gtest_json(kResults, &cases, &err)) << err;
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(cases[0].full_name(), "ProcessModel.Distinct");
  EXPECT_TRUE(cases[0].ran);
  EXPECT_TRUE(cases[0].passed);
  EXPECT_DOUBLE_EQ(cases[0].seconds, 0.25);
  EXPECT_TRUE(cases[1].ran);
  EXPECT_FALSE(cases[1].passed);
  EXPECT_EQ(cases[1].failures, "a.cpp:3\nExpected equality\nsecond");
  EXPECT_FALSE(cases[2].ran) << "skipped is not run";
  EXPECT_TRUE(cases[2].skipped);
  EXPECT_FALSE(cases[3].ran) << "filtered out is not run";
  EXPECT_FALSE(cases[3].skipped) << "filtered out is not skipped";
  EXPECT_FALSE(cases[0].skipped);
}

TEST(GtestResults, RejectsWhatIsNotAResultDocument) {
  std::vector<GtestCase> cases;
  std::string err;
  for (const char* bad : {"", "{", "[]", "{\"tests\": 1}", "{\"testsuites\": 3}"}) {
    EXPECT_FALSE(parse_gtest_json(bad, &cases, &err)) << bad;
  }
}

}  // namespace
}  // namespace ptlabs::grader
