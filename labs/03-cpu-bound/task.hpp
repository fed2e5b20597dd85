// Lab 03 — cpu-bound: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <cstdint>

#include "ptlabs/kernel.hpp"

namespace lab03 {

// Counts the primes p with lo <= p < hi using `workers` child processes (resp. threads),
// calling ptlabs::count_primes(kernel, a, b) for every part of the range: all counting goes
// through the kernel, and the calling process (resp. thread) only coordinates. Every worker is
// started before any is awaited, and each of them makes at least one kernel call when the
// range holds at least `workers` numbers. lo >= hi gives 0. workers < 1 throws
// std::invalid_argument; a worker that fails (crash, exception) makes it throw
// std::runtime_error naming the worker, after all workers were awaited.
std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel);
std::int64_t count_primes_in_threads(std::int64_t lo, std::int64_t hi, int workers,
                                     ptlabs::Kernel kernel);

}  // namespace lab03
