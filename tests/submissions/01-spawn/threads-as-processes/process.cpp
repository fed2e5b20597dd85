// Wrong: the "process" version runs every job in a thread of the caller.
#include <stdexcept>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      reports[i] = Report{i, ptlabs::current_pid(), ptlabs::current_tid(), job(i)};
    });
  }
  for (auto& t : threads) t.join();
  return reports;
}

}  // namespace lab01
