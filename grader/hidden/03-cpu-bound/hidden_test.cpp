// Hidden suite of lab 03 — cpu-bound. Each test suite is one check of the
// catalogue: correctness per version and kernel, and the model checks read
// from the kernel's call log (who made each call, when, over which range).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "ptlabs/call_log.hpp"
#include "ptlabs/identity.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::CallLog;
using ptlabs::CallRecord;
using ptlabs::Kernel;
using Counter = std::int64_t (*)(std::int64_t, std::int64_t, int, Kernel);

// An independent count (sieve of Eratosthenes), so the tests do not trust the kernel.
std::int64_t sieve_count(std::int64_t lo, std::int64_t hi) {
  if (hi <= 2 || lo >= hi) return 0;
  std::vector<bool> composite(static_cast<std::size_t>(hi), false);
  std::int64_t count = 0;
  for (std::int64_t n = 2; n < hi; ++n) {
    if (composite[static_cast<std::size_t>(n)]) continue;
    if (n >= lo) ++count;
    for (std::int64_t m = n * n; m < hi; m += n) composite[static_cast<std::size_t>(m)] = true;
  }
  return count;
}

struct Range {
  std::int64_t lo, hi;
  int workers;
};

std::vector<Range> edge_ranges() {
  return {{0, 0, 2},    {10, 5, 3},  {7, 7, 1},    {0, 3, 2},      {0, 3, 8},
          {-10, 10, 3}, {1, 2, 1},   {2, 3, 1},    {0, 100, 1},    {0, 100, 4},
          {-50, -1, 2}, {97, 98, 5}, {0, 1000, 7}, {990, 1010, 16}};
}

std::vector<Range> random_ranges(std::int64_t max_hi, int count) {
  std::mt19937_64 random(20261123);
  std::vector<Range> ranges;
  for (int i = 0; i < count; ++i) {
    std::int64_t a = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(max_hi));
    std::int64_t b = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(max_hi));
    ranges.push_back({std::min(a, b), std::max(a, b), 1 + static_cast<int>(random() % 6)});
  }
  return ranges;
}

void expect_counts(Counter count, Kernel kernel, const std::vector<Range>& ranges) {
  for (const auto& r : ranges) {
    EXPECT_EQ(count(r.lo, r.hi, r.workers, kernel), sieve_count(r.lo, r.hi))
        << "primes in [" << r.lo << ", " << r.hi << ") with " << r.workers << " workers, "
        << ptlabs::kernel_name(kernel) << " kernel";
  }
  ptlabs::testing::reap_all_children();
}

void expect_bad_workers_rejected(Counter count) {
  EXPECT_THROW(count(0, 100, 0, Kernel::kNative), std::invalid_argument) << "workers = 0";
  EXPECT_THROW(count(0, 100, -3, Kernel::kNative), std::invalid_argument) << "workers = -3";
}

// Records every kernel call of one run, made by whichever process or thread.
std::vector<CallRecord> logged_calls(Counter count, std::int64_t lo, std::int64_t hi, int workers,
                                     Kernel kernel, std::int64_t* result) {
  std::string err;
  if (!CallLog::install(1 << 16, "", &err)) throw std::runtime_error(err);
  *result = count(lo, hi, workers, kernel);
  auto calls = CallLog::records();
  CallLog::uninstall();
  ptlabs::testing::reap_all_children();
  return calls;
}

// The calls' ranges must cover [lo, hi) exactly once.
void expect_exact_cover(std::vector<CallRecord> calls, std::int64_t lo, std::int64_t hi) {
  std::sort(calls.begin(), calls.end(),
            [](const CallRecord& a, const CallRecord& b) { return a.arg0 < b.arg0; });
  std::int64_t next = lo;
  for (const auto& c : calls) {
    if (c.arg0 >= c.arg1) continue;  // empty calls cover nothing
    ASSERT_EQ(c.arg0, next) << (c.arg0 > next ? "a gap" : "an overlap")
                            << " in the kernel calls at " << std::min(c.arg0, next)
                            << ": every number must be counted once";
    next = c.arg1;
  }
  EXPECT_EQ(next, hi) << "the kernel calls stop at " << next << ", before the end of the range";
}

// How many workers were inside their span [first call start, last call end] at one moment.
int peak_overlap(const std::map<int, std::pair<std::uint64_t, std::uint64_t>>& spans) {
  int peak = 0;
  for (const auto& [id, span] : spans) {
    int at_once = 0;
    for (const auto& [other, other_span] : spans) {
      if (other_span.first <= span.first && span.first <= other_span.second) ++at_once;
    }
    peak = std::max(peak, at_once);
  }
  return peak;
}

