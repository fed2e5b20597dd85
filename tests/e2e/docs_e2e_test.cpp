// `grader docs` on the real checkout: every page there, every internal link
// and anchor resolving, nothing fetched from outside, the tutorial's topics
// present, and pages that a real browser renders as more than a blank page.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog.hpp"
#include "chromium_support.hpp"
#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Text a reader sees: tags dropped, the common entities decoded, lower case.
std::string visible_text(const std::string& html) {
  std::string text = std::regex_replace(html, std::regex("<[^>]*>"), " ");
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t at; (at = text.find(entity)) != std::string::npos;)
      text.replace(at, entity.size(), c);
  }
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::regex_replace(text, std::regex("\\s+"), " ");
}

// One `grader docs` run for the whole suite.
class DocsSite : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    outcome_ = new grader::Outcome(run_grader({"docs", "--out", site().string()}, 120));
  }
  static void TearDownTestSuite() {
    delete outcome_;
    delete dir_;
  }
  static fs::path site() { return dir_->path() / "site"; }
  static std::vector<fs::path> files_ending(const std::string& suffix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(site())) {
      const std::string name = e.path().string();
      if (e.is_regular_file() && name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        out.push_back(e.path());
      }
    }
    return out;
  }

  static TempDir* dir_;
  static grader::Outcome* outcome_;
};
TempDir* DocsSite::dir_ = nullptr;
grader::Outcome* DocsSite::outcome_ = nullptr;

TEST_F(DocsSite, WritesTheSiteAndSaysHowBigAndHowFast) {
  EXPECT_EQ(outcome_->exit_code, 0) << outcome_->output;
  EXPECT_TRUE(std::regex_search(outcome_->output,
                                std::regex("site: [0-9]+ pages, [0-9]+ files, [0-9.]+ [KM]iB, in "
                                           "[0-9.]+ s")))
      << outcome_->output;
}

TEST_F(DocsSite, EveryChapterAndLabHasItsPage) {
  std::vector<std::string> expected = {"index.html", "style.css"};
  for (const auto& e : fs::directory_iterator(source_dir() / "docs")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".md" && name != "index.md") {
      expected.push_back("chapters/" + e.path().stem().string() + ".html");
    }
  }
  grader::Catalog catalog;
  std::string err;
  ASSERT_TRUE(grader::load_catalog(source_dir() / "labs/labs.toml", &catalog, &err)) << err;
  ASSERT_FALSE(catalog.labs.empty());
  for (const auto& lab : catalog.labs) expected.push_back("labs/" + lab.id + ".html");
  EXPECT_GE(expected.size(), 12u) << "the checkout should have chapters";
  for (const auto& page : expected) {
    EXPECT_TRUE(fs::is_regular_file(site() / page)) << page << "\n" << outcome_->output;
    EXPECT_GT(fs::file_size(site() / page), 200u) << page;
  }
}

TEST_F(DocsSite, EveryInternalLinkAndAnchorResolves) {
  const std::regex attr("(href|src)=\"([^\"]*)\"");
  std::map<fs::path, std::string> cache;
  int checked = 0;
  for (const auto& page : files_ending(".html")) {
    const std::string html = slurp(page);
    for (std::sregex_iterator it(html.begin(), html.end(), attr), end; it != end; ++it) {
      const std::string url = (*it)[2];
      if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 ||
          url.rfind("mailto:", 0) == 0) {
        EXPECT_EQ((*it)[1], "href") << page << ": an asset from outside: " << url;
        continue;
      }
      const size_t hash = url.find('#');
      const std::string path = percent_decode(url.substr(0, hash));
      const fs::path target = path.empty() ? page : (page.parent_path() / path).lexically_normal();
      ++checked;
      ASSERT_TRUE(fs::is_regular_file(target)) << page << " links to a missing " << url;
      if (hash == std::string::npos || hash + 1 == url.size()) continue;
      if (cache.count(target) == 0) cache[target] = slurp(target);
      const std::string id = "id=\"" + percent_decode(url.substr(hash + 1)) + "\"";
      EXPECT_NE(cache[target].find(id), std::string::npos)
          << page << " links to " << url << ", but " << target << " has no " << id;
    }
  }
  EXPECT_GT(checked, 200) << "too few links: is the sidebar there?";
}

TEST_F(DocsSite, NothingIsFetchedFromOutside) {
  const std::regex outside(
      "<(link|script|img|iframe|source|video|audio)\\b[^>]*(href|src)=\"(https?:)?//"
      "|@import|url\\(\\s*['\"]?(https?:)?//|<script\\b[^>]*\\bsrc=",
      std::regex::icase);
  std::vector<fs::path> files = files_ending(".html");
  for (const auto& css : files_ending(".css")) files.push_back(css);
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const std::string text = slurp(file);
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, outside)) << file << ": " << m.str();
  }
}

