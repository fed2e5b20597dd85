// Hostile: forges the verdict with a main() of its own. When the test main sat in a static
// library linked after the student's objects, this main() became the program's and printed
// a results document in which every test passed. The hidden tests now run in a harness of
// their own, and the subject's stub (with its main) is linked whole.
// Expected: the lab does not build (main is defined twice); no check earns a point.
#include <cstdio>
#include <stdexcept>

#include "task.hpp"

int main() {
  std::puts(R"({"tests": 19, "failures": 0, "errors": 0})");
  return 0;
}

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("hostile: nothing of the lab done");
}

}  // namespace lab01
