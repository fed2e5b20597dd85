// Wrong: the "process" version holds its workers as threads of the caller.
#include <latch>
#include <memory>
#include <stdexcept>
#include <thread>

#include "task.hpp"

namespace lab06 {

std::vector<std::uint64_t> hold_processes(int n, std::size_t buffer_bytes, Table table,
                                          const std::function<void()>& while_alive) {
  if (n < 0) throw std::invalid_argument("n < 0");
  const auto count = static_cast<std::size_t>(n);
  std::vector<std::uint64_t> sums(count, 0);
  std::vector<std::exception_ptr> errors(count);
  std::latch ready(n);
  std::latch release(1);
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < count; ++k) {
    threads.emplace_back([&, k] {
      std::unique_ptr<std::uint8_t[]> buffer;
      try {
        buffer.reset(new std::uint8_t[buffer_bytes]);
        volatile std::uint8_t* p = buffer.get();
        for (std::size_t i = 0; i < buffer_bytes; i += 4096) p[i] = 1;
        sums[k] = sum_bytes(table);
      } catch (...) {
        errors[k] = std::current_exception();
      }
      ready.count_down();
      release.wait();
    });
  }
  ready.wait();
  bool failed = false;
  for (const auto& e : errors) failed = failed || e != nullptr;
  std::exception_ptr callback_error;
  if (!failed) {
    try {
      while_alive();
    } catch (...) {
      callback_error = std::current_exception();
    }
  }
  release.count_down();
  for (auto& t : threads) t.join();
  if (callback_error) std::rethrow_exception(callback_error);
  for (std::size_t k = 0; k < count; ++k) {
    if (errors[k]) throw std::runtime_error("worker " + std::to_string(k) + " failed");
  }
  return sums;
}

}  // namespace lab06
