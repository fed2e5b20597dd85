// Lab 05 — reference thread version: one thread per worker, all in this process.
//
// A new thread needs a stack and a kernel task that shares this address space:
// nothing is copied, which is why it starts sooner than a child process. Each
// thread writes only its own slot, so no lock is needed; join() makes the
// writes visible to the caller.
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_threads(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  const auto count = static_cast<std::size_t>(n);
  result.workers.resize(count);
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  threads.reserve(count);
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    Start& slot = result.workers[static_cast<std::size_t>(i)];
    std::exception_ptr& error = errors[static_cast<std::size_t>(i)];
    try {
      threads.emplace_back([i, &work, &slot, &error] {
        const std::uint64_t started_ns = ptlabs::now_ns();  // the thread's first action
        slot = Start{i, ptlabs::current_pid(), ptlabs::current_tid(), started_ns};
        try {
          work(i);
        } catch (...) {
          error = std::current_exception();
        }
      });
    } catch (const std::system_error& e) {
      start_error = "worker " + std::to_string(i) + " could not start: " + e.what();
      break;
    }
  }
  for (auto& thread : threads) thread.join();
  if (!start_error.empty()) throw std::runtime_error(start_error);

  for (std::size_t i = 0; i < count; ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception& e) {
      throw std::runtime_error("worker " + std::to_string(i) + " failed: work threw: " + e.what());
    } catch (...) {
      throw std::runtime_error("worker " + std::to_string(i) + " failed: unknown exception");
    }
  }
  return result;
}

}  // namespace lab05
