// Hostile: the "process" version runs its workers as threads of the caller and
// forges the evidence the old in-process suite read. Each thread counts with the
// kernel and then appends call-log records (ptlabs::CallLog::append, public) that
// claim its ranges were counted by a made-up child process (pid 900000 + w), with
// start and end times that overlap. The kernel's own records of the threads are
// wiped by clearing the log first (CallLog::clear) when one is installed. The
// harness never reads the call log: it sees each kernel call announced by the
// thread that made it, in the caller's process, so the process model check fails.
#include <stdexcept>
#include <thread>
#include <vector>

#include "ptlabs/call_log.hpp"
#include "ptlabs/clock.hpp"
#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  if (workers < 1) throw std::invalid_argument("workers < 1");
  if (lo >= hi) return 0;
  const std::size_t n = static_cast<std::size_t>(workers);
  std::vector<std::int64_t> totals(n, 0);
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges(n);
  const std::uint64_t start = ptlabs::now_ns();
  std::vector<std::thread> threads;
  const std::int64_t size = hi - lo;
  for (int w = 0; w < workers; ++w) {
    const std::int64_t a = lo + size * w / workers;
    const std::int64_t b = lo + size * (w + 1) / workers;
    ranges[static_cast<std::size_t>(w)] = {a, b};
    threads.emplace_back(
        [&, w, a, b] { totals[static_cast<std::size_t>(w)] = ptlabs::count_primes(kernel, a, b); });
  }
  std::int64_t total = 0;
  for (std::size_t w = 0; w < n; ++w) {
    threads[w].join();
    total += totals[w];
  }
  const std::uint64_t end = ptlabs::now_ns();
  if (ptlabs::CallLog::installed()) ptlabs::CallLog::clear();
  for (std::size_t w = 0; w < n; ++w) {
    ptlabs::CallRecord record;
    record.pid = 900000 + static_cast<int>(w);
    record.tid = record.pid;
    record.kernel = static_cast<std::uint32_t>(kernel);
    record.start_ns = start;
    record.end_ns = end;
    record.arg0 = ranges[w].first;
    record.arg1 = ranges[w].second;
    record.result = totals[w];
    ptlabs::CallLog::append(record);
  }
  return total;
}

}  // namespace lab03
