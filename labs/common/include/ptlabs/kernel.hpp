// Kernels: the measured unit of CPU-bound work, in two flavours with one interface.
//
//   kNative  the loop compiled C++. Threads and processes both run it in parallel.
//   kPython  the same loop as real Python code, run by an embedded CPython
//            interpreter that holds the real Global Interpreter Lock: threads of
//            one process take turns, forked processes (each with its own copy of
//            the interpreter) run in parallel.
//
// Every call is appended to the call log (call_log.hpp) when one is installed:
// pid, tid, kernel, start and end time, the range and the result. Under the
// grader's harness each call is also announced, by the task that makes it, to the
// harness (kernel.cpp): that, not the call log, is what the grader judges.
//
// Thread-safety: count_primes() may be called from any number of threads; the
// python kernel takes the GIL inside each call. Fork-safety: a process may
// fork() at any time from a thread that is not inside a kernel call; the child
// can call the kernel right away (CPython's before/after-fork hooks run
// inside, from pthread_atfork handlers).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ptlabs {

enum class Kernel : std::uint32_t { kNative = 1, kPython = 2 };

// Returns "native" or "python".
std::string_view kernel_name(Kernel kernel);

// Parses "native" or "python".
std::optional<Kernel> parse_kernel(std::string_view name);

// Returns how many primes p satisfy lo <= p < hi (0 when lo >= hi), by trial
// division: the cost of a number n grows like sqrt(n). Logs the call.
std::int64_t count_primes(Kernel kernel, std::int64_t lo, std::int64_t hi);

// Starts the kernel's machinery now instead of on the first call (for the
// python kernel: the interpreter). Measurements call it before the clock starts.
void prepare_kernel(Kernel kernel);

}  // namespace ptlabs
