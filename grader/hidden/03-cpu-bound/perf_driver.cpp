// Performance driver of lab 03 — cpu-bound: runs ONE timed trial in this fresh
// process and prints one JSON line. The grader's perf engine runs many of these,
// interleaved, and judges the medians.
//
//   perf_driver VARIANT KERNEL LO HI WORKERS
//
//   processes       the submission's count_primes_in_processes(LO, HI, WORKERS, KERNEL)
//   threads         the submission's count_primes_in_threads(...)
//   serial          one kernel call over [LO, HI) on this thread (the baseline)
//   probe-serial    one forked child runs the kernel over [LO, HI)
//   probe-parallel  WORKERS forked children each run the kernel over [LO, HI) at once:
//                   how much parallel work the machine really offers right now
//
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "result": ..., "calls": ...} or
//         {"ok": false, "error": "..."}; exit status 0 unless the usage is wrong.
// "calls" (threads and processes only) is the kernel-call log of the trial, for the
// report's timeline: for each worker (a thread for threads, a process for processes,
// in the order of their first call) its calls as [start_ms, end_ms] from the earliest
// call, at most kMaxCallsShown in all (closer calls are joined when there are more).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ptlabs/call_log.hpp"
#include "ptlabs/clock.hpp"
#include "ptlabs/kernel.hpp"
#include "support/perf_support.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::cpu_seconds;

// Forks `copies` children that each count [lo, hi) and awaits them all.
std::int64_t probe(int copies, ptlabs::Kernel kernel, std::int64_t lo, std::int64_t hi) {
  std::vector<pid_t> pids;
  for (int i = 0; i < copies; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(ptlabs::count_primes(kernel, lo, hi) >= 0 ? 0 : 1);
    if (pid < 0) throw std::runtime_error("probe: fork failed");
    pids.push_back(pid);
  }
  for (pid_t pid : pids) ::waitpid(pid, nullptr, 0);
  return 0;
}

// The call log holds this many calls; a submission that makes more (one call per
// number, say) loses the rest from the picture, not from the measurement.
constexpr std::size_t kCallLogCapacity = 1 << 16;
// Calls kept in the JSON line in all, so the line stays small for the engine.
constexpr std::size_t kMaxCallsShown = 1600;

double rounded_ms(std::uint64_t ns, std::uint64_t origin) {
  const double ms = static_cast<double>(ns - std::min(ns, origin)) / 1e6;
  return std::round(ms * 1000) / 1000;
}

using Stretch = std::pair<std::uint64_t, std::uint64_t>;

// Joins a worker's calls across ever larger gaps until at most `limit` remain.
std::vector<Stretch> joined(std::vector<Stretch> calls, std::size_t limit) {
  std::uint64_t gap = 1'000'000;  // 1 ms
  while (calls.size() > std::max<std::size_t>(limit, 1)) {
    std::vector<Stretch> fewer;
    for (const auto& c : calls) {
      if (!fewer.empty() && c.first <= fewer.back().second + gap) {
        fewer.back().second = std::max(fewer.back().second, c.second);
      } else {
        fewer.push_back(c);
      }
    }
    calls = std::move(fewer);
    gap *= 2;
  }
  return calls;
}

// The logged calls per worker, for the report's timeline (see the header comment).
nlohmann::json calls_per_worker(bool by_process) {
  const auto records = ptlabs::CallLog::records();
  std::map<std::int32_t, std::vector<Stretch>> by_worker;
  std::uint64_t origin = std::numeric_limits<std::uint64_t>::max();
  for (const auto& r : records) {
    by_worker[by_process ? r.pid : r.tid].emplace_back(r.start_ns, r.end_ns);
    origin = std::min(origin, r.start_ns);
  }
  std::vector<std::vector<Stretch>> workers;
  for (auto& [id, calls] : by_worker) {
    std::sort(calls.begin(), calls.end());
    workers.push_back(std::move(calls));
  }
  std::sort(workers.begin(), workers.end(),
            [](const auto& a, const auto& b) { return a.front().first < b.front().first; });
  nlohmann::json out = nlohmann::json::array();
  const std::size_t limit = kMaxCallsShown / std::max<std::size_t>(workers.size(), 1);
  for (const auto& calls : workers) {
    nlohmann::json stretches = nlohmann::json::array();
    for (const auto& [a, b] : joined(calls, limit)) {
      stretches.push_back({rounded_ms(a, origin), rounded_ms(b, origin)});
    }
    out.push_back(std::move(stretches));
  }
  return out;
}

int usage() {
  std::fprintf(stderr,
               "usage: perf_driver processes|threads|serial|probe-serial|probe-parallel "
               "native|python LO HI WORKERS\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) return usage();
  const std::string variant = argv[1];
  const auto kernel = ptlabs::parse_kernel(argv[2]);
  const std::int64_t lo = std::atoll(argv[3]);
  const std::int64_t hi = std::atoll(argv[4]);
  const int workers = std::atoi(argv[5]);
  if (!kernel || workers < 1) return usage();

  ptlabs::prepare_kernel(*kernel);  // the interpreter starts before the clock does
  nlohmann::json out;
  try {
    // Installed before any worker starts, so forked children log into it too.
    std::string err;
    if (!ptlabs::CallLog::install(kCallLogCapacity, "", &err)) throw std::runtime_error(err);
    const double cpu_start = cpu_seconds();
    const std::uint64_t start = ptlabs::now_ns();
    std::int64_t result = 0;
    if (variant == "processes") {
      result = lab03::count_primes_in_processes(lo, hi, workers, *kernel);
    } else if (variant == "threads") {
      result = lab03::count_primes_in_threads(lo, hi, workers, *kernel);
    } else if (variant == "serial") {
      result = ptlabs::count_primes(*kernel, lo, hi);
    } else if (variant == "probe-serial") {
      result = probe(1, *kernel, lo, hi);
    } else if (variant == "probe-parallel") {
      result = probe(workers, *kernel, lo, hi);
    } else {
      return usage();
    }
    out = {{"ok", true},
           {"wall_s", ptlabs::seconds_since(start)},
           {"cpu_s", cpu_seconds() - cpu_start},
           {"result", result}};
    if (variant == "threads" || variant == "processes") {
      out["calls"] = calls_per_worker(variant == "processes");
    }
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
