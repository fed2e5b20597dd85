// Refused at build time: a main() left in process.cpp to try the code by hand. With a
// main of its own the test program would run the student's main instead of the grader's
// (the test main sits in a library linked after the student's objects, never pulled in).
// Expected: the symbol policy (grader/src/symbol_policy.hpp) refuses it before linking;
// the build log says "process.cpp defines main(): the grader provides main; remove it and
// put your code in run_in_processes()"; every check is an `error` ("the build failed");
// the grader ends with status 1 and a whole report.
#include <cstdio>
#include <stdexcept>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports;
  for (int i = 0; i < n; ++i) reports.push_back({i, 0, 0, job(i)});
  return reports;
}

}  // namespace lab01

int main() {
  const auto reports = lab01::run_in_processes(3, [](int i) { return std::uint64_t(i) * 2; });
  std::printf("%zu reports\n", reports.size());
  return 0;
}
