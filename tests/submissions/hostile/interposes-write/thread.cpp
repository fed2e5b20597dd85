// Refused at build time: gives write() of the C library a definition of its own, which
// replaces it for the whole test program (the test main writes its results with it).
// Expected: the symbol policy (grader/src/symbol_policy.hpp) refuses it before linking;
// the build log says "thread.cpp defines write(), a function of the C library"; every
// check is an `error` ("the build failed"); the grader ends with status 1 and a whole report.
#include <sys/syscall.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

extern "C" ssize_t write(int fd, const void* data, size_t size) {
  return static_cast<ssize_t>(::syscall(SYS_write, fd, data, size));
}

namespace lab01 {

std::vector<Report> run_in_threads(int n, const std::function<std::uint64_t(int)>& job) {
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
