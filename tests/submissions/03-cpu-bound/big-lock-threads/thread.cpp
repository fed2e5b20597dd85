// Wrong: every worker holds one shared mutex for its whole loop, so the threads
// run one after another however many cores there are.
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_threads(std::int64_t lo, std::int64_t hi, int workers,
                                     ptlabs::Kernel kernel) {
  if (workers < 1) throw std::invalid_argument("workers < 1");
  if (lo >= hi) return 0;
  std::mutex lock;
  std::int64_t total = 0;
  const std::int64_t size = hi - lo;
  const std::int64_t pieces = std::min<std::int64_t>(size, 16 * workers);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      std::lock_guard guard(lock);  // held around all of this worker's work
      for (std::int64_t p = w; p < pieces; p += workers) {
        total += ptlabs::count_primes(kernel, lo + size * p / pieces, lo + size * (p + 1) / pieces);
      }
    });
  }
  for (auto& t : threads) t.join();
  return total;
}

}  // namespace lab03
