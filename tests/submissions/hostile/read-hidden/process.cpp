// Hostile: tries to read the hidden tests and the reference solutions, at compile time
// (__has_include, which turns a hit into a compiler warning in the build log) and at run
// time (open, then the first line of each file read goes to stdout and into an exception).
// The test puts the project checkout and the build folder in place of @PTLABS_SOURCE@ and
// @PTLABS_BUILD@, and then looks for those first lines in the report: inside the sandbox
// both folders are empty.
// Expected: the process checks end `failed`, the thread checks pass, and no line of a
// hidden file appears anywhere in the report.
#include <sys/prctl.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

#if __has_include("@PTLABS_SOURCE@/grader/hidden/01-spawn/hidden_test.cpp")
#warning "ptlabs-leak: the hidden test is readable at compile time"
#endif
#if __has_include("@PTLABS_SOURCE@/solutions/01-spawn/process.cpp")
#warning "ptlabs-leak: the reference solution is readable at compile time"
#endif

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const char* const kSecrets[] = {
      "@PTLABS_SOURCE@/grader/hidden/01-spawn/hidden_test.cpp",
      "@PTLABS_SOURCE@/solutions/01-spawn/process.cpp",
      "@PTLABS_SOURCE@/solutions/01-spawn/thread.cpp",
      "@PTLABS_BUILD@/share/ptlabs/toolchain.json",
  };
  // The first line of each file read goes to stdout and into the exception, whose text
  // the check's output shows.
  std::string leaks;
  for (const char* path : kSecrets) {
    std::ifstream in(path);
    std::string first_line;
    if (in && std::getline(in, first_line)) {
      std::printf("ptlabs-leak: %s: %s\n", path, first_line.c_str());
      leaks += "\nptlabs-leak: " + std::string(path) + ": " + first_line;
    }
  }
  std::fflush(stdout);
  throw std::runtime_error("hostile: tried to read the hidden files" +
                           (leaks.empty() ? std::string(", found none") : leaks));
}

}  // namespace lab01