TEST_F(DocsSite, HintsStartFoldedAndLabsShowTheirFacts) {
  for (const auto& page : files_ending(".html")) {
    const std::string html = slurp(page);
    EXPECT_FALSE(std::regex_search(html, std::regex("<details[^>]*\\bopen\\b", std::regex::icase)))
        << page;
  }
  const std::string lab = slurp(site() / "labs/01-spawn.html");
  EXPECT_NE(lab.find("<summary>Hint 1"), std::string::npos);
  EXPECT_NE(lab.find("grader grade --lab 01-spawn"), std::string::npos);
}

TEST_F(DocsSite, TheTutorialsTopicsAreAllThere) {
  std::string text;
  for (const auto& page : files_ending(".html")) {
    if (page.string().find("/source/") == std::string::npos) text += visible_text(slurp(page));
  }
  const char* topics[] = {"program",
                          "process",
                          "thread",
                          "fork",
                          "exec",
                          "scheduler",
                          "time slice",
                          "context switch",
                          "multicore",
                          "cpu-bound",
                          "i/o-bound",
                          "gil",
                          "free-threaded",
                          "copy-on-write",
                          "pss",
                          "start time",
                          "memory footprint",
                          "sigterm",
                          "stop_token",
                          "shared memory",
                          "race condition",
                          "pipe"};
  for (const char* topic : topics) {
    // A whole word (plurals too): "gil" inside "fragile" does not count.
    const std::regex word(std::string("(^|[^a-z0-9_])") + topic + "(s|es)?([^a-z0-9_]|$)");
    EXPECT_TRUE(std::regex_search(text, word)) << "no page mentions '" << topic << "'";
  }
}

// The precise version of each claim is taught, and the sentences it replaced,
// each one false or misleading, are gone from every page a reader sees.
TEST_F(DocsSite, TeachesThePreciseVersionNotTheOldSentences) {
  std::string text;
  for (const auto& page : files_ending(".html")) {
    if (page.string().find("/source/") == std::string::npos) text += visible_text(slurp(page));
  }
  const char* present[] = {"pthread_cancel",
                           "pthread_kill",
                           "eintr",
                           "sa_restart",
                           "epoll",
                           "io_uring",
                           "asyncio",
                           "map_shared",
                           "shm_open",
                           "memfd_create",
                           "scm_rights",
                           "shmget",
                           "pep 684",
                           "pep 734",
                           "concurrent.interpreters",
                           "pep 779",
                           "sched_base_slice",
                           "/proc/pid/task/tid/status"};
  for (const char* term : present) {
    EXPECT_NE(text.find(term), std::string::npos) << "no page mentions '" << term << "'";
  }
  // Lower case, whitespace collapsed, markup gone: as visible_text() leaves them.
  const char* gone[] = {
      "a thread cannot be stopped from outside",
      "why a thread cannot.",
      "so c++ offers cooperation and nothing else",
      "the process version can always make it stop",
      "a thread can only be asked to stop",
      "threads cost almost nothing",
      "cost almost nothing",
      "a process and a thread cost the same: nothing",
      "seen by every thread, at once",
      "a write by one thread is seen by all",
      "pay a fork() per worker",
      "processes close to half of it",
      "keeps one lock per interpreter",
      "there is one gil per interpreter",
      "one gil per process. threads that score",
      "a python process uses at most one core for python code",
      "marks the writable pages read-only in both",
      "marks every writable page read-only in both processes",
      "counts a process's voluntary context switches",
      "design notes",
      "design.md",
      "spawning a small program sits in between",
      "posix_spawn() of a small program",
  };
  for (const char* sentence : gone) {
    EXPECT_EQ(text.find(sentence), std::string::npos) << "a page still says '" << sentence << "'";
  }
}

TEST_F(DocsSite, TheMeasuredTableHasItsPlace) {
  // No table saved in a fresh build's place is assumed; --table makes it certain.
  TempDir dir;
  const fs::path table = dir.path() / "table.json";
  std::ofstream(table) << R"({"machine": {"usable_cores": 2, "online_cores": 2,
    "cpu_model": "E2E CPU", "kernel": "6.1"}, "rows": [{"criterion": "CPU-bound work",
    "process": "scales", "thread": "waits for the GIL", "lab": "03-cpu-bound",
    "measured": true, "evidence": "E2E-EVIDENCE x1.7"}]})";
  const grader::Outcome o =
      run_grader({"docs", "--out", (dir.path() / "site").string(), "--table", table.string()}, 120);
  // 1 (a broken link in the docs) is WritesTheSiteAndSaysHowBigAndHowFast's business.
  ASSERT_LT(o.exit_code, 2) << o.output;
  bool found = false;
  for (const auto& e : fs::directory_iterator(source_dir() / "docs")) {
    if (slurp(e.path()).find("<!-- ptlabs:measured-table -->") == std::string::npos) continue;
    const std::string html =
        slurp(dir.path() / "site/chapters" / (e.path().stem().string() + ".html"));
    EXPECT_NE(html.find("E2E-EVIDENCE x1.7"), std::string::npos) << e.path();
    EXPECT_NE(html.find("href=\"../labs/03-cpu-bound.html\""), std::string::npos) << e.path();
    found = true;
  }
  EXPECT_TRUE(found) << "no chapter has the line <!-- ptlabs:measured-table -->";

  const grader::Outcome missing = run_grader({"docs", "--out", (dir.path() / "other").string(),
                                              "--table", (dir.path() / "nope.json").string()},
                                             60);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("grader table --format json"), std::string::npos) << missing.output;
}

