// The HTML around the rendered Markdown of the documentation site: the page
// frame (sidebar, previous/next), source pages, lab facts, the measured
// table, and the style sheet. Strings in, strings out.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace ptlabs::grader {

// One entry of the sidebar or of a previous/next link.
struct NavEntry {
  std::string path;   // site-relative page path
  std::string label;  // plain text; escaped when written
};

struct SiteNav {
  NavEntry home;
  std::vector<NavEntry> chapters;
  std::vector<NavEntry> labs;
};

struct PageFrame {
  std::string path;   // this page, site-relative
  std::string title;  // plain text
  std::string body;   // HTML
  const NavEntry* prev = nullptr;
  const NavEntry* next = nullptr;
};

// The whole page: head with the local style sheet, sidebar (this page marked
// aria-current), the body, previous/next links.
std::string page_html(const PageFrame& frame, const SiteNav& nav);

// Escapes & < > " ' for text and attribute values.
std::string html_escape(std::string_view text);

// Removes the `open` attribute from every <details> tag, so hints start folded.
std::string fold_details(std::string_view html);

// A file's text as a page body: one line per span with id "L<n>".
std::string source_body(std::string_view repo_path, std::string_view text);

// The lab's catalogue facts: points per check, perf checks, limits, and links
// (already relative to the lab page) to the files a student edits.
std::string lab_facts_html(const Lab& lab, const std::vector<NavEntry>& files);

// `grader table --format json` as an HTML table; `lab_href(id)` gives the
// link for a lab id ("" for none). False with *err when the JSON is not that.
bool measured_table_html(const nlohmann::json& table, std::string_view origin,
                         const std::function<std::string(const std::string&)>& lab_href,
                         std::string* html, std::string* err);

// What stands where the table would be when none was measured yet.
std::string measured_table_missing_html();

// The style sheet (style.css at the site root): no fonts or assets from outside.
const char* site_css();

}  // namespace ptlabs::grader
