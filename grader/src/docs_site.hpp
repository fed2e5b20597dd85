// The offline documentation site (`grader docs`): which pages exist, their
// reading order and navigation, and where every Markdown link leads.
//
// Pages, in reading order: index.html (docs/index.md plus a generated
// contents list), one page per chapter (docs/NN-slug.md, in file name order,
// as chapters/NN-slug.html), then one per lab (labs/<id>/README.md, in
// catalogue order, as labs/<id>.html). Previous/next links follow that order.
// A link to another file of the checkout leads to a generated source page
// (source/<path>.html, the text with line anchors #L1...), a folder listing
// (source/<path>/index.html) or a verbatim copy (files/<path>) for binary
// files; a link that leads nowhere is dropped, its text kept, and reported.
//
// Pure logic over the RepoFiles seam: no disk, no clock. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace ptlabs::grader {

// The checkout as the site builder sees it. Paths are relative to the
// checkout root, '/'-separated, normalised ("docs/01-a.md", "labs").
class RepoFiles {
 public:
  enum class Kind { kMissing, kFile, kDirectory };
  virtual ~RepoFiles() = default;
  virtual Kind kind(const std::string& path) const = 0;
  // Reads a whole file; false if it cannot.
  virtual bool read(const std::string& path, std::string* bytes) const = 0;
  // The names in a folder, in any order; sub-folders end in '/'.
  virtual std::vector<std::string> list(const std::string& dir) const = 0;
};

// The last measured comparison table (`grader table --format json`), if any.
struct MeasuredTable {
  std::optional<nlohmann::json> json;
  std::string origin;  // where it came from and when, shown under the table
};

// The line a chapter holds where the measured table goes.
inline constexpr std::string_view kMeasuredTableMarker = "<!-- ptlabs:measured-table -->";

struct SiteFile {
  std::string path;  // relative to the site root
  std::string bytes;
  bool is_page = false;  // an HTML page (not the style sheet or a copied file)
};

struct Site {
  std::vector<SiteFile> files;
  std::vector<std::string> problems;  // broken links and the like, one sentence each
};

// Builds every page. False with *err only when Markdown rendering fails;
// content problems land in site->problems and the site is still whole.
bool build_site(const Catalog& catalog, const RepoFiles& repo, const MeasuredTable& table,
                Site* site, std::string* err);

// Resolves `link` (percent-decoded, no fragment) written in the file at
// `from` to a normalised checkout path; a leading '/' means the checkout
// root. nullopt when it climbs out of the checkout.
std::optional<std::string> resolve_repo_path(std::string_view from, std::string_view link);

// The URL that leads from the page at `from` to the site file `to`, both
// relative to the site root: "chapters/01-a.html" to "labs/01-spawn.html"
// gives "../labs/01-spawn.html".
std::string relative_url(std::string_view from, std::string_view to);

}  // namespace ptlabs::grader
