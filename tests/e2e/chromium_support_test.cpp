// The browser seam itself: a blank page must read as blank and a drawn one must
// not, or the "renders, not blank" tests of the site and the report prove nothing.
#include <gtest/gtest.h>

#include <fstream>

#include "chromium_support.hpp"
#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(Chromium, IsInstalled) {
  EXPECT_FALSE(chromium_binary().empty()) << "./run.sh test installs Debian's chromium";
}

TEST(Chromium, BlankPageHasNoInkAndDrawnPageHas) {
  TempDir dir;
  write(dir.path() / "blank.html", "<!doctype html><html><body></body></html>");
  write(dir.path() / "drawn.html",
        "<!doctype html><html><body><h1>Process or thread?</h1>"
        "<svg width='200' height='100'><rect width='120' height='60' fill='#c33'/></svg>"
        "</body></html>");
  std::string err;
  ASSERT_TRUE(
      chromium_screenshot(dir.path() / "blank.html", dir.path() / "blank.png", 640, 480, &err))
      << err;
  ASSERT_TRUE(
      chromium_screenshot(dir.path() / "drawn.html", dir.path() / "drawn.png", 640, 480, &err))
      << err;
  const double blank = png_ink_fraction(dir.path() / "blank.png", &err);
  ASSERT_GE(blank, 0) << err;
  const double drawn = png_ink_fraction(dir.path() / "drawn.png", &err);
  ASSERT_GE(drawn, 0) << err;
  EXPECT_EQ(blank, 0);
  EXPECT_GT(drawn, 0.01);
}

TEST(Chromium, DumpDomRunsTheParser) {
  TempDir dir;
  write(dir.path() / "page.html", "<title>t</title><p id=x>one<p>two");
  std::string dom, err;
  ASSERT_TRUE(chromium_dump_dom(dir.path() / "page.html", &dom, &err)) << err;
  // The parser closed the paragraphs and added the body: this is the browser's DOM, not the file.
  EXPECT_NE(dom.find("<p id=\"x\">one</p>"), std::string::npos) << dom;
  EXPECT_NE(dom.find("<body>"), std::string::npos) << dom;
}

TEST(Chromium, NotAPngIsAnError) {
  TempDir dir;
  write(dir.path() / "fake.png", "not a picture");
  std::string err;
  EXPECT_LT(png_ink_fraction(dir.path() / "fake.png", &err), 0);
  EXPECT_NE(err.find("not a PNG"), std::string::npos) << err;
}

}  // namespace
}  // namespace ptlabs::e2e
