// Wrong: does not compile (a missing semicolon and an undeclared name).
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  std::vector<Report> reports return reports_undeclared;
}

}  // namespace lab01
