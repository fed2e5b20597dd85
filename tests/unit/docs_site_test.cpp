// The docs site model: pages, reading order, navigation, link rewriting,
// folded hints, the measured table; over an in-memory checkout.
#include "docs_site.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "site_html.hpp"

namespace ptlabs::grader {
namespace {

// The in-memory fake of the checkout: files by path, folders implied.
class MemoryRepo : public RepoFiles {
 public:
  std::map<std::string, std::string> files;

  Kind kind(const std::string& path) const override {
    if (files.count(path) != 0) return Kind::kFile;
    const std::string prefix = path.empty() ? "" : path + "/";
    for (const auto& [name, bytes] : files) {
      if (name.rfind(prefix, 0) == 0) return Kind::kDirectory;
    }
    return Kind::kMissing;
  }
  bool read(const std::string& path, std::string* bytes) const override {
    auto it = files.find(path);
    if (it == files.end()) return false;
    *bytes = it->second;
    return true;
  }
  // Backwards on purpose: the site must not depend on the order a folder lists in.
  std::vector<std::string> list(const std::string& dir) const override {
    std::vector<std::string> names;
    const std::string prefix = dir.empty() ? "" : dir + "/";
    for (const auto& [name, bytes] : files) {
      if (name.rfind(prefix, 0) != 0) continue;
      const std::string rest = name.substr(prefix.size());
      const size_t slash = rest.find('/');
      const std::string entry = slash == std::string::npos ? rest : rest.substr(0, slash + 1);
      if (std::find(names.begin(), names.end(), entry) == names.end()) names.push_back(entry);
    }
    std::reverse(names.begin(), names.end());
    return names;
  }
};

Lab make_lab(const std::string& id, int number, const std::string& title) {
  Lab lab;
  lab.id = id;
  lab.number = number;
  lab.title = title;
  lab.teaches = "what " + id + " teaches";
  Check check;
  check.name = "process: one child per job";
  check.points = 3;
  lab.checks.push_back(check);
  lab.perf.push_back({"threads beat processes", "io"});
  return lab;
}

struct Fixture {
  MemoryRepo repo;
  Catalog catalog;
  MeasuredTable table;
  Site site;

