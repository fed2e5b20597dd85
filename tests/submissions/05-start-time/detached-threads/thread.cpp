// Wrong: the threads are detached, and the call returns as soon as every worker has reported
// its start, while their work(i) may still be running. Nothing is joined.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_threads(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n < 0");
  struct Shared {
    std::mutex mutex;
    std::condition_variable reported;
    std::vector<Start> starts;
    int count = 0;
  };
  auto shared = std::make_shared<Shared>();
  shared->starts.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::thread([i, shared, &work] {
      Start s{i, 0, 0, ptlabs::now_ns()};
      s.pid = ptlabs::current_pid();
      s.tid = ptlabs::current_tid();
      {
        std::lock_guard lock(shared->mutex);
        shared->starts[static_cast<std::size_t>(i)] = s;
        ++shared->count;
      }
      shared->reported.notify_all();
      work(i);  // still running after the caller returned
    }).detach();
  }
  std::unique_lock lock(shared->mutex);
  shared->reported.wait(lock, [&] { return shared->count == n; });
  result.workers = shared->starts;
  return result;
}

}  // namespace lab05
