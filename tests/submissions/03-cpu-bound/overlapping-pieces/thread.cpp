// Wrong: pieces overlap by one number, so some primes are counted twice.
//
// Each thread adds into its own slot, so no lock is needed. With the native
// kernel the threads run in parallel; with the python kernel they take turns
// holding the interpreter's GIL, which is the lesson of this lab.
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "ptlabs/kernel.hpp"
#include "split.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_threads(std::int64_t lo, std::int64_t hi, int workers,
                                     ptlabs::Kernel kernel) {
  check_workers(workers);
  if (lo >= hi) return 0;
  const auto count = static_cast<std::size_t>(workers);
  std::vector<std::int64_t> totals(count, 0);
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  threads.reserve(count);
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([=, &totals, &errors] {
      try {
        for (auto [a, b] : pieces_for(lo, hi, w, workers)) {
          // wrong: each piece reaches one number into the next, counted twice
          totals[static_cast<std::size_t>(w)] += ptlabs::count_primes(kernel, a, b + 1);
        }
      } catch (...) {
        errors[static_cast<std::size_t>(w)] = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::int64_t total = 0;
  for (std::size_t w = 0; w < count; ++w) {
    if (errors[w]) {
      try {
        std::rethrow_exception(errors[w]);
      } catch (const std::exception& e) {
        throw std::runtime_error("worker " + std::to_string(w) + " failed: " + e.what());
      }
    }
    total += totals[w];
  }
  return total;
}

}  // namespace lab03
