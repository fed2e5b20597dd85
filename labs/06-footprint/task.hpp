// Lab 06 — footprint: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace lab06 {

// A large table the caller built (and wrote every page of) before the call. Workers read it;
// they must never write to it, not even a byte, not even the value that is already there.
struct Table {
  const std::uint8_t* data;
  std::size_t size;
};

// The sum of the table's bytes: what every worker computes by reading the whole table.
inline std::uint64_t sum_bytes(Table table) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < table.size; ++i) sum += table.data[i];
  return sum;
}

// Keeps n workers alive at once: n child processes of the caller (hold_processes), resp. n
// threads of the calling process (hold_threads), all started before any is awaited.
// Worker i, in this order:
//   1. allocates its own buffer of buffer_bytes bytes and writes to every page of it;
//   2. reads the whole table: its sum is sum_bytes(table);
//   3. tells the caller it is ready (a child sends its sum, e.g. through a pipe), then waits
//      until the caller lets it go, keeping its buffer;
//   4. ends (a child leaves with _exit()).
// Once all n workers are ready, the call runs while_alive() exactly once, on the calling
// thread, while all n are alive and hold their buffers. Then it lets every worker go, awaits
// each (waitpid() resp. join()), and returns the n sums ordered by worker index. No child and
// no thread is left behind.
//
// n == 0 starts nothing and still runs while_alive() once. n < 0 throws std::invalid_argument
// before anything starts and without running while_alive(). If a worker cannot start or fails
// before it is ready (its buffer cannot be allocated, a child dies or sends no sum),
// while_alive() is not run: every worker that was started is let go and awaited, then
// std::runtime_error naming the worker's index is thrown. If while_alive() throws, every
// worker is let go and awaited, then that same exception reaches the caller.
std::vector<std::uint64_t> hold_processes(int n, std::size_t buffer_bytes, Table table,
                                          const std::function<void()>& while_alive);
std::vector<std::uint64_t> hold_threads(int n, std::size_t buffer_bytes, Table table,
                                        const std::function<void()>& while_alive);

}  // namespace lab06
