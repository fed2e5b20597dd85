// Hostile: hunts the hidden suite and throws what it finds, so the report shows it. When
// the hidden tests were linked into this program, their names and string literals were in
// its own executable and GoogleTest's registry. Now it can read only itself (the stub and
// the student's code), its arguments and environment, and what the sandbox shows.
// Expected: the process checks fail; no report shows a hidden test's name or text, nor a
// path of the instructor's checkout.
#include <dirent.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace {

// Printable runs of 12 characters or more in a file, like strings(1).
std::string strings_of(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string found, run;
  char c;
  while (in.get(c) && found.size() < (1 << 20)) {
    if (c >= 32 && c < 127) {
      run += c;
      continue;
    }
    if (run.size() >= 12) found += run + "\n";
    run.clear();
  }
  return found;
}

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string listing(const char* dir) {
  std::string names;
  if (DIR* d = ::opendir(dir)) {
    while (dirent* e = ::readdir(d)) names += std::string(e->d_name) + " ";
    ::closedir(d);
  }
  return names;
}

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("hostile leak: " + strings_of("/proc/self/exe") +
                           slurp("/proc/self/cmdline") + slurp("/proc/self/environ") +
                           slurp("/proc/self/maps") + listing("/") + listing("/proc") +
                           slurp("/proc/1/cmdline"));
}

}  // namespace lab01