template <typename WorkerOf>
std::map<int, std::pair<std::uint64_t, std::uint64_t>> spans_by(
    const std::vector<CallRecord>& calls, WorkerOf worker_of) {
  std::map<int, std::pair<std::uint64_t, std::uint64_t>> spans;
  for (const auto& c : calls) {
    auto [it, inserted] = spans.try_emplace(worker_of(c), c.start_ns, c.end_ns);
    if (!inserted) {
      it->second.first = std::min(it->second.first, c.start_ns);
      it->second.second = std::max(it->second.second, c.end_ns);
    }
  }
  return spans;
}

void expect_process_model(Kernel kernel, std::int64_t hi, int workers) {
  std::int64_t result = 0;
  auto calls = logged_calls(lab03::count_primes_in_processes, 0, hi, workers, kernel, &result);
  EXPECT_EQ(result, sieve_count(0, hi));
  std::set<int> pids;
  for (const auto& c : calls) {
    EXPECT_NE(c.pid, ptlabs::current_pid())
        << "the caller made a kernel call over [" << c.arg0 << ", " << c.arg1
        << "): the counting must happen in the child processes";
    pids.insert(c.pid);
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(workers))
      << "the kernel calls came from " << pids.size() << " processes; expected one per worker";
  expect_exact_cover(calls, 0, hi);
  auto spans = spans_by(calls, [](const CallRecord& c) { return c.pid; });
  EXPECT_EQ(peak_overlap(spans), workers)
      << "the workers did not all run at the same time: start every child before awaiting any";
}

void expect_thread_model(Kernel kernel, std::int64_t hi, int workers) {
  std::int64_t result = 0;
  auto calls = logged_calls(lab03::count_primes_in_threads, 0, hi, workers, kernel, &result);
  EXPECT_EQ(result, sieve_count(0, hi));
  std::set<int> tids;
  for (const auto& c : calls) {
    EXPECT_EQ(c.pid, ptlabs::current_pid())
        << "a kernel call ran in another process: the thread version must not fork";
    EXPECT_NE(c.tid, ptlabs::current_tid())
        << "the calling thread made a kernel call: the counting must happen in the workers";
    tids.insert(c.tid);
  }
  EXPECT_EQ(tids.size(), static_cast<std::size_t>(workers))
      << "the kernel calls came from " << tids.size() << " threads; expected one per worker";
  expect_exact_cover(calls, 0, hi);
  auto spans = spans_by(calls, [](const CallRecord& c) { return c.tid; });
  EXPECT_EQ(peak_overlap(spans), workers)
      << "the workers did not all run at the same time: start every thread before joining any";
}

// ---------------------------------------------------------------- processes

TEST(ProcessPrimesNative, EdgeAndRandomRanges) {
  expect_counts(lab03::count_primes_in_processes, Kernel::kNative, edge_ranges());
  expect_counts(lab03::count_primes_in_processes, Kernel::kNative, random_ranges(200000, 12));
  expect_bad_workers_rejected(lab03::count_primes_in_processes);
}

TEST(ProcessPrimesPython, EdgeAndRandomRanges) {
  expect_counts(lab03::count_primes_in_processes, Kernel::kPython, edge_ranges());
  expect_counts(lab03::count_primes_in_processes, Kernel::kPython, random_ranges(20000, 6));
}

TEST(ProcessModel, NativeWorkIsDoneByOneChildPerWorker) {
  expect_process_model(Kernel::kNative, 3000000, 4);
}

TEST(ProcessModel, PythonWorkIsDoneByOneChildPerWorker) {
  expect_process_model(Kernel::kPython, 200000, 3);
}

// ------------------------------------------------------------------ threads

TEST(ThreadPrimesNative, EdgeAndRandomRanges) {
  expect_counts(lab03::count_primes_in_threads, Kernel::kNative, edge_ranges());
  expect_counts(lab03::count_primes_in_threads, Kernel::kNative, random_ranges(200000, 12));
  expect_bad_workers_rejected(lab03::count_primes_in_threads);
}

TEST(ThreadPrimesPython, EdgeAndRandomRanges) {
  expect_counts(lab03::count_primes_in_threads, Kernel::kPython, edge_ranges());
  expect_counts(lab03::count_primes_in_threads, Kernel::kPython, random_ranges(20000, 6));
}

TEST(ThreadModel, NativeWorkIsDoneByOneThreadPerWorker) {
  expect_thread_model(Kernel::kNative, 3000000, 4);
}

TEST(ThreadModel, PythonWorkIsDoneByOneThreadPerWorker) {
  expect_thread_model(Kernel::kPython, 200000, 3);
}

}  // namespace
