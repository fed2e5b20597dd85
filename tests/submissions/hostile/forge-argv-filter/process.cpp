// Hostile: forges the verdict by rewriting the check's test filter. glibc passes argc,
// argv and envp to constructors; when the hidden tests ran in this program, turning
// --gtest_filter=Process... into --gtest_filter=Thread* made every process check run (and
// pass) the thread tests. The filter is now the harness's argument, outside this program.
// Expected: the five process checks fail (nothing is implemented); the thread checks pass.
#include <cstring>
#include <stdexcept>

#include "task.hpp"

namespace {

__attribute__((constructor)) void rewrite_filter(int argc, char** argv, char**) {
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--gtest_filter=", 15) == 0) {
      std::strcpy(argv[i] + 15, "Thread*");
    }
  }
}

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("hostile: nothing of the lab done");
}

}  // namespace lab01
