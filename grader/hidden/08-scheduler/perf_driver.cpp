// Performance driver of lab 08 — scheduler: runs ONE trial in this fresh process and prints
// one JSON line. The grader runs it and judges the numbers (perf kind "scheduler").
//
//   perf_driver threads|processes|probe WORKERS SECONDS pinned|spread
//
//   threads|processes  the submission's run_threads / run_processes
//   probe              the framework's own baseline, not the submission: this driver forks
//                      WORKERS children itself that do what the reference does (pin when
//                      pinned, spin_unit() until the deadline, ticks in shared memory). Run in
//                      the same rounds, it tells a busy machine (the probe cannot overlap
//                      either) from a submission that keeps its workers on one core
//   WORKERS            1 .. 64 workers
//   SECONDS            how long they spin, (0, 10]
//   pinned             all workers pinned to one CPU: the last of this process's CPUs
//   spread             cpu = -1: the workers may use every CPU of this process
//
// Output, one line:
//   {"ok": true, "variant", "mode", "workers", "seconds", "cpu" (-1 when spread),
//    "usable_cores" (CPUs in this process's affinity mask), "cpus_used" (distinct CPUs the
//    ticks were made on), "overlap_fraction", "median_slice_ms", "slices" (how many),
//    "ticks" (all workers together), "wall_s", "cpu_share" (the CPU time the workers got,
//    ticks x 25 us, over what min(WORKERS, usable cores) free cores give in wall_s: near 1 on
//    a quiet machine, low when other programs hold the cores, which makes a low overlap
//    inconclusive rather than wrong),
//    "timeline": for each worker, ordered by worker, its running stretches as [start_ms,
//    end_ms] from the earliest tick of any worker (at most 200 per worker: closer stretches
//    are joined when there are more)}
// or {"ok": false, "error": "..."} when the call threw or broke the lab's rules (wrong number
// of timelines, ticks outside the call, the wrong process or thread, a pinned tick on another
// CPU). Exit status 0 unless the usage is wrong (2).
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace {

constexpr int kMaxWorkers = 64;
constexpr double kMaxSeconds = 10;
constexpr std::size_t kMaxStretchesPerWorker = 200;

int usage() {
  std::fprintf(stderr,
               "usage: perf_driver threads|processes|probe WORKERS SECONDS pinned|spread\n"
               "       (1 <= WORKERS <= %d, 0 < SECONDS <= %g)\n",
               kMaxWorkers, kMaxSeconds);
  return 2;
}

bool parse_int(const char* text, long long* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0' && errno == 0;
}

bool parse_double(const char* text, double* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(text, &end);
  return end != text && *end == '\0' && errno == 0 && std::isfinite(*out);
}

// Checks the submission's result against the lab's rules; throws with the reason.
void validate(const std::vector<lab08::Timeline>& timelines, int workers, bool processes, int cpu,
              std::uint64_t before, std::uint64_t after) {
  if (timelines.size() != static_cast<std::size_t>(workers)) {
    throw std::runtime_error("expected " + std::to_string(workers) + " timelines, got " +
                             std::to_string(timelines.size()));
  }
  const int self = ptlabs::current_pid();
  std::set<int> ids;
  for (int i = 0; i < workers; ++i) {
    const auto& t = timelines[static_cast<std::size_t>(i)];
    const std::string who = "worker " + std::to_string(i);
    if (t.worker != i) throw std::runtime_error("timelines are not ordered by worker");
    if (t.ticks.empty()) throw std::runtime_error(who + " recorded no tick");
    if (processes && t.pid == self) throw std::runtime_error(who + " ran in the caller's process");
    if (!processes && t.pid != self) throw std::runtime_error(who + " left the caller's process");
    ids.insert(processes ? t.pid : t.tid);
    std::uint64_t previous = 0;
    for (const auto& tick : t.ticks) {
      if (tick.ns <= previous) throw std::runtime_error(who + ": ticks out of time order");
      if (tick.ns < before || tick.ns > after) {
        throw std::runtime_error(who + ": a tick outside the call");
      }
      if (cpu >= 0 && tick.cpu != cpu) {
        throw std::runtime_error(who + ": pinned to CPU " + std::to_string(cpu) +
                                 " but made a tick on CPU " + std::to_string(tick.cpu));
      }
      previous = tick.ns;
    }
  }
  if (ids.size() != static_cast<std::size_t>(workers)) {
    throw std::runtime_error(processes ? "two workers share a pid" : "two workers share a tid");
  }
}

// The probe: WORKERS children forked here, pinned to `cpu` when cpu >= 0, each spinning
// until the deadline with its ticks in one shared block. Throws if a child fails.
std::vector<lab08::Timeline> run_probe(int workers, double seconds, int cpu) {
  const std::uint64_t deadline =
      ptlabs::now_ns() + static_cast<std::uint64_t>(std::llround(seconds * 1e9));
  const std::size_t capacity = lab08::max_ticks(seconds);
  const auto n = static_cast<std::size_t>(workers);
  struct Head {
    int pid;
    std::size_t count;
  };
  const std::size_t bytes = n * (sizeof(Head) + capacity * sizeof(lab08::Tick));
  void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("probe: mmap failed");
  auto* heads = static_cast<Head*>(memory);
  auto* ticks = reinterpret_cast<lab08::Tick*>(heads + n);
  std::vector<pid_t> pids;
  for (std::size_t i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (::sched_setaffinity(0, sizeof set, &set) != 0) ::_exit(3);
      }
      lab08::Tick* mine = ticks + i * capacity;
      std::size_t count = 0;
      lab08::Tick tick;
      do {
        tick = lab08::spin_unit();
        if (count < capacity) mine[count++] = tick;
      } while (tick.ns < deadline);
      heads[i].pid = ptlabs::current_pid();
      heads[i].count = count;
      ::_exit(0);
    }
    if (pid < 0) break;
    pids.push_back(pid);
  }
  bool failed = pids.size() != n;
  for (pid_t pid : pids) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = true;
  }
  std::vector<lab08::Timeline> timelines(n);
  for (std::size_t i = 0; i < n && !failed; ++i) {
    timelines[i].worker = static_cast<int>(i);
    timelines[i].pid = heads[i].pid;
    timelines[i].tid = heads[i].pid;
    const lab08::Tick* mine = ticks + i * capacity;
    timelines[i].ticks.assign(mine, mine + std::min(heads[i].count, capacity));
  }
  ::munmap(memory, bytes);
  if (failed) throw std::runtime_error("probe: a child could not start or failed");
  return timelines;
}

