// Lab 03 — the thread version: `workers` threads of this process share the counting.
#include <stdexcept>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_threads(std::int64_t lo, std::int64_t hi, int workers,
                                     ptlabs::Kernel kernel) {
  // TODO: reject workers < 1 with std::invalid_argument; an empty range (lo >= hi) counts 0.
  // TODO: start `workers` threads; each adds up ptlabs::count_primes(kernel, a, b) over its
  //       share of the pieces into a slot of its own. The calling thread only waits.
  // TODO: join them all and return the sum of the slots.
  (void)lo;
  (void)hi;
  (void)workers;
  (void)kernel;
  throw std::logic_error(
      "lab03::count_primes_in_threads is not written yet (labs/03-cpu-bound/thread.cpp)");
}

}  // namespace lab03
