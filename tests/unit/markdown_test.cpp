// The cmark-gfm wrapper: GitHub's dialect, raw HTML, heading ids, link rewriting.
#include "markdown.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

RenderedMarkdown render(const std::string& text, const UrlRewriter& rewrite = {}) {
  RenderedMarkdown out;
  std::string err;
  EXPECT_TRUE(render_markdown(text, rewrite, &out, &err)) << err;
  return out;
}

TEST(MarkdownRender, RendersGithubFlavouredMarkdown) {
  struct Case {
    const char* name;
    const char* markdown;
    const char* must_contain;
  } cases[] = {
      {"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", "<th>a</th>"},
      {"table cell", "| a | b |\n|---|---|\n| 1 | 2 |\n", "<td>2</td>"},
      {"fenced code keeps its language", "```cpp\nint x = a < b;\n```\n",
       "<pre lang=\"cpp\"><code>int x = a &lt; b;"},
      {"strikethrough", "~~gone~~\n", "<del>gone</del>"},
      {"autolink", "see https://example.org now\n", "<a href=\"https://example.org\">"},
      {"task list", "- [x] done\n", "type=\"checkbox\""},
      {"raw details pass through",
       "<details><summary>Hint 1</summary>\n\nUse `fork()`.\n\n</details>\n",
       "<details><summary>Hint 1</summary>"},
      {"markdown inside details",
       "<details><summary>Hint 1</summary>\n\nUse `fork()`.\n\n</details>\n",
       "<code>fork()</code>"},
      {"a comment marker stays as written", "<!-- ptlabs:measured-table -->\n",
       "<!-- ptlabs:measured-table -->"},
  };
  for (const auto& c : cases) {
    const RenderedMarkdown out = render(c.markdown);
    EXPECT_NE(out.html.find(c.must_contain), std::string::npos) << c.name << "\n" << out.html;
  }
}

TEST(MarkdownRender, HeadingsGetUniqueGithubIdsAndTheFirstTitle) {
  const RenderedMarkdown out =
      render("Intro.\n\n# The `fork()` call — and you\n\n## The task\n\n## The task\n\n# Second\n");
  EXPECT_EQ(out.title, "The fork() call — and you");
  const std::vector<std::string> ids = {"the-fork-call--and-you", "the-task", "the-task-1",
                                        "second"};
  EXPECT_EQ(out.heading_ids, ids);
  EXPECT_NE(out.html.find("id=\"the-task-1\""), std::string::npos) << out.html;
  EXPECT_EQ(render("no heading here\n").title, "");
}

TEST(MarkdownRender, HeadingSlugsFollowGithub) {
  struct Case {
    const char* heading;
    const char* slug;
  } cases[] = {
      {"Hint 1 — two loops, not one", "hint-1--two-loops-not-one"},
      {"What is a CPU-bound task?", "what-is-a-cpu-bound-task"},
      {"fork() vs posix_spawn", "fork-vs-posix_spawn"},
      {"Copy-on-write (COW)", "copy-on-write-cow"},
      {"Café “quotes”", "café-quotes"},
  };
  for (const auto& c : cases) EXPECT_EQ(heading_slug(c.heading), c.slug) << c.heading;
}

TEST(MarkdownRender, RewritesLinksAndDropsThoseThatLeadNowhere) {
  std::vector<std::string> seen;
  const UrlRewriter rewrite = [&](const std::string& url) -> std::optional<std::string> {
    seen.push_back(url);
    if (url == "gone.md") return std::nullopt;
    return "site/" + url;
  };
  const RenderedMarkdown out =
      render("[a](a.md) and [b *bold*](gone.md) and ![pic](p.png)\n", rewrite);
  EXPECT_NE(out.html.find("<a href=\"site/a.md\">a</a>"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("and b <em>bold</em> and"), std::string::npos) << out.html;
  EXPECT_EQ(out.html.find("gone.md"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("<img src=\"site/p.png\" alt=\"pic\""), std::string::npos) << out.html;
  const std::vector<std::string> expected = {"a.md", "gone.md", "p.png"};
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace ptlabs::grader