double rounded_ms(std::uint64_t ns, std::uint64_t origin) {
  const double ms = static_cast<double>(ns - std::min(ns, origin)) / 1e6;
  return std::round(ms * 1000) / 1000;
}

// A worker's running stretches, joined across ever larger gaps until at most `limit` remain.
std::vector<std::pair<std::uint64_t, std::uint64_t>> picture_stretches(const lab08::Timeline& t,
                                                                       std::size_t limit) {
  auto stretches = lab08::running_stretches(t);
  if (stretches.empty() && !t.ticks.empty()) {
    const std::uint64_t first = t.ticks.front().ns;
    stretches.emplace_back(first - std::min(first, lab08::kUnitCpuNs), first);
  }
  std::uint64_t gap = lab08::kRunningGapNs;
  while (stretches.size() > limit) {
    gap *= 2;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> joined;
    for (const auto& s : stretches) {
      if (!joined.empty() && s.first - joined.back().second <= gap) {
        joined.back().second = s.second;
      } else {
        joined.push_back(s);
      }
    }
    stretches = std::move(joined);
  }
  return stretches;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return usage();
  const std::string variant = argv[1];
  const std::string mode = argv[4];
  long long workers_arg = 0;
  double seconds = 0;
  if ((variant != "threads" && variant != "processes" && variant != "probe") ||
      (mode != "pinned" && mode != "spread") || !parse_int(argv[2], &workers_arg) ||
      workers_arg < 1 || workers_arg > kMaxWorkers || !parse_double(argv[3], &seconds) ||
      seconds <= 0 || seconds > kMaxSeconds) {
    return usage();
  }
  const int workers = static_cast<int>(workers_arg);
  const bool processes = variant != "threads";

  nlohmann::json out;
  try {
    const auto usable = lab08::usable_cpus();
    if (usable.empty()) throw std::runtime_error("sched_getaffinity names no CPU");
    const int cpu = mode == "pinned" ? usable.back() : -1;
    const std::uint64_t before = ptlabs::now_ns();
    const auto timelines = variant == "probe"       ? run_probe(workers, seconds, cpu)
                           : variant == "processes" ? lab08::run_processes(workers, seconds, cpu)
                                                    : lab08::run_threads(workers, seconds, cpu);
    const std::uint64_t after = ptlabs::now_ns();
    validate(timelines, workers, processes, cpu, before, after);

    std::uint64_t origin = std::numeric_limits<std::uint64_t>::max();
    std::set<int> cpus_used;
    std::size_t ticks = 0;
    for (const auto& t : timelines) {
      origin = std::min(origin, t.ticks.front().ns);
      for (const auto& tick : t.ticks) cpus_used.insert(tick.cpu);
      ticks += t.ticks.size();
    }
    origin -= std::min(origin, lab08::kUnitCpuNs);  // the first unit began one unit earlier
    nlohmann::json picture = nlohmann::json::array();
    for (const auto& t : timelines) {
      nlohmann::json stretches = nlohmann::json::array();
      for (const auto& [a, b] : picture_stretches(t, kMaxStretchesPerWorker)) {
        stretches.push_back({rounded_ms(a, origin), rounded_ms(b, origin)});
      }
      picture.push_back(std::move(stretches));
    }
    const auto slices = lab08::slices_ms(timelines);
    const double wall_s = static_cast<double>(after - before) / 1e9;
    const double cores = static_cast<double>(
        std::min<std::size_t>(static_cast<std::size_t>(workers), cpu >= 0 ? 1 : usable.size()));
    const double cpu_share = static_cast<double>(ticks) * static_cast<double>(lab08::kUnitCpuNs) /
                             1e9 / (wall_s * cores);
    out = {{"ok", true},
           {"variant", variant},
           {"mode", mode},
           {"workers", workers},
           {"seconds", seconds},
           {"cpu", cpu},
           {"usable_cores", usable.size()},
           {"cpus_used", cpus_used.size()},
           {"overlap_fraction", lab08::overlap_fraction(timelines)},
           {"median_slice_ms", lab08::median(slices)},
           {"slices", slices.size()},
           {"ticks", ticks},
           {"wall_s", wall_s},
           {"cpu_share", std::round(cpu_share * 1000) / 1000},
           {"timeline", std::move(picture)}};
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
