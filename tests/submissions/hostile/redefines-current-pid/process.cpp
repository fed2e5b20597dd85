// Refused at build time: defines the framework's ptlabs::current_pid(), which the hidden
// checks use to tell which process ran a job, so that a thread-based "process version"
// reports a new pid per job. Nothing of the lab's process model is implemented.
// Expected: the symbol policy (grader/src/symbol_policy.hpp) refuses it before linking;
// the build log says "process.cpp defines ptlabs::current_pid(), a function of the lab
// framework (labs/common)"; every check is an `error` ("the build failed"); the grader
// ends with status 1 and a whole report.
#include <atomic>
#include <stdexcept>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace ptlabs {

int current_pid() {
  static std::atomic<int> next{100000};
  thread_local const int pid = next++;
  return pid;
}

}  // namespace ptlabs

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&, i] {
      reports[static_cast<std::size_t>(i)] = {i, ptlabs::current_pid(), ptlabs::current_tid(),
                                              job(i)};
    });
  }
  for (auto& worker : workers) worker.join();
  return reports;
}

}  // namespace lab01