TEST(DocsCli, BadOutGetsExitTwoAndASiteIsReplacedWhole) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  fs::create_directories(dir.path() / "foreign");
  std::ofstream(dir.path() / "foreign/keep.txt") << "mine";
  struct Case {
    const char* name;
    fs::path out;
    const char* says;
  } cases[] = {
      {"a file", dir.path() / "file", "is a file"},
      {"a folder of other files", dir.path() / "foreign", "name a new or empty folder"},
  };
  for (const auto& c : cases) {
    const grader::Outcome o = run_grader({"docs", "--out", c.out.string()}, 60);
    EXPECT_EQ(o.exit_code, 2) << c.name << "\n" << o.output;
    EXPECT_NE(o.output.find(c.says), std::string::npos) << c.name << "\n" << o.output;
  }
  EXPECT_TRUE(fs::exists(dir.path() / "foreign/keep.txt"));

  const fs::path out = dir.path() / "site";
  ASSERT_LT(run_grader({"docs", "--out", out.string()}, 120).exit_code, 2);
  std::ofstream(out / "stale.html") << "old";
  const grader::Outcome again = run_grader({"docs", "--out", out.string()}, 120);
  EXPECT_LT(again.exit_code, 2) << again.output;  // 1: a broken link, see above
  EXPECT_FALSE(fs::exists(out / "stale.html"));
  EXPECT_TRUE(fs::exists(out / "index.html"));
}

// `grader table` saves what it measured where `grader docs` looks, so the site
// shows it without measuring again. Measures every row: about a minute on 2 cores.
TEST(DocsCli, GraderTableSavesItsResultForDocs) {
  TempDir dir;
  const fs::path printed = dir.path() / "table.json";
  const grader::Outcome table =
      run_grader({"table", "--format", "json", "-o", printed.string()}, 280);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  const fs::path saved =
      fs::path(PTLABS_GRADER).parent_path().parent_path() / "share/ptlabs/measured-table.json";
  ASSERT_TRUE(fs::exists(saved)) << table.output;
  EXPECT_EQ(slurp(saved), slurp(printed)) << "the saved table is not this run's";
  const nlohmann::json json = read_json(saved);
  ASSERT_TRUE(json.contains("rows") && !json["rows"].empty()) << json.dump();
  const std::string evidence = json["rows"][0].value("evidence", "");
  ASSERT_FALSE(evidence.empty()) << json.dump();

  const grader::Outcome docs = run_grader({"docs", "--out", (dir.path() / "site").string()}, 120);
  ASSERT_LT(docs.exit_code, 2) << docs.output;
  std::string site_text;
  for (const auto& e : fs::directory_iterator(dir.path() / "site/chapters")) {
    site_text += visible_text(slurp(e.path()));
  }
  std::string expected = visible_text(evidence);
  EXPECT_NE(site_text.find(expected), std::string::npos) << expected;
  EXPECT_EQ(site_text.find("no measured table yet"), std::string::npos);
}

TEST(DocsCli, HelpExplainsTheTableAndTheExitStatuses) {
  const grader::Outcome o = run_grader({"docs", "--help"}, 60);
  EXPECT_EQ(o.exit_code, 0);
  for (const char* part :
       {"--out", "--table", "<!-- ptlabs:measured-table -->", "measured-table.json", "grader table",
        "then the labs", "3 the grader itself failed"}) {
    EXPECT_NE(o.output.find(part), std::string::npos) << part << "\n" << o.output;
  }
}

// A real browser: index, a chapter and a lab page each render as a page with
// content (text in the DOM, ink on the screenshot), not a blank one.
TEST_F(DocsSite, ChromiumRendersPagesThatAreNotBlank) {
  ASSERT_FALSE(chromium_binary().empty()) << "install chromium (run.sh does) for this test";
  for (const char* page :
       {"index.html", "chapters/01-programs-processes-threads.html", "labs/01-spawn.html"}) {
    const fs::path html = site() / page;
    ASSERT_TRUE(fs::exists(html)) << page;
    std::string dom;
    std::string err;
    ASSERT_TRUE(chromium_dump_dom(html, &dom, &err)) << page << ": " << err;
    EXPECT_NE(dom.find("class=\"sidebar\""), std::string::npos) << page;
    EXPECT_GT(visible_text(dom).size(), 2000u) << page;
    const fs::path png = dir_->path() / (std::string(page).substr(0, 4) + ".png");
    ASSERT_TRUE(chromium_screenshot(html, png, 1200, 900, &err)) << page << ": " << err;
    const double ink = png_ink_fraction(png, &err);
    ASSERT_GE(ink, 0) << err;
    EXPECT_GT(ink, 0.02) << page << " looks blank";
  }
}

}  // namespace
}  // namespace ptlabs::e2e
