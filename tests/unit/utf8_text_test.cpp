#include "utf8_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report_json.hpp"

namespace ptlabs::grader {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(ValidUtf8, KeepsWellFormedText) {
  EXPECT_EQ(valid_utf8("plain ascii\n"), "plain ascii\n");
  const std::string mixed = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";  // é € 😀
  EXPECT_EQ(valid_utf8(mixed), mixed);
  EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(ValidUtf8, ReplacesEachBadByte) {
  EXPECT_EQ(valid_utf8("\xFF\xFE"), kReplacement + kReplacement);
  EXPECT_EQ(valid_utf8("x\x80y"), "x" + kReplacement + "y") << "a stray continuation byte";
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kReplacement + kReplacement) << "an overlong '/'";
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement)
      << "a surrogate";
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80").substr(0, 3), kReplacement) << "past U+10FFFF";
  EXPECT_EQ(valid_utf8("ok\xE2\x82"), "ok" + kReplacement + kReplacement) << "cut short";
}

TEST(ValidUtf8, AReportWithGarbageOutputCanBeWrittenAsJson) {
  GradeReport report;
  LabResult lab;
  lab.id = "01-spawn";
  lab.build.log = "process.cpp:1:1: error: stray '\\377' in program \xFF\x7F\x45LF";
  lab.tests.push_back({"model", TestStatus::kError, 0, 3, "output \x80\x81", 0, "visible"});
  report.labs.push_back(lab);
  EXPECT_THROW((void)to_json(report).dump(), nlohmann::json::type_error) << "the crash it fixes";
  make_valid_utf8(&report);
  std::string text;
  EXPECT_NO_THROW(text = to_json(report).dump());
  EXPECT_NE(text.find("stray"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::grader
