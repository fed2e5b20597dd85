// The HTML report end to end: the real grader grades the reference of the labs
// whose perf checks record chart data, perf on, and writes --format html; the
// page must hold each lab's charts, and headless Chromium must render it to a
// page that is not blank. Charts, not verdicts, are asserted: on a loaded
// 2-core machine a verdict may well be inconclusive, but the trials that led to
// it are still drawn.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "chromium_support.hpp"
#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct HtmlCase {
  const char* lab;
  std::vector<std::string> chart_titles;  // each must head an SVG of the page
  std::size_t svgs;                       // how many charts the lab's perf checks draw
};

std::ostream& operator<<(std::ostream& out, const HtmlCase& c) { return out << c.lab; }

const HtmlCase kCases[] = {
    {"03-cpu-bound",
     {"Speedup over one thread, against workers",
      "Kernel calls per worker, python kernel (median trials)",
      "Kernel calls per worker, native kernel (median trials)"},
     3},
    {"04-io-bound", {"Threads against processes on I/O-bound work (medians)"}, 1},
    {"06-footprint",
     {"Memory per worker (medians)", "Copy-on-write: reading the table is free, writing it is not"},
     2},
    {"08-scheduler", {"When each worker ran (median trials)"}, 1},
};

class HtmlReport : public testing::TestWithParam<HtmlCase> {};

TEST_P(HtmlReport, ReferenceWithPerfHasItsChartsAndRenders) {
  const HtmlCase& c = GetParam();
  TempDir dir;
  const fs::path page = dir.path() / "report.html";
  const grader::Outcome o = run_grader({"grade", "--submission", "solutions", "--lab", c.lab,
                                        "--format", "html", "-o", page.string()});
  ASSERT_TRUE(fs::exists(page)) << o.output;
  EXPECT_NE(o.exit_code, 1) << "the reference never fails\n" << o.output;
  const std::string html = read_text(page);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<svg "), c.svgs) << html;
  for (const auto& title : c.chart_titles) {
    EXPECT_NE(html.find("<title>" + title + "</title>"), std::string::npos) << title;
  }
  EXPECT_EQ(html.find("No chart for"), std::string::npos) << "every perf check measured";
  EXPECT_EQ(html.find("<script"), std::string::npos);

  if (chromium_binary().empty()) GTEST_SKIP() << "no Chromium: ./run.sh test installs it";
  std::string dom, err;
  ASSERT_TRUE(chromium_dump_dom(page, &dom, &err)) << err;
  EXPECT_EQ(count(dom, "<svg "), c.svgs) << "the browser parsed every chart as SVG";
  const fs::path png = dir.path() / "report.png";
  ASSERT_TRUE(chromium_screenshot(page, png, 1000, 1400, &err)) << err;
  const double ink = png_ink_fraction(png, &err);
  ASSERT_GE(ink, 0) << err;
  EXPECT_GT(ink, 0.02) << "the page renders, it is not blank";
}

INSTANTIATE_TEST_SUITE_P(Perf, HtmlReport, testing::ValuesIn(kCases), [](const auto& param_info) {
  std::string name = std::string("Lab") + std::string(param_info.param.lab).substr(0, 2);
  return name;
});

TEST(HtmlReport, WithoutPerfEachLabSaysWhyThereIsNoChart) {
  TempDir dir;
  const fs::path page = dir.path() / "report.html";
  const grader::Outcome o = run_grader({"grade", "--submission", "solutions", "--lab", "04",
                                        "--format", "html", "-o", page.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  const std::string html = read_text(page);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("No performance measurements for this lab"), std::string::npos) << html;
  EXPECT_NE(html.find("<p class=\"score full\">"), std::string::npos) << "full marks";
}

}  // namespace
}  // namespace ptlabs::e2e
