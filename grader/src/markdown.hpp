// Markdown to HTML with cmark-gfm, GitHub's dialect: tables, strikethrough,
// autolinks and task lists on top of CommonMark.
//
// Raw HTML passes through unchanged (the lab READMEs fold their hints in
// <details>), so render only trusted text from the checkout. Every heading
// gets a GitHub-style id (heading_slug) so "page.md#section" links work, and
// every link and image destination goes through the caller's rewriter.
// Thread-safe: each call has its own parser.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader {

// Returns the destination to use for a link (or image) written as `url`, or
// nullopt when it leads nowhere: the link is then dropped and its text kept.
using UrlRewriter = std::function<std::optional<std::string>(const std::string& url)>;

struct RenderedMarkdown {
  std::string html;
  std::string title;                     // plain text of the first level-1 heading, or ""
  std::vector<std::string> heading_ids;  // in document order, unique
};

// Renders `text`. `rewrite` may be empty (destinations kept as written).
// False with *err only when cmark-gfm itself fails (out of memory).
bool render_markdown(std::string_view text, const UrlRewriter& rewrite, RenderedMarkdown* out,
                     std::string* err);

// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as
// '-'. "Hint 1 — two loops" gives "hint-1--two-loops". Duplicates are the
// caller's business (render_markdown appends -1, -2, ...).
std::string heading_slug(std::string_view heading_text);

}  // namespace ptlabs::grader
