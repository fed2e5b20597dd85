// Hostile: forges the model evidence. The "process" version runs every job in a thread of
// the caller and fills in made-up process ids, one different number per job, as a version
// with one child per job would report them. The harness no longer reads the ids a
// submission reports: the kernel tells it which process began and ended each job.
// Expected: "process: one child process per job" fails (the jobs ran in the caller's
// process); the checks it does satisfy (workers at once, failures named...) may pass.
#include <unistd.h>

#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&, i] {
      auto& r = reports[static_cast<std::size_t>(i)];
      r.index = i;
      r.pid = ::getpid() + 1 + i;  // a child's pid, as it would look
      r.tid = r.pid;
      try {
        r.value = job(i);
      } catch (...) {
        errors[static_cast<std::size_t>(i)] = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (int i = 0; i < n; ++i) {
    if (!errors[static_cast<std::size_t>(i)]) continue;
    try {
      std::rethrow_exception(errors[static_cast<std::size_t>(i)]);
    } catch (const std::exception& e) {
      throw std::runtime_error("worker " + std::to_string(i) + " failed: " + e.what());
    }
  }
  return reports;
}

}  // namespace lab01
