// Lab 03 — the process version: `workers` child processes share the counting.
#include <stdexcept>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  // TODO: reject workers < 1 with std::invalid_argument; an empty range (lo >= hi) counts 0.
  // TODO: cut [lo, hi) into pieces (many more than workers: the cost of a number grows with it)
  //       and give each worker its share.
  // TODO: fork every worker before awaiting any. A child adds up
  //       ptlabs::count_primes(kernel, a, b) over its pieces, writes the sum to a pipe and
  //       leaves with _exit(). The parent never calls the kernel itself.
  // TODO: read every pipe, waitpid() every child, and return the total.
  (void)lo;
  (void)hi;
  (void)workers;
  (void)kernel;
  throw std::logic_error(
      "lab03::count_primes_in_processes is not written yet (labs/03-cpu-bound/process.cpp)");
}

}  // namespace lab03
