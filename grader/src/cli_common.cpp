#include "cli_common.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace ptlabs::grader {
namespace fs = std::filesystem;

void print_error(const std::string& message) { std::cerr << "grader: " << message << "\n"; }

bool load_setup(Toolchain* toolchain, Catalog* catalog) {
  std::string err;
  if (!load_toolchain(default_toolchain_path(), toolchain, &err) ||
      !load_catalog(toolchain->catalog_path(), catalog, &err)) {
    print_error(err);
    return false;
  }
  return true;
}

bool make_workroot(fs::path* out, std::string* err) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/ptlabs-grade-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    *err = "cannot create a work folder under " + pattern + "; set TMPDIR to a writable folder";
    return false;
  }
  *out = pattern;
  return true;
}

ProgressFn terminal_progress() {
  if (::isatty(STDERR_FILENO) != 1) return {};
  return
      [](const std::string& line) { std::cerr << "\r\x1b[K" << line.substr(0, 78) << std::flush; };
}

void clear_progress() {
  if (::isatty(STDERR_FILENO) == 1) std::cerr << "\r\x1b[K" << std::flush;
}

bool write_file_atomically(const fs::path& path, const std::string& text, std::string* err) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      *err = "cannot write " + path.string() + " (is the folder there and writable?)";
      return false;
    }
    out << text;
    out.flush();
    if (!out) {
      *err = "writing " + path.string() + " failed (disk full?)";
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    *err = "cannot move the report into place at " + path.string() + ": " + ec.message();
    fs::remove(temporary, ec);
    return false;
  }
  return true;
}

}  // namespace ptlabs::grader
