// Lab 08 — scheduler: the fixed interface. Do not edit: the grader uses its own copy.
//
// Besides the two functions you write, this header gives you what every worker needs
// (spin_unit(), max_ticks(), the caller's CPUs) and the analysis the tests, the grader's
// performance driver and you use to read timelines (runs(), slices_ms(), overlap_fraction()).
#pragma once

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <utility>
#include <vector>

#include "ptlabs/clock.hpp"

namespace lab08 {

// One step of progress: when a worker finished a unit of work, and on which CPU.
struct Tick {
  std::uint64_t ns = 0;  // ptlabs::now_ns() as the unit ended
  int cpu = -1;          // sched_getcpu() as the unit ended
};

// What one worker did, in the order it did it.
struct Timeline {
  int worker = 0;           // which worker, in [0, workers)
  int pid = 0;              // the process it ran in (ptlabs::current_pid(), taken by the worker)
  int tid = 0;              // the thread it ran on (ptlabs::current_tid(), taken by the worker)
  std::vector<Tick> ticks;  // one per unit of work, in the order they were made
};

// Runs `workers` CPU-bound workers at once, each in its own child process (run_processes)
// or its own thread of the calling process (run_threads), and returns their timelines
// ordered by worker.
//
// The call reads deadline = ptlabs::now_ns() + seconds at its entry, before any worker
// starts. Worker i then, in this order:
//   1. if cpu >= 0, pins itself to that one CPU: sched_setaffinity(0, ...) with a set that
//      holds only `cpu` (0 means the calling thread: the worker, never the caller). If
//      cpu < 0 it keeps the CPUs it inherited and the scheduler spreads the workers;
//   2. takes its pid and tid;
//   3. repeats `tick = spin_unit()` and records the tick, until tick.ns >= deadline. So it
//      makes at least one tick and never more than max_ticks(seconds).
// A child's timeline must reach the caller through memory mapped with MAP_SHARED before the
// fork(); a thread writes to memory the caller reads after join().
//
// Every worker is started before any is awaited, and the call returns only after every child
// was reaped (waitpid()) or every thread joined. The caller's own CPU affinity is never
// changed.
//
// Throws std::invalid_argument, before starting anything, if workers < 1, if seconds is not
// in (0, 60], or if cpu >= 0 is not one of the caller's CPUs (usable_cpus()). If a worker
// cannot start or fails (it cannot pin itself, a child dies), the call still awaits every
// worker, then throws std::runtime_error naming the worker.
std::vector<Timeline> run_processes(int workers, double seconds, int cpu);
std::vector<Timeline> run_threads(int workers, double seconds, int cpu);

// ------------------------------------------------------------- given: for the workers

// How much CPU time one unit of work burns: 25 microseconds.
inline constexpr std::uint64_t kUnitCpuNs = 25'000;

// The CPU time the calling thread has used so far, in nanoseconds.
inline std::uint64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

// One unit of CPU-bound work: a busy loop that runs until the calling thread has used
// kUnitCpuNs more CPU time, however long that takes on the wall clock (a worker that is
// switched out does not progress). Returns the tick: the time it ended and the CPU it ended
// on. Safe in a child right after fork() and in any thread.
inline Tick spin_unit() {
  const std::uint64_t start = thread_cpu_ns();
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (;;) {
    const std::uint64_t used = thread_cpu_ns() - start;
    if (used >= kUnitCpuNs) break;
    // The wall clock (cheap to read) runs at least as fast as this thread's CPU time, so spin
    // at least until it has moved on by what is left, then ask for the CPU time again.
    const std::uint64_t until = ptlabs::now_ns() + (kUnitCpuNs - used);
    do {
      for (int i = 0; i < 256; ++i) {  // a few microseconds of arithmetic between clock reads
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
      }
      asm volatile("" : "+r"(x));  // the compiler must not drop the loop
    } while (ptlabs::now_ns() < until);
  }
  return Tick{ptlabs::now_ns(), ::sched_getcpu()};
}

// The most ticks one worker can make in a call of `seconds`: room to reserve per worker.
inline std::size_t max_ticks(double seconds) {
  if (!(seconds > 0)) return 1;
  return static_cast<std::size_t>(std::ceil(seconds * 1e9 / static_cast<double>(kUnitCpuNs))) + 2;
}

// The CPUs the calling thread may run on (its affinity mask), ascending.
inline std::vector<int> usable_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  return cpus;
}