  Fixture() {
    catalog.labs.push_back(make_lab("01-spawn", 1, "Spawn & <wait>"));
    catalog.labs.push_back(make_lab("03-cpu-bound", 3, "CPU-bound"));
    repo.files = {
        {"docs/index.md", "# Processes and threads\n\nStart with [the first](01-first.md).\n"},
        {"docs/02-second.md",
         "# Pipes & `<fork>`\n\n## The section\n\nBack to [one](01-first.md#why-it-matters).\n"
         "\n<!-- ptlabs:measured-table -->\n"},
        {"docs/01-first.md",
         "# First\n\n## Why it matters\n\n"
         "[next](02-second.md) [sec](02-second.md#the-section) [lab](../labs/01-spawn/README.md) "
         "[lab folder](../labs/03-cpu-bound/) [task](../labs/01-spawn/task.hpp) "
         "[line](../labs/01-spawn/task.hpp#L2) [here](#why-it-matters) "
         "[web](https://example.org/x) [root](/docs/02-second.md) [common](../labs/common/) "
         "![pic](pic.png)\n"},
        {"labs/01-spawn/README.md",
         "# Lab 01\n\nRead [the chapter](../../docs/01-first.md) and `task.hpp` "
         "([it](task.hpp)).\n\n<details open><summary>Hint 1</summary>\n\nFork.\n\n</details>\n"
         "\n<DETAILS class=\"h\" open=\"\"><summary>Hint 2</summary>\n\nWait.\n\n</DETAILS>\n"},
        {"labs/01-spawn/task.hpp", "#pragma once\nint f(int a) { return a < 1; }\n"},
        {"labs/01-spawn/process.cpp", "// process\n"},
        {"labs/03-cpu-bound/README.md", "# Lab 03\n\nCount primes.\n"},
        {"labs/common/include/ptlabs/kernel.hpp", "// kernel\n"},
        {"labs/common/CMakeLists.txt", "add_library()\n"},
        {"docs/pic.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)},
    };
  }

  void build() {
    std::string err;
    ASSERT_TRUE(build_site(catalog, repo, table, &site, &err)) << err;
  }
  const SiteFile* file(const std::string& path) const {
    for (const auto& f : site.files) {
      if (f.path == path) return &f;
    }
    return nullptr;
  }
  std::string page(const std::string& path) const {
    const SiteFile* f = file(path);
    EXPECT_NE(f, nullptr) << "no " << path;
    return f == nullptr ? "" : f->bytes;
  }
  std::string problems() const {
    std::string all;
    for (const auto& p : site.problems) all += p + "\n";
    return all;
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DocsSite, OnePagePerChapterAndLabInReadingOrder) {
  Fixture f;
  f.build();
  std::vector<std::string> pages;
  for (const auto& file : f.site.files) {
    if (file.is_page && file.path.rfind("source/", 0) != 0) pages.push_back(file.path);
  }
  const std::vector<std::string> expected = {"index.html", "chapters/01-first.html",
                                             "chapters/02-second.html", "labs/01-spawn.html",
                                             "labs/03-cpu-bound.html"};
  EXPECT_EQ(pages, expected);
  ASSERT_NE(f.file("style.css"), nullptr);
  EXPECT_FALSE(f.file("style.css")->is_page);
}

TEST(DocsSite, PreviousAndNextFollowTheReadingOrder) {
  Fixture f;
  f.build();
  struct Case {
    const char* page;
    const char* prev;  // "" for none
    const char* next;
  } cases[] = {
      {"index.html", "", "chapters/01-first.html"},
      {"chapters/01-first.html", "../index.html", "../chapters/02-second.html"},
      {"chapters/02-second.html", "../chapters/01-first.html", "../labs/01-spawn.html"},
      {"labs/01-spawn.html", "../chapters/02-second.html", "../labs/03-cpu-bound.html"},
      {"labs/03-cpu-bound.html", "../labs/01-spawn.html", ""},
  };
  for (const auto& c : cases) {
    const std::string html = f.page(c.page);
    const std::string prev = std::string("rel=\"prev\" href=\"") + c.prev + "\"";
    const std::string next = std::string("rel=\"next\" href=\"") + c.next + "\"";
    EXPECT_EQ(contains(html, "rel=\"prev\""), *c.prev != '\0') << c.page;
    EXPECT_EQ(contains(html, "rel=\"next\""), *c.next != '\0') << c.page;
    if (*c.prev != '\0') {
      EXPECT_TRUE(contains(html, prev)) << c.page << "\n" << html;
    }
    if (*c.next != '\0') {
      EXPECT_TRUE(contains(html, next)) << c.page << "\n" << html;
    }
  }
}

TEST(DocsSite, EveryPageHasTheSidebarWithItselfMarked) {
  Fixture f;
  f.build();
  const std::string lab = f.page("labs/01-spawn.html");
  const size_t first = lab.find("../chapters/01-first.html\">First</a>");
  const size_t second = lab.find("../chapters/02-second.html\">Pipes &amp; &lt;fork&gt;</a>");
  const size_t lab1 = lab.find("href=\"../labs/01-spawn.html\" aria-current=\"page\"");
  const size_t lab3 = lab.find("href=\"../labs/03-cpu-bound.html\">Lab 03 · CPU-bound</a>");
  ASSERT_NE(first, std::string::npos) << lab;
  ASSERT_NE(second, std::string::npos) << lab;
  ASSERT_NE(lab1, std::string::npos) << lab;
  ASSERT_NE(lab3, std::string::npos) << lab;
  EXPECT_LT(first, second);
  EXPECT_LT(second, lab1);
  EXPECT_LT(lab1, lab3);
  const std::string index = f.page("index.html");
  EXPECT_TRUE(contains(index, "<h2 id=\"contents-chapters\">Chapters</h2>")) << index;
  EXPECT_TRUE(contains(index, "what 03-cpu-bound teaches")) << index;
  EXPECT_TRUE(contains(index, "href=\"style.css\"")) << index;
  EXPECT_TRUE(contains(f.page("chapters/01-first.html"), "href=\"../style.css\""));
}

TEST(DocsSite, TitlesAreEscaped) {
  Fixture f;
  f.build();
  EXPECT_TRUE(contains(f.page("chapters/02-second.html"),
                       "<title>Pipes &amp; &lt;fork&gt; — ptlabs</title>"));
  EXPECT_TRUE(contains(f.page("labs/01-spawn.html"),
                       "<title>Lab 01 · Spawn &amp; &lt;wait&gt; — ptlabs</title>"));
  EXPECT_FALSE(contains(f.page("index.html"), "<wait>"));
}

TEST(DocsSite, RelativeLinksLeadToTheirPages) {
  Fixture f;
  f.build();
  const std::string html = f.page("chapters/01-first.html");
  struct Case {
    const char* written;
    const char* href;
  } cases[] = {
      {"chapter", "href=\"../chapters/02-second.html\""},
      {"chapter and anchor", "href=\"../chapters/02-second.html#the-section\""},
      {"lab README", "href=\"../labs/01-spawn.html\""},
      {"lab folder", "href=\"../labs/03-cpu-bound.html\""},
      {"source file", "href=\"../source/labs/01-spawn/task.hpp.html\""},
      {"source line", "href=\"../source/labs/01-spawn/task.hpp.html#L2\""},
      {"same page anchor", "href=\"#why-it-matters\""},
      {"web link kept", "href=\"https://example.org/x\""},
      {"checkout-root path", "href=\"../chapters/02-second.html\""},
      {"folder listing", "href=\"../source/labs/common/index.html\""},
      {"binary file copied", "src=\"../files/docs/pic.png\""},
  };
  for (const auto& c : cases) EXPECT_TRUE(contains(html, c.href)) << c.written << "\n" << html;
  EXPECT_TRUE(contains(f.page("labs/01-spawn.html"), "href=\"../chapters/01-first.html\""));
  EXPECT_TRUE(f.site.problems.empty()) << f.problems();
}

TEST(DocsSite, LinkedFilesGetSourcePagesListingsAndCopies) {
  Fixture f;
  f.build();
  const std::string source = f.page("source/labs/01-spawn/task.hpp.html");
  EXPECT_TRUE(contains(source, "<span class=\"line\" id=\"L2\">int f(int a) { return a &lt; 1; }"))
      << source;
  EXPECT_TRUE(contains(source, "href=\"../../../style.css\"")) << source;
  const std::string listing = f.page("source/labs/common/index.html");
  EXPECT_TRUE(contains(listing, "href=\"../../../source/labs/common/CMakeLists.txt.html\""))
      << listing;
  EXPECT_TRUE(contains(listing, "<code>include/</code>")) << listing;
  EXPECT_NE(f.file("source/labs/common/CMakeLists.txt.html"), nullptr);
  ASSERT_NE(f.file("files/docs/pic.png"), nullptr);
  EXPECT_EQ(f.file("files/docs/pic.png")->bytes, f.repo.files["docs/pic.png"]);
}

TEST(DocsSite, BrokenLinksAndAnchorsAreReportedAndNotLinked) {
  Fixture f;
  f.repo.files["docs/02-second.md"] +=
      "\n[gone](03-gone.md) [bad](01-first.md#no-such-part) [out](../../etc/passwd) "
      "[line](../labs/01-spawn/task.hpp#L99)\n";
  f.build();
  const std::string html = f.page("chapters/02-second.html");
  EXPECT_FALSE(contains(html, "03-gone")) << html;
  EXPECT_FALSE(contains(html, "passwd")) << html;
  const std::string problems = f.problems();
  ASSERT_EQ(f.site.problems.size(), 4u) << problems;
  EXPECT_TRUE(contains(problems, "'03-gone.md' points to docs/03-gone.md, which does not exist"))
      << problems;
  EXPECT_TRUE(contains(problems, "#no-such-part")) << problems;
  EXPECT_TRUE(contains(problems, "out of the checkout")) << problems;
  EXPECT_TRUE(contains(problems, "#L99")) << problems;
}

TEST(DocsSite, LabPagesFoldTheirHintsAndShowTheCatalogueFacts) {
  Fixture f;
  f.build();
  const std::string html = f.page("labs/01-spawn.html");
  EXPECT_FALSE(contains(html, "open>")) << html;
  EXPECT_FALSE(contains(html, "open=")) << html;
  EXPECT_TRUE(contains(html, "<details><summary>Hint 1</summary>")) << html;
  EXPECT_TRUE(contains(html, "<details class=\"h\"><summary>Hint 2</summary>")) << html;
  EXPECT_TRUE(contains(html, "3 points in 1 checks")) << html;
  EXPECT_TRUE(contains(html, "<td>process: one child per job</td><td>3</td>")) << html;
  EXPECT_TRUE(contains(html, "threads beat processes")) << html;
  EXPECT_TRUE(contains(html, "grader grade --lab 01-spawn")) << html;
  EXPECT_TRUE(contains(html, "href=\"../source/labs/01-spawn/process.cpp.html\"")) << html;
  EXPECT_LT(html.find("</h1>"), html.find("class=\"facts\"")) << html;
}

TEST(DocsSite, FoldDetailsRemovesOnlyTheOpenAttribute) {
  struct Case {
    const char* html;
    const char* folded;
  } cases[] = {
      {"<details open><summary>a</summary>", "<details><summary>a</summary>"},
      {"<details\nopen class='x y'>", "<details class='x y'>"},
      {"<DETAILS OPEN=\"open\" id=a>", "<details id=a>"},
      {"<details data-open=\"1\">", "<details data-open=\"1\">"},
      {"<detailsx open>", "<detailsx open>"},
      {"text <details>", "text <details>"},
  };
  for (const auto& c : cases) EXPECT_EQ(fold_details(c.html), c.folded) << c.html;
}

TEST(DocsSite, MeasuredTableWhereTheChapterAsksForIt) {
  Fixture f;
  f.table.json = nlohmann::json::parse(R"({
    "machine": {"usable_cores": 2, "online_cores": 4, "cpu_model": "Test CPU", "kernel": "6.1"},
    "rows": [{"criterion": "CPU-bound", "process": "wins", "thread": "GIL <waits>",
              "lab": "03-cpu-bound", "measured": true, "evidence": "x1.6 vs x1.0"},
             {"criterion": "Footprint", "process": "more", "thread": "less",
              "lab": "06-footprint", "measured": false, "evidence": "lab not built"}]})");
  f.table.origin = "Measured by grader table on 2026-11-23 08:00 UTC.";
  f.build();
  const std::string html = f.page("chapters/02-second.html");
  EXPECT_FALSE(contains(html, "ptlabs:measured-table")) << html;
  EXPECT_TRUE(contains(html, "<td>GIL &lt;waits&gt;</td><td>x1.6 vs x1.0</td>")) << html;
  EXPECT_TRUE(contains(html, "<a href=\"../labs/03-cpu-bound.html\">03-cpu-bound</a>")) << html;
  EXPECT_TRUE(contains(html, "<td>06-footprint</td>")) << html;  // not in this catalogue
  EXPECT_TRUE(contains(html, "2 usable cores of 4, Test CPU")) << html;
  EXPECT_TRUE(contains(html, "2026-11-23 08:00 UTC")) << html;
  EXPECT_TRUE(f.site.problems.empty()) << f.problems();
}

TEST(DocsSite, WithoutAMeasuredTableTheChapterSaysHowToGetOne) {
  Fixture f;
  f.build();
  const std::string html = f.page("chapters/02-second.html");
  EXPECT_TRUE(contains(html, "No measured table yet. Run <code>grader table</code>")) << html;
  EXPECT_FALSE(contains(f.page("chapters/01-first.html"), "No measured table")) << "no marker";

  Fixture bad;
  bad.table.json = nlohmann::json::parse(R"({"rows": [{"criterion": 1}]})");
  bad.table.origin = "from t.json";
  bad.build();
  EXPECT_TRUE(contains(bad.page("chapters/02-second.html"), "No measured table yet"));
  EXPECT_TRUE(contains(bad.problems(), "is not what `grader table --format json` writes"))
      << bad.problems();
}

TEST(DocsSite, AMissingIndexOrReadmeIsAProblemButTheSiteIsWhole) {
  Fixture f;
  f.repo.files.erase("docs/index.md");
  f.repo.files.erase("labs/03-cpu-bound/README.md");
  f.build();
  EXPECT_TRUE(contains(f.problems(), "docs/index.md is missing")) << f.problems();
  EXPECT_TRUE(contains(f.problems(), "labs/03-cpu-bound/README.md is missing")) << f.problems();
  EXPECT_TRUE(contains(f.page("labs/03-cpu-bound.html"), "is not written yet"));
  EXPECT_TRUE(contains(f.page("index.html"), "contents-labs"));
}

TEST(DocsSite, PathsResolveInsideTheCheckoutOnly) {
  struct Case {
    const char* from;
    const char* link;
    std::optional<std::string> resolved;
  } cases[] = {
      {"docs/01-a.md", "02-b.md", "docs/02-b.md"},
      {"docs/01-a.md", "../labs/03-cpu-bound/README.md", "labs/03-cpu-bound/README.md"},
      {"docs/01-a.md", "./x/../y.md", "docs/y.md"},
      {"labs/01-spawn/README.md", "/docs/index.md", "docs/index.md"},
      {"docs/01-a.md", "..", ""},
      {"docs/01-a.md", "../../x", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(resolve_repo_path(c.from, c.link), c.resolved) << c.link;
  EXPECT_EQ(relative_url("chapters/01-a.html", "labs/01-spawn.html"), "../labs/01-spawn.html");
  EXPECT_EQ(relative_url("index.html", "chapters/a b.html"), "chapters/a%20b.html");
}

}  // namespace
}  // namespace ptlabs::grader
