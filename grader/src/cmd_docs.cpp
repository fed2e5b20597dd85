// `grader docs`: the chapters and lab READMEs as a static site that works offline.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cxxopts.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "docs_site.hpp"
#include "exit_codes.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// Marks a folder as written by grader docs, so a later run may empty it.
constexpr const char* kSiteMarker = ".ptlabs-site";

// The checkout on disk behind the RepoFiles seam.
class DiskRepo : public RepoFiles {
 public:
  explicit DiskRepo(fs::path root) : root_(std::move(root)) {}
  Kind kind(const std::string& path) const override {
    std::error_code ec;
    const auto status = fs::status(root_ / path, ec);
    if (ec) return Kind::kMissing;
    if (fs::is_directory(status)) return Kind::kDirectory;
    return fs::is_regular_file(status) ? Kind::kFile : Kind::kMissing;
  }
  bool read(const std::string& path, std::string* bytes) const override {
    std::ifstream in(root_ / path, std::ios::binary);
    if (!in || kind(path) != Kind::kFile) return false;
    std::ostringstream text;
    text << in.rdbuf();
    *bytes = text.str();
    return true;
  }
  std::vector<std::string> list(const std::string& dir) const override {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_ / dir, ec)) {
      names.push_back(entry.path().filename().string() + (entry.is_directory() ? "/" : ""));
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path root_;
};

std::string mtime_utc(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "at an unknown time";
  std::tm tm{};
  ::gmtime_r(&st.st_mtime, &tm);
  std::ostringstream out;
  out << "on " << std::put_time(&tm, "%Y-%m-%d %H:%M UTC");
  return out.str();
}

// Reads a `grader table --format json` file. False with *err naming the fix.
bool read_table(const fs::path& path, MeasuredTable* table, std::string* err) {
  std::ifstream in(path);
  if (!in) {
    *err = "cannot read the measured table " + path.string() +
           "; pass a file written by grader table --format json -o FILE";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("rows")) {
    *err = path.string() + " is not a measured table; write one with grader table --format json";
    return false;
  }
  table->json = std::move(json);
  table->origin = "Measured by grader table " + mtime_utc(path) + ".";
  return true;
}

// Makes `out` an empty folder to write the site into. False with *err when
// it is a file or a non-empty folder this command did not write.
bool prepare_out(const fs::path& out, std::string* err) {
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      *err = "--out " + out.string() + " is a file; name a folder for the site";
      return false;
    }
    const bool empty = fs::is_empty(out, ec);
    if (!empty && !fs::exists(out / kSiteMarker, ec)) {
      *err = "--out " + out.string() +
             " is a folder with other files in it; name a new or empty folder (grader docs "
             "replaces only a site it wrote itself)";
      return false;
    }
    for (const auto& entry : fs::directory_iterator(out, ec)) fs::remove_all(entry.path(), ec);
    if (ec) {
      *err = "cannot empty the old site in " + out.string() + ": " + ec.message();
      return false;
    }
  } else if (!fs::create_directories(out, ec)) {
    *err = "cannot create --out " + out.string() + ": " + ec.message() +
           "; name a folder you can write to";
    return false;
  }
  std::ofstream marker(out / kSiteMarker);
  marker << "Written by grader docs, which empties this folder before writing it again.\n";
  if (!marker) {
    *err = "cannot write into --out " + out.string() + "; name a folder you can write to";
    return false;
  }
  return true;
}

std::string human_size(std::uintmax_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  if (bytes >= (1u << 20)) {
    out << static_cast<double>(bytes) / (1 << 20) << " MiB";
  } else {
    out << static_cast<double>(bytes) / 1024 << " KiB";
  }
  return out.str();
}

}  // namespace

int run_docs(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  cxxopts::Options options(
      "grader docs",
      "Render the chapters (docs/*.md) and every lab's README into a static HTML site that works "
      "offline: index.html with the contents, chapters/NN-slug.html, labs/<id>.html, and source "
      "pages for the files the text links to. Reading order: the chapters in file name order, "
      "then the labs in catalogue order; each page links to the one before and after it.\n\n"
      "The measured comparison table goes where a chapter has the line "
      "<!-- ptlabs:measured-table -->. It comes from --table FILE, else from the last run of "
      "`grader table` (which saves it to <build>/share/ptlabs/measured-table.json); when there "
      "is neither, the page tells the reader to run `grader table`.");
  options.add_options()("out",
                        "write the site into DIR (default: <build>/site); it must be new, "
                        "empty, or a site grader docs wrote",
                        cxxopts::value<std::string>())(
      "table", "take the measured table from FILE (grader table --format json -o FILE)",
      cxxopts::value<std::string>())("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader docs --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help()
              << "\nExit status: 0 site written, 1 site written but some links lead nowhere "
                 "(listed), 2 bad usage or input, 3 the grader itself failed.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() + "'; see grader docs --help");
    return kExitBadInput;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;

  std::string err;
  MeasuredTable table;
  std::vector<std::string> table_problems;
  if (args.count("table")) {
    if (!read_table(args["table"].as<std::string>(), &table, &err)) {
      print_error(err);
      return kExitBadInput;
    }
  } else {
    const fs::path saved = toolchain.build_dir / "share/ptlabs/measured-table.json";
    std::error_code ec;
    if (fs::exists(saved, ec) && !read_table(saved, &table, &err)) table_problems.push_back(err);
  }
  const fs::path out =
      args.count("out") ? fs::path(args["out"].as<std::string>()) : toolchain.build_dir / "site";
  if (!prepare_out(out, &err)) {
    print_error(err);
    return kExitBadInput;
  }

  Site site;
  if (!build_site(catalog, DiskRepo(toolchain.source_dir), table, &site, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  site.problems.insert(site.problems.begin(), table_problems.begin(), table_problems.end());
  std::uintmax_t bytes = 0;
  int pages = 0;
  for (const auto& file : site.files) {
    const fs::path path = out / file.path;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (!write_file_atomically(path, file.bytes, &err)) {
      print_error(err);
      return kExitGraderFailed;
    }
    bytes += file.bytes.size();
    pages += file.is_page ? 1 : 0;
  }
  for (const auto& problem : site.problems) print_error("docs: " + problem);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "site: " << pages << " pages, " << site.files.size() << " files, "
            << human_size(bytes) << ", in " << std::fixed << std::setprecision(2) << seconds
            << " s\nopen " << (out / "index.html").string() << "\n";
  if (!site.problems.empty()) {
    std::cout << site.problems.size() << " problem(s) above; the site is written, but fix them\n";
    return kExitSomeFailed;
  }
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