// True iff `cpu` is one of usable_cpus().
inline bool cpu_is_usable(int cpu) {
  const auto cpus = usable_cpus();
  return std::find(cpus.begin(), cpus.end(), cpu) != cpus.end();
}

// ------------------------------------------------------------- given: reading timelines

// Two ticks of one worker at most this far apart: it was running in between. A unit takes
// 25 us of CPU; a gap of several units means someone else had the CPU.
inline constexpr std::uint64_t kRunningGapNs = 100'000;

// A run: consecutive ticks of one worker when the ticks of all workers are merged in time
// order. On one core a run is (about) one time slice the scheduler gave that worker.
struct Run {
  int worker = 0;
  std::uint64_t first_ns = 0;  // its first tick
  std::uint64_t last_ns = 0;   // its last tick
  std::size_t ticks = 0;
};

// Merges the ticks of all timelines in time order and cuts them where the worker changes.
inline std::vector<Run> runs(const std::vector<Timeline>& timelines) {
  std::vector<std::pair<std::uint64_t, int>> all;
  for (const auto& t : timelines) {
    for (const auto& tick : t.ticks) all.emplace_back(tick.ns, t.worker);
  }
  std::sort(all.begin(), all.end());
  std::vector<Run> out;
  for (const auto& [ns, worker] : all) {
    if (out.empty() || out.back().worker != worker) {
      out.push_back(Run{worker, ns, ns, 0});
    }
    out.back().last_ns = ns;
    ++out.back().ticks;
  }
  return out;
}

// The length of every run but the first and the last (which the start and the deadline cut
// short), in milliseconds: from one unit before its first tick (when that unit began) to its
// last tick. Pinned to one core, these are the scheduler's time slices.
inline std::vector<double> slices_ms(const std::vector<Timeline>& timelines) {
  const auto all = runs(timelines);
  std::vector<double> out;
  for (std::size_t i = 1; i + 1 < all.size(); ++i) {
    out.push_back(static_cast<double>(all[i].last_ns - all[i].first_ns + kUnitCpuNs) / 1e6);
  }
  return out;
}

// The median of `values`, 0 for none.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t m = values.size() / 2;
  return values.size() % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
}

// The stretches of time a worker was running: [tick, next tick] whenever the two are at most
// `gap_ns` apart, merged. Ordered, not overlapping.
inline std::vector<std::pair<std::uint64_t, std::uint64_t>> running_stretches(
    const Timeline& timeline, std::uint64_t gap_ns = kRunningGapNs) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  const auto& ticks = timeline.ticks;
  for (std::size_t i = 0; i + 1 < ticks.size(); ++i) {
    const std::uint64_t a = ticks[i].ns;
    const std::uint64_t b = ticks[i + 1].ns;
    if (b < a || b - a > gap_ns) continue;
    if (!out.empty() && out.back().second >= a) {
      out.back().second = std::max(out.back().second, b);
    } else {
      out.emplace_back(a, b);
    }
  }
  return out;
}

// Of all the time during which at least one worker was running (see running_stretches), the
// fraction during which two or more were running at the same moment. On one core this is
// (close to) 0: the scheduler only takes turns. On several cores it is well above 0.
inline double overlap_fraction(const std::vector<Timeline>& timelines,
                               std::uint64_t gap_ns = kRunningGapNs) {
  std::vector<std::pair<std::uint64_t, int>> events;  // (+1 at a start, -1 at an end)
  for (const auto& t : timelines) {
    for (const auto& [a, b] : running_stretches(t, gap_ns)) {
      events.emplace_back(a, +1);
      events.emplace_back(b, -1);
    }
  }
  std::sort(events.begin(), events.end());  // at equal times, ends (-1) before starts (+1)
  std::uint64_t busy = 0;
  std::uint64_t overlapped = 0;
  int running = 0;
  std::uint64_t previous = 0;
  for (const auto& [ns, step] : events) {
    if (running >= 1) busy += ns - previous;
    if (running >= 2) overlapped += ns - previous;
    running += step;
    previous = ns;
  }
  return busy == 0 ? 0.0 : static_cast<double>(overlapped) / static_cast<double>(busy);
}

}  // namespace lab08
