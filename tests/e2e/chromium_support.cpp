#include "chromium_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace fs = std::filesystem;
namespace {

constexpr double kChromiumWallS = 90;

std::string on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    std::error_code ec;
    if (!candidate.parent_path().empty() && fs::is_regular_file(candidate, ec) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
    start = end + 1;
  }
  return "";
}

// Runs Chromium headless on `html` with `extra` flags and a profile folder of its own.
grader::Outcome run_chromium(const fs::path& html, const std::vector<std::string>& extra) {
  TempDir profile;
  grader::Command command;
  // --no-sandbox: the tests run as root in CI, where Chromium's own sandbox refuses to start.
  command.argv = {chromium_binary(),
                  "--headless=new",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--no-first-run",
                  "--hide-scrollbars",
                  "--user-data-dir=" + profile.path().string()};
  command.argv.insert(command.argv.end(), extra.begin(), extra.end());
  command.argv.push_back("file://" + fs::absolute(html).string());
  command.limits.wall_s = kChromiumWallS;
  command.limits.output_bytes = 16 << 20;  // --dump-dom prints the whole page
  command.limits.output_kill_bytes = 64 << 20;
  return grader::run_command(command);
}

std::string failure(const std::string& what, const grader::Outcome& outcome) {
  std::string tail = outcome.output.size() > 2000
                         ? outcome.output.substr(outcome.output.size() - 2000)
                         : outcome.output;
  return what + ": chromium " + (outcome.started ? outcome.describe() : outcome.start_error) +
         "\n" + tail;
}

}  // namespace

std::string chromium_binary() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::string found = on_path(name);
    if (!found.empty()) return found;
  }
  return "";
}

bool chromium_dump_dom(const fs::path& html, std::string* dom, std::string* err) {
  if (chromium_binary().empty()) {
    *err = "no chromium on PATH (install Debian's chromium; ./run.sh test does)";
    return false;
  }
  const grader::Outcome outcome = run_chromium(html, {"--dump-dom"});
  if (!outcome.succeeded()) {
    *err = failure("dumping the DOM of " + html.string(), outcome);
    return false;
  }
  // Chromium logs (dbus, GPU) to stderr, which run_command merges: the DOM starts at "<html".
  const std::size_t start = outcome.output.find("<html");
  if (start == std::string::npos) {
    *err = failure("no <html> in the DOM of " + html.string(), outcome);
    return false;
  }
  *dom = outcome.output.substr(start);
  return true;
}

bool chromium_screenshot(const fs::path& html, const fs::path& png, int width, int height,
                         std::string* err) {
  if (chromium_binary().empty()) {
    *err = "no chromium on PATH (install Debian's chromium; ./run.sh test does)";
    return false;
  }
  std::error_code ec;
  fs::remove(png, ec);
  const grader::Outcome outcome =
      run_chromium(html, {"--screenshot=" + fs::absolute(png).string(),
                          "--window-size=" + std::to_string(width) + "," + std::to_string(height)});
  if (!outcome.succeeded() || !fs::exists(png, ec)) {
    *err = failure("screenshot of " + html.string(), outcome);
    return false;
  }
  return true;
}

double png_ink_fraction(const fs::path& png, std::string* err) {
  grader::Command command;
  command.argv = {"python3", (source_dir() / "tools" / "png_ink.py").string(), png.string()};
  command.limits.wall_s = 120;
  const grader::Outcome outcome = grader::run_command(command);
  if (!outcome.succeeded()) {
    *err = failure("reading " + png.string(), outcome);
    return -1;
  }
  try {
    return std::stod(outcome.output);
  } catch (const std::exception&) {
    *err = "png_ink.py printed '" + outcome.output + "', not a number";
    return -1;
  }
}

}  // namespace ptlabs::e2e
