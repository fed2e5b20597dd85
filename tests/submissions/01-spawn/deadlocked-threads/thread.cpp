// Wrong: every worker waits on a condition that is never signalled.
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_threads(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::mutex m;
  std::condition_variable cv;
  bool go = false;
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return go; });  // nobody ever sets go
      reports[i] = Report{i, ptlabs::current_pid(), ptlabs::current_tid(), job(i)};
    });
  }
  for (auto& t : threads) t.join();
  return reports;
}

}  // namespace lab01
