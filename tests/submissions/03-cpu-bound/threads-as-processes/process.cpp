// Wrong: the "process" version runs its workers as threads of the caller.
#include <stdexcept>
#include <thread>
#include <vector>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  if (workers < 1) throw std::invalid_argument("workers < 1");
  if (lo >= hi) return 0;
  std::vector<std::int64_t> totals(static_cast<std::size_t>(workers), 0);
  std::vector<std::thread> threads;
  const std::int64_t size = hi - lo;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      std::int64_t a = lo + size * w / workers;
      std::int64_t b = lo + size * (w + 1) / workers;
      totals[static_cast<std::size_t>(w)] = ptlabs::count_primes(kernel, a, b);
    });
  }
  std::int64_t total = 0;
  for (int w = 0; w < workers; ++w) {
    threads[static_cast<std::size_t>(w)].join();
    total += totals[static_cast<std::size_t>(w)];
  }
  return total;
}

}  // namespace lab03
