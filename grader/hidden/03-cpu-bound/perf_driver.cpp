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
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "result": ...} or
//         {"ok": false, "error": "..."}; exit status 0 unless the usage is wrong.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

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
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
