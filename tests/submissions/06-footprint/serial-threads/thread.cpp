// Wrong: each thread is started and joined before the next one starts, and while_alive()
// runs after the last: it never sees the n threads at once.
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "task.hpp"

namespace lab06 {

std::vector<std::uint64_t> hold_threads(int n, std::size_t buffer_bytes, Table table,
                                        const std::function<void()>& while_alive) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<std::uint64_t> sums(static_cast<std::size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    std::exception_ptr error;
    std::thread worker([&, i] {
      try {
        std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[buffer_bytes]);
        volatile std::uint8_t* p = buffer.get();
        for (std::size_t k = 0; k < buffer_bytes; k += 4096) p[k] = 1;
        sums[static_cast<std::size_t>(i)] = sum_bytes(table);
      } catch (...) {
        error = std::current_exception();
      }
    });
    worker.join();  // joined right here, before the next one starts
    if (error) throw std::runtime_error("worker " + std::to_string(i) + " failed");
  }
  while_alive();
  return sums;
}

}  // namespace lab06
