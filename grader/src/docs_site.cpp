#include "docs_site.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <sstream>

#include "markdown.hpp"
#include "site_html.hpp"

namespace ptlabs::grader {
namespace {

bool has_scheme(std::string_view url) {
  if (url.substr(0, 2) == "//") return true;  // protocol-relative: another host
  const size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    const bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
                    (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' ||
                               c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string percent_encode_path(std::string_view s) {
  static const std::string_view kSafe = "-._~/!$&'()*+,;=:@";
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || kSafe.find(c) != std::string_view::npos) {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

bool looks_like_text(const std::string& bytes) { return bytes.find('\0') == std::string::npos; }

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string stem(const std::string& file_name) { return file_name.substr(0, file_name.rfind('.')); }

struct Page {
  std::string source;  // Markdown file in the checkout
  std::string path;    // site path
  std::string title;
  const Lab* lab = nullptr;
  std::string body;
};

struct PendingAnchor {
  std::string where;   // the page's source, for the message
  std::string url;     // as written
  std::string target;  // site path
  std::string fragment;
};

class Builder {
 public:
  Builder(const Catalog& catalog, const RepoFiles& repo, const MeasuredTable& table, Site* site)
      : catalog_(catalog), repo_(repo), table_(table), site_(site) {}

  bool run(std::string* err);

 private:
  void plan_pages();
  bool render_page(Page* page, const std::string& markdown, std::string* err);
  std::optional<std::string> rewrite(const Page& page, const std::string& url);
  std::optional<std::string> site_target(const std::string& repo_path);
  std::string measured_table(const std::string& page_path);
  std::string contents_html() const;
  void write_extra(const std::string& repo_path, const std::string& site_path);
  void check_anchors();
  void problem(const std::string& text) { site_->problems.push_back(text); }

  const Catalog& catalog_;
  const RepoFiles& repo_;
  const MeasuredTable& table_;
  Site* site_;
  std::vector<Page> pages_;                           // reading order: index, chapters, labs
  std::map<std::string, std::string> page_of_;        // checkout path -> site path
  std::map<std::string, std::set<std::string>> ids_;  // site path -> its ids
  std::vector<PendingAnchor> anchors_;
  std::deque<std::pair<std::string, std::string>> extras_;  // checkout path, site path
  SiteNav nav_;
};

void Builder::plan_pages() {
  Page index;
  index.source = "docs/index.md";
  index.path = "index.html";
  pages_.push_back(index);
  page_of_["docs/index.md"] = page_of_["docs"] = "index.html";
  std::vector<std::string> chapters;
  if (repo_.kind("docs") == RepoFiles::Kind::kDirectory) {
    for (const auto& name : repo_.list("docs")) {
      if (name.size() > 3 && name.substr(name.size() - 3) == ".md" && name != "index.md") {
        chapters.push_back(name);
      }
    }
  }
  std::sort(chapters.begin(), chapters.end());
  for (const auto& name : chapters) {
    Page page;
    page.source = "docs/" + name;
    page.path = "chapters/" + stem(name) + ".html";
    page.title = stem(name);
    page_of_[page.source] = page.path;
    pages_.push_back(page);
  }
  for (const auto& lab : catalog_.labs) {
    Page page;
    page.source = "labs/" + lab.id + "/README.md";
    page.path = "labs/" + lab.id + ".html";
    page.title = "Lab " + two_digits(lab.number) + " · " + lab.title;
    page.lab = &lab;
    page_of_[page.source] = page_of_["labs/" + lab.id] = page.path;
    pages_.push_back(page);
  }
}

std::optional<std::string> Builder::site_target(const std::string& repo_path) {
  auto known = page_of_.find(repo_path);
  if (known != page_of_.end()) return known->second;
  std::string site_path;
  switch (repo_.kind(repo_path)) {
    case RepoFiles::Kind::kMissing:
      return std::nullopt;
    case RepoFiles::Kind::kDirectory:
      site_path = repo_path.empty() ? "source/index.html" : "source/" + repo_path + "/index.html";
      break;
    case RepoFiles::Kind::kFile: {
      std::string bytes;
      if (!repo_.read(repo_path, &bytes)) return std::nullopt;
      site_path = looks_like_text(bytes) ? "source/" + repo_path + ".html" : "files/" + repo_path;
      break;
    }
  }
  page_of_[repo_path] = site_path;
  extras_.emplace_back(repo_path, site_path);
  return site_path;
}

std::optional<std::string> Builder::rewrite(const Page& page, const std::string& url) {
  if (url.empty() || has_scheme(url)) return url;
  if (url[0] == '#') {
    anchors_.push_back({page.source, url, page.path, percent_decode(url.substr(1))});
    return url;
  }
  const size_t hash = url.find('#');
  const std::string fragment = hash == std::string::npos ? "" : url.substr(hash + 1);
  std::string path = url.substr(0, std::min(hash, url.find('?')));
  const auto resolved = resolve_repo_path(page.source, percent_decode(path));
  if (!resolved) {
    problem(page.source + ": the link '" + url +
            "' leads out of the checkout; link a file inside it");
    return std::nullopt;
  }
  const auto target = site_target(*resolved);
  if (!target) {
    problem(page.source + ": the link '" + url + "' points to " +
            (resolved->empty() ? "the checkout root" : *resolved) +
            ", which does not exist; fix the path or drop the link");
    return std::nullopt;
  }
  if (!fragment.empty()) {
    anchors_.push_back({page.source, url, *target, percent_decode(fragment)});
  }
  return relative_url(page.path, *target) + (hash == std::string::npos ? "" : "#" + fragment);
}

std::string Builder::measured_table(const std::string& page_path) {
  if (!table_.json) return measured_table_missing_html();
  std::string html;
  std::string err;
  auto lab_href = [&](const std::string& id) {
    auto it = page_of_.find("labs/" + id);
    return it == page_of_.end() ? std::string() : relative_url(page_path, it->second);
  };
  if (!measured_table_html(*table_.json, table_.origin, lab_href, &html, &err)) {
    problem("the measured table (" + table_.origin + ") is not what `grader table --format json` " +
            "writes: " + err + "; run grader table again");
    return measured_table_missing_html();
  }
  return html;
}

bool Builder::render_page(Page* page, const std::string& markdown, std::string* err) {
  RenderedMarkdown rendered;
  const UrlRewriter rewriter = [&](const std::string& url) { return rewrite(*page, url); };
  if (!render_markdown(markdown, rewriter, &rendered, err)) {
    *err = page->source + ": " + *err;
    return false;
  }
  ids_[page->path].insert(rendered.heading_ids.begin(), rendered.heading_ids.end());
  if (page->lab == nullptr && !rendered.title.empty()) page->title = rendered.title;
  std::string body = std::move(rendered.html);
  for (size_t at; (at = body.find(kMeasuredTableMarker)) != std::string::npos;) {
    body.replace(at, kMeasuredTableMarker.size(), measured_table(page->path));
  }
  if (page->lab != nullptr) {
    body = fold_details(body);
    std::vector<NavEntry> files;
    for (const char* name : {"task.hpp", "process.cpp", "thread.cpp", "tests/public_test.cpp"}) {
      const std::string file = "labs/" + page->lab->id + "/" + name;
      if (repo_.kind(file) != RepoFiles::Kind::kFile) continue;
      if (auto target = site_target(file))
        files.push_back({relative_url(page->path, *target), name});
    }
    const std::string facts = lab_facts_html(*page->lab, files);
    const size_t h1_end = body.find("</h1>");
    body.insert(h1_end == std::string::npos ? 0 : h1_end + 6, facts);
  }
  page->body = std::move(body);
  return true;
}

std::string Builder::contents_html() const {
  std::ostringstream out;
  out << "<section class=\"contents\">\n<h2 id=\"contents-chapters\">Chapters</h2>\n<ol>\n";
  for (const auto& entry : nav_.chapters) {
    out << "<li><a href=\"" << html_escape(relative_url("index.html", entry.path)) << "\">"
        << html_escape(entry.label) << "</a></li>\n";
  }
  out << "</ol>\n<h2 id=\"contents-labs\">Labs</h2>\n<ol>\n";
  for (const auto& lab : catalog_.labs) {
    out << "<li><a href=\""
        << html_escape(relative_url("index.html", page_of_.at("labs/" + lab.id))) << "\">Lab "
        << two_digits(lab.number) << " · " << html_escape(lab.title)
        << "</a><br><span class=\"teaches\">" << html_escape(lab.teaches) << "</span></li>\n";
  }
  out << "</ol>\n<p>Reading order: the chapters, then the labs; each page links to the one "
         "before and after it.</p>\n</section>\n";
  return out.str();
}

void Builder::write_extra(const std::string& repo_path, const std::string& site_path) {
  if (site_path.rfind("files/", 0) == 0) {
    std::string bytes;
    repo_.read(repo_path, &bytes);
    site_->files.push_back({site_path, std::move(bytes), false});
    return;
  }
  PageFrame frame;
  frame.path = site_path;
  frame.title = repo_path.empty() ? "The checkout" : repo_path;
  if (site_path.size() > 11 && site_path.substr(site_path.size() - 11) == "/index.html" &&
      repo_.kind(repo_path) == RepoFiles::Kind::kDirectory) {
    std::ostringstream body;
    body << "<h1 class=\"source-title\"><code>" << html_escape(repo_path) << "/</code></h1>\n"
         << "<p class=\"source-note\">A folder of the checkout.</p>\n<ul class=\"listing\">\n";
    std::vector<std::string> names = repo_.list(repo_path);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      if (name.empty() || name[0] == '.') continue;
      const std::string child = repo_path.empty() ? name : repo_path + "/" + name;
      std::optional<std::string> target;
      if (name.back() != '/') target = site_target(child);
      body << "<li>";
      if (target) {
        body << "<a href=\"" << html_escape(relative_url(site_path, *target)) << "\"><code>"
             << html_escape(name) << "</code></a>";
      } else {
        body << "<code>" << html_escape(name) << "</code>";
      }
      body << "</li>\n";
    }
    body << "</ul>\n";
    frame.body = body.str();
  } else {
    std::string text;
    repo_.read(repo_path, &text);
    frame.body = source_body(repo_path, text);
    auto& ids = ids_[site_path];
    const size_t lines =
        std::count(text.begin(), text.end(), '\n') + (!text.empty() && text.back() != '\n' ? 1 : 0);
    for (size_t n = 1; n <= lines; ++n) ids.insert("L" + std::to_string(n));
  }
  site_->files.push_back({site_path, page_html(frame, nav_), true});
}

void Builder::check_anchors() {
  for (const auto& a : anchors_) {
    const auto it = ids_.find(a.target);
    if (it != ids_.end() && it->second.count(a.fragment) != 0) continue;
    problem(a.where + ": the link '" + a.url + "' names the anchor #" + a.fragment + ", which " +
            a.target + " does not have; use the heading's id (lower case, spaces as '-')");
  }
}

bool Builder::run(std::string* err) {
  plan_pages();
  site_->files.push_back({"style.css", site_css(), false});
  for (auto& page : pages_) {
    std::string markdown;
    if (!repo_.read(page.source, &markdown)) {
      problem(page.source + " is missing; write it (its page shows only a note until then)");
      markdown = page.path == "index.html"
                     ? "# ptlabs\n"
                     : "# " + page.title + "\n\n*" + page.source + " is not written yet.*\n";
    }
    if (!render_page(&page, markdown, err)) return false;
  }
  nav_.home = {pages_.front().path, pages_.front().title};
  for (const auto& page : pages_) {
    if (page.source.rfind("docs/", 0) == 0 && page.path != "index.html") {
      nav_.chapters.push_back({page.path, page.title});
    } else if (page.lab != nullptr) {
      nav_.labs.push_back({page.path, page.title});
    }
  }
  pages_.front().body += contents_html();
  ids_["index.html"].insert({"contents-chapters", "contents-labs"});

  std::vector<NavEntry> order;
  for (const auto& page : pages_) order.push_back({page.path, page.title});
  for (size_t i = 0; i < pages_.size(); ++i) {
    PageFrame frame;
    frame.path = pages_[i].path;
    frame.title = pages_[i].title;
    frame.body = pages_[i].body;
    frame.prev = i > 0 ? &order[i - 1] : nullptr;
    frame.next = i + 1 < order.size() ? &order[i + 1] : nullptr;
    site_->files.push_back({frame.path, page_html(frame, nav_), true});
  }
  while (!extras_.empty()) {  // a folder listing may ask for more source pages
    const auto [repo_path, site_path] = extras_.front();
    extras_.pop_front();
    write_extra(repo_path, site_path);
  }
  check_anchors();
  return true;
}

}  // namespace

std::optional<std::string> resolve_repo_path(std::string_view from, std::string_view link) {
  std::vector<std::string> parts;
  auto push = [&](std::string_view path) {
    size_t pos = 0;
    while (pos <= path.size()) {
      size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      const std::string_view seg = path.substr(pos, slash - pos);
      pos = slash + 1;
      if (seg.empty() || seg == ".") continue;
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.emplace_back(seg);
      }
    }
    return true;
  };
  if (link.empty() || link[0] != '/') {
    const size_t slash = from.rfind('/');
    if (slash != std::string_view::npos && !push(from.substr(0, slash))) return std::nullopt;
  }
  if (!push(link)) return std::nullopt;
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::string relative_url(std::string_view from, std::string_view to) {
  std::string up;
  for (char c : from) {
    if (c == '/') up += "../";
  }
  return percent_encode_path(up + std::string(to));
}

bool build_site(const Catalog& catalog, const RepoFiles& repo, const MeasuredTable& table,
                Site* site, std::string* err) {
  *site = Site();
  Builder builder(catalog, repo, table, site);
  return builder.run(err);
}

}  // namespace ptlabs::grader
