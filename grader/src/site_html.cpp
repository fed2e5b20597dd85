#include "site_html.hpp"

#include <cctype>
#include <sstream>

#include "docs_site.hpp"
#include "svg_chart.hpp"

namespace ptlabs::grader {
namespace {

void nav_item(std::ostream& out, const NavEntry& entry, const std::string& from) {
  out << "<li><a href=\"" << html_escape(relative_url(from, entry.path)) << "\"";
  if (entry.path == from) out << " aria-current=\"page\"";
  out << ">" << html_escape(entry.label) << "</a></li>\n";
}

void nav_list(std::ostream& out, const char* heading, const std::vector<NavEntry>& entries,
              const std::string& from) {
  if (entries.empty()) return;
  out << "<h2>" << heading << "</h2>\n<ul>\n";
  for (const auto& entry : entries) nav_item(out, entry, from);
  out << "</ul>\n";
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The tag `<details ...>` without its open attribute (tag holds '<' to '>').
std::string without_open(std::string_view tag) {
  std::string out = "<details";
  size_t i = 8;                       // after "<details"
  const size_t end = tag.size() - 1;  // the '>'
  while (i < end) {
    while (i < end && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    const size_t start = i;
    char quote = 0;
    while (i < end && (quote != 0 || !std::isspace(static_cast<unsigned char>(tag[i])))) {
      if (quote == 0 && (tag[i] == '"' || tag[i] == '\'')) {
        quote = tag[i];
      } else if (tag[i] == quote) {
        quote = 0;
      }
      ++i;
    }
    const std::string_view attr = tag.substr(start, i - start);
    if (attr.empty() || attr == "/") continue;
    const std::string_view name = attr.substr(0, attr.find('='));
    if (!ieq(name, "open")) out.append(" ").append(attr);
  }
  return out + ">";
}

std::string json_text(const nlohmann::json& row, const char* key, std::string* err) {
  if (!row.contains(key) || !row[key].is_string()) {
    *err = std::string("a row has no text '") + key + "'";
    return "";
  }
  return row[key].get<std::string>();
}

}  // namespace

std::string html_escape(std::string_view text) { return svg::escape(text); }

std::string fold_details(std::string_view html) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = pos;
    while ((at = html.find('<', at)) != std::string_view::npos) {
      const std::string_view rest = html.substr(at);
      if (rest.size() > 8 && ieq(rest.substr(0, 8), "<details") &&
          (rest[8] == '>' || std::isspace(static_cast<unsigned char>(rest[8])))) {
        break;
      }
      ++at;
    }
    const size_t close = at == std::string_view::npos ? at : html.find('>', at);
    if (close == std::string_view::npos) {
      out.append(html.substr(pos));
      return out;
    }
    out.append(html.substr(pos, at - pos));
    out += without_open(html.substr(at, close - at + 1));
    pos = close + 1;
  }
}

std::string page_html(const PageFrame& frame, const SiteNav& nav) {
  std::ostringstream out;
  const std::string css = relative_url(frame.path, "style.css");
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_escape(frame.title) << " — ptlabs</title>\n"
      << "<link rel=\"stylesheet\" href=\"" << html_escape(css) << "\">\n</head>\n<body>\n"
      << "<nav class=\"sidebar\" aria-label=\"Contents\">\n"
      << "<p class=\"home\"><a href=\"" << html_escape(relative_url(frame.path, nav.home.path))
      << "\"" << (frame.path == nav.home.path ? " aria-current=\"page\"" : "") << ">"
      << html_escape(nav.home.label) << "</a></p>\n";
  nav_list(out, "Chapters", nav.chapters, frame.path);
  nav_list(out, "Labs", nav.labs, frame.path);
  out << "</nav>\n<main>\n<article>\n" << frame.body << "</article>\n";
  if (frame.prev != nullptr || frame.next != nullptr) {
    out << "<nav class=\"pager\" aria-label=\"Reading order\">\n";
    if (frame.prev != nullptr) {
      out << "<a class=\"prev\" rel=\"prev\" href=\""
          << html_escape(relative_url(frame.path, frame.prev->path)) << "\">← "
          << html_escape(frame.prev->label) << "</a>\n";
    }
    if (frame.next != nullptr) {
      out << "<a class=\"next\" rel=\"next\" href=\""
          << html_escape(relative_url(frame.path, frame.next->path)) << "\">"
          << html_escape(frame.next->label) << " →</a>\n";
    }
    out << "</nav>\n";
  }
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

std::string source_body(std::string_view repo_path, std::string_view text) {
  std::ostringstream out;
  out << "<h1 class=\"source-title\"><code>" << html_escape(repo_path) << "</code></h1>\n"
      << "<p class=\"source-note\">This file of the checkout, as text. Line <i>n</i> has the "
         "anchor <code>#Ln</code>.</p>\n<pre class=\"source\"><code>";
  size_t line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    out << "<span class=\"line\" id=\"L" << line++ << "\">"
        << html_escape(text.substr(pos, eol - pos)) << "</span>\n";
    pos = eol + 1;
  }
  out << "</code></pre>\n";
  return out.str();
}

std::string lab_facts_html(const Lab& lab, const std::vector<NavEntry>& files) {
  std::ostringstream out;
  out << "<aside class=\"facts\">\n<p><strong>Lab " << html_escape(lab.id)
      << "</strong>: " << lab.max_points() << " points in " << lab.checks.size()
      << " checks. Grade it with <code>grader grade --lab " << html_escape(lab.id)
      << "</code>.</p>\n";
  if (!files.empty()) {
    out << "<p>Files:";
    for (const auto& f : files) {
      out << " <a href=\"" << html_escape(f.path) << "\"><code>" << html_escape(f.label)
          << "</code></a>";
    }
    out << "</p>\n";
  }
  out << "<details><summary>The graded checks</summary>\n<table>\n"
      << "<thead><tr><th>Check</th><th>Points</th></tr></thead>\n<tbody>\n";
  for (const auto& check : lab.checks) {
    out << "<tr><td>" << html_escape(check.name) << "</td><td>" << check.points << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (!lab.perf.empty()) {
    out << "<p>Performance checks (pass, fail or inconclusive; no points):</p>\n<ul>\n";
    for (const auto& perf : lab.perf) out << "<li>" << html_escape(perf.name) << "</li>\n";
    out << "</ul>\n";
  }
  out << "<p>Each check run is limited to " << lab.time_limit_s << " s wall-clock and "
      << lab.cpu_limit_s << " s CPU time.</p>\n</details>\n</aside>\n";
  return out.str();
}

bool measured_table_html(const nlohmann::json& table, std::string_view origin,
                         const std::function<std::string(const std::string&)>& lab_href,
                         std::string* html, std::string* err) {
  err->clear();
  if (!table.is_object() || !table.contains("rows") || !table["rows"].is_array()) {
    *err = "it has no \"rows\" list";
    return false;
  }
  std::ostringstream out;
  out << "<div class=\"measured\">\n<table>\n<thead><tr><th>Criterion</th><th>Process</th>"
         "<th>Thread</th><th>Measured here</th><th>Lab</th></tr></thead>\n<tbody>\n";
  for (const auto& row : table["rows"]) {
    if (!row.is_object()) {
      *err = "a row is not an object";
      return false;
    }
    std::string criterion = json_text(row, "criterion", err);
    std::string process = json_text(row, "process", err);
    std::string thread = json_text(row, "thread", err);
    std::string evidence = json_text(row, "evidence", err);
    if (!err->empty()) return false;
    const std::string lab = row.value("lab", "");
    const bool measured = row.value("measured", false);
    out << "<tr><td>" << html_escape(criterion) << "</td><td>" << html_escape(process)
        << "</td><td>" << html_escape(thread) << "</td><td"
        << (measured ? "" : " class=\"unmeasured\"") << ">" << html_escape(evidence) << "</td><td>";
    const std::string href = lab.empty() ? "" : lab_href(lab);
    if (!href.empty()) {
      out << "<a href=\"" << html_escape(href) << "\">" << html_escape(lab) << "</a>";
    } else {
      out << html_escape(lab);
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n<p class=\"machine\">";
  if (table.contains("machine") && table["machine"].is_object()) {
    const auto& m = table["machine"];
    if (m.contains("usable_cores") && m["usable_cores"].is_number()) {
      out << "Machine: " << m["usable_cores"].dump() << " usable cores";
      if (m.contains("online_cores") && m["online_cores"].is_number()) {
        out << " of " << m["online_cores"].dump();
      }
      out << ", " << html_escape(m.value("cpu_model", "unknown CPU")) << ", "
          << html_escape(m.value("kernel", "?")) << ". ";
    }
  }
  out << html_escape(origin) << "</p>\n</div>\n";
  *html = out.str();
  return true;
}

std::string measured_table_missing_html() {
  return "<p class=\"note\">No measured table yet. Run <code>grader table</code>: it measures "
         "every row on this machine from the reference solutions and saves the result, then run "
         "<code>grader docs</code> again to see the numbers here.</p>\n";
}

}  // namespace ptlabs::grader
