// Hidden suite of lab 08 — scheduler. Each test suite here is one check of the catalogue
// (labs/labs.toml): ProcessModel, ProcessPinned, ... .
//
// Everything here holds on a loaded machine with any number of usable CPUs:
//   - pinned to one CPU (one of the caller's own, from sched_getaffinity), every tick must
//     have been made on that CPU, and no two workers may make progress at the same moment
//     (overlap_fraction() below 5 %): one core runs one worker at a time;
//   - on that one core the scheduler takes turns in slices of a few milliseconds: the median
//     slice lies between 0.5 ms and 50 ms, and every worker gets several turns;
//   - the model: the process version's timelines come from children the caller forked (a
//     pthread_atfork probe records them in shared memory), the thread version's from distinct
//     threads of the caller's process, with no fork();
//   - all workers are alive at once until the deadline; no zombie, no thread left behind; the
//     caller's own CPU affinity is unchanged.
// Whether spread workers run *at the same moment* depends on the number of usable cores and
// on the load, so that is the grader's performance check (kind "scheduler"), not a test here.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::Shared;
using Runner = std::vector<lab08::Timeline> (*)(int, double, int);

constexpr double kSeconds = 0.3;
constexpr double kMaxPinnedOverlap = 0.05;
constexpr double kMinSliceMs = 0.5;
constexpr double kMaxSliceMs = 50;
constexpr int kMaxForks = 256;

// ------------------------------------------------------------------ fork probe

// What the atfork child handler records: one entry per child, in shared memory.
struct ForkLog {
  std::atomic<int> count{0};
  std::atomic<int> pid[kMaxForks]{};
  std::atomic<int> ppid[kMaxForks]{};
};

std::atomic<int> g_forks{0};    // fork() calls made by this process
ForkLog* g_fork_log = nullptr;  // set once, before any fork

void on_fork_prepare() { g_forks.fetch_add(1); }

// Runs in every child before fork() returns there; async-signal-safe calls only.
void on_fork_child() {
  if (g_fork_log == nullptr) return;
  const int slot = g_fork_log->count.fetch_add(1);
  if (slot < kMaxForks) {
    g_fork_log->pid[slot].store(static_cast<int>(::getpid()));
    g_fork_log->ppid[slot].store(static_cast<int>(::getppid()));
  }
}

void install_fork_probe() {
  static std::once_flag once;
  std::call_once(once, [] {
    static Shared<ForkLog> log;
    g_fork_log = &*log;
    ::pthread_atfork(on_fork_prepare, nullptr, on_fork_child);
  });
}

// Counts the fork() calls of this process in one scope, and knows which children they made.
class ForkProbe {
 public:
  ForkProbe() {
    install_fork_probe();
    g_fork_log->count.store(0);
    before_ = g_forks.load();
  }
  int forks() const { return g_forks.load() - before_; }
  // True iff `pid` was forked by this process during the scope.
  bool forked_here(int pid) const {
    const int count = std::min(g_fork_log->count.load(), kMaxForks);
    for (int k = 0; k < count; ++k) {
      if (g_fork_log->pid[k].load() == pid) return g_fork_log->ppid[k].load() == ::getpid();
    }
    return false;
  }

 private:
  int before_ = 0;
};

// ------------------------------------------------------------------ helpers

cpu_set_t caller_mask() {
  cpu_set_t set;
  CPU_ZERO(&set);
  ::sched_getaffinity(0, sizeof set, &set);
  return set;
}

// The CPU the pinned tests use: the last of the caller's CPUs (not CPU 0 where it can).
int pinned_cpu() {
  const auto cpus = lab08::usable_cpus();
  return cpus.empty() ? 0 : cpus.back();
}

int threads_in_this_process() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task"))
    ++n;
  return n;
}

// One call with the clock read around it.
struct Call {
  int workers = 0;
  double seconds = 0;
  int cpu = -1;
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  std::vector<lab08::Timeline> timelines;
};

Call timed_call(Runner run, int workers, double seconds, int cpu) {
  Call c;
  c.workers = workers;
  c.seconds = seconds;
  c.cpu = cpu;
  c.before = ptlabs::now_ns();
  c.timelines = run(workers, seconds, cpu);
  c.after = ptlabs::now_ns();
  return c;
}

// A short account of a result, for failure messages.
std::string describe(const Call& c) {
  std::ostringstream out;
  out << c.workers << " workers, " << c.seconds << " s, cpu " << c.cpu << ":";
  for (const auto& t : c.timelines) {
    std::set<int> cpus;
    for (const auto& tick : t.ticks) cpus.insert(tick.cpu);
    out << " [worker " << t.worker << ": pid " << t.pid << " tid " << t.tid << ", "
        << t.ticks.size() << " ticks on CPU";
    for (int cpu : cpus) out << " " << cpu;
    out << "]";
  }
  const auto slices = lab08::slices_ms(c.timelines);
  out << "; overlap " << lab08::overlap_fraction(c.timelines) << ", " << slices.size()
      << " slices, median " << lab08::median(slices) << " ms";
  return out.str();
}

// The shape every result must have: one timeline per worker, ordered, each with ticks in
// time order inside the call, the last at or after the deadline.
void expect_well_formed(const Call& c) {
  ASSERT_EQ(c.timelines.size(), static_cast<std::size_t>(c.workers))
      << "one Timeline per worker expected";
  const auto deadline = c.before + static_cast<std::uint64_t>(std::llround(c.seconds * 1e9));
  for (int i = 0; i < c.workers; ++i) {
    const auto& t = c.timelines[static_cast<std::size_t>(i)];
    ASSERT_EQ(t.worker, i) << "timelines must be ordered by worker";
    ASSERT_FALSE(t.ticks.empty()) << "worker " << i << " recorded no tick";
    ASSERT_LE(t.ticks.size(), lab08::max_ticks(c.seconds))
        << "worker " << i << " recorded more ticks than one worker can make in " << c.seconds
        << " s: record tick = spin_unit() once per unit";
    EXPECT_NE(t.pid, 0) << "worker " << i << " has no pid";
    EXPECT_NE(t.tid, 0) << "worker " << i << " has no tid";
    std::uint64_t previous = 0;
    for (const auto& tick : t.ticks) {
      ASSERT_GT(tick.ns, previous) << "worker " << i << ": ticks out of time order";
      previous = tick.ns;
    }
    EXPECT_GE(t.ticks.front().ns, c.before) << "worker " << i << ": a tick before the call began";
    EXPECT_LE(t.ticks.back().ns, c.after) << "worker " << i << ": a tick after the call returned";
    EXPECT_GE(t.ticks.back().ns, deadline)
        << "worker " << i << " stopped "
        << static_cast<double>(deadline - std::min(deadline, t.ticks.back().ns)) / 1e6
        << " ms before the deadline; every worker spins until tick.ns >= now_ns() at the entry of "
           "the call + seconds";
  }
}

// Pinned: every tick on `cpu`, and never two workers progressing at the same moment.
// The caller's own affinity is not touched: only the workers pin themselves.
void expect_pinned(Runner run, int workers, int cpu) {
  const cpu_set_t mask = caller_mask();
  const Call c = timed_call(run, workers, kSeconds, cpu);
  cpu_set_t now = caller_mask();
  EXPECT_TRUE(CPU_EQUAL(&mask, &now))
      << "the call changed the caller's own CPU affinity; only the workers may pin themselves "
         "(sched_setaffinity(0, ...) inside each worker, never in the caller)";
  ::sched_setaffinity(0, sizeof mask, &mask);  // so that one mistake does not spoil the next test
  expect_well_formed(c);
  if (::testing::Test::HasFatalFailure()) return;
  for (const auto& t : c.timelines) {
    int elsewhere = 0;
    int where = cpu;
    for (const auto& tick : t.ticks) {
      if (tick.cpu != cpu) {
        ++elsewhere;
        where = tick.cpu;
      }
    }
    EXPECT_EQ(elsewhere, 0) << "worker " << t.worker << " made " << elsewhere << " of "
                            << t.ticks.size() << " ticks on CPU " << where << ", not on CPU " << cpu
                            << ": pin each worker with sched_setaffinity(0, ...) before "
                            << "its first unit\n"
                            << describe(c);
  }
  const double overlap = lab08::overlap_fraction(c.timelines);
  EXPECT_LT(overlap, kMaxPinnedOverlap)
      << "pinned to CPU " << cpu << ", workers progressed at the same moment for " << overlap * 100
      << " % of the time; one core runs one worker at a time\n"
      << describe(c);
  std::cout << "pinned: " << describe(c) << "\n";
}

// On one core the scheduler takes turns: many slices of a few ms, every worker many turns.
void expect_time_slices(Runner run) {
  const int workers = 2;
  const Call c = timed_call(run, workers, 0.4, pinned_cpu());
  expect_well_formed(c);
  if (::testing::Test::HasFatalFailure()) return;
  const auto slices = lab08::slices_ms(c.timelines);
  const auto all_runs = lab08::runs(c.timelines);
  std::vector<int> turns(workers, 0);
  for (const auto& r : all_runs) {
    if (r.worker >= 0 && r.worker < workers) ++turns[static_cast<std::size_t>(r.worker)];
  }
  ASSERT_GE(slices.size(), 6u)
      << "in 0.4 s two workers pinned to one CPU took turns only " << all_runs.size()
      << " times; the scheduler switches every few ms, so the workers must run at the same "
         "time, not one after another\n"
      << describe(c);
  for (int i = 0; i < workers; ++i) {
    EXPECT_GE(turns[static_cast<std::size_t>(i)], 3)
        << "worker " << i << " got only " << turns[static_cast<std::size_t>(i)] << " turns\n"
        << describe(c);
  }
  const double median = lab08::median(slices);
  EXPECT_GE(median, kMinSliceMs) << "median slice " << median
                                 << " ms: too short for one core; are the workers pinned?\n"
                                 << describe(c);
  EXPECT_LE(median, kMaxSliceMs) << "median slice " << median << " ms: too long\n" << describe(c);
  std::cout << "slices: " << describe(c) << "\n";
}

// All workers alive at once until the deadline, each with a fair part of the CPU.
void expect_all_alive_at_once(Runner run, int workers, int cpu) {
  const Call c = timed_call(run, workers, kSeconds, cpu);
  expect_well_formed(c);
  if (::testing::Test::HasFatalFailure()) return;
  std::uint64_t latest_first = 0;
  std::uint64_t earliest_last = std::numeric_limits<std::uint64_t>::max();
  for (const auto& t : c.timelines) {
    latest_first = std::max(latest_first, t.ticks.front().ns);
    earliest_last = std::min(earliest_last, t.ticks.back().ns);
  }
  const double together_ms =
      earliest_last > latest_first ? static_cast<double>(earliest_last - latest_first) / 1e6 : 0;
  EXPECT_GE(together_ms, c.seconds * 1e3 / 2)
      << "the workers were all making progress together for only " << together_ms << " ms of "
      << c.seconds * 1e3 << " ms; start every worker before awaiting any\n"
      << describe(c);
  const double fair =
      c.seconds * 1e9 / static_cast<double>(lab08::kUnitCpuNs) / static_cast<double>(workers);
  for (const auto& t : c.timelines) {
    EXPECT_GE(static_cast<double>(t.ticks.size()), fair / 10)
        << "worker " << t.worker << " made only " << t.ticks.size() << " ticks, about " << fair
        << " would be its fair share\n"
        << describe(c);
  }
}

// Spread: the workers keep the caller's CPUs. Whether they use several of them at the same
// moment depends on the cores this machine lends and on its load: the performance check's job.
void expect_spread(Runner run) {
  const int workers = 4;
  const Call c = timed_call(run, workers, kSeconds, -1);
  expect_well_formed(c);
  if (::testing::Test::HasFatalFailure()) return;
  const auto usable = lab08::usable_cpus();
  for (const auto& t : c.timelines) {
    for (const auto& tick : t.ticks) {
      ASSERT_TRUE(std::find(usable.begin(), usable.end(), tick.cpu) != usable.end())
          << "worker " << t.worker << " ran on CPU " << tick.cpu
          << ", which is not one of the caller's CPUs\n"
          << describe(c);
    }
  }
  std::cout << "spread: " << describe(c) << "\n";
}

void expect_arguments_rejected(Runner run) {
  ForkProbe probe;
  const int threads = threads_in_this_process();
  EXPECT_THROW(run(0, 0.1, -1), std::invalid_argument) << "workers = 0";
  EXPECT_THROW(run(-2, 0.1, -1), std::invalid_argument) << "workers < 0";
  EXPECT_THROW(run(2, 0, -1), std::invalid_argument) << "seconds = 0";
  EXPECT_THROW(run(2, -1, -1), std::invalid_argument) << "seconds < 0";
  EXPECT_THROW(run(2, std::nan(""), -1), std::invalid_argument) << "seconds NaN";
  EXPECT_THROW(run(2, 61, -1), std::invalid_argument) << "seconds > 60";
  EXPECT_THROW(run(2, 0.1, CPU_SETSIZE + 5), std::invalid_argument) << "a CPU that is not there";
  const auto usable = lab08::usable_cpus();
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (std::find(usable.begin(), usable.end(), cpu) == usable.end()) {
      EXPECT_THROW(run(2, 0.1, cpu), std::invalid_argument)
          << "CPU " << cpu << " is not one of the caller's CPUs";
      break;
    }
  }
  EXPECT_EQ(probe.forks(), 0) << "bad arguments must be rejected before anything starts";
  EXPECT_EQ(threads_in_this_process(), threads)
      << "bad arguments must be rejected before anything starts";
  // One worker is fine.
  const Call c = timed_call(run, 1, 0.05, pinned_cpu());
  expect_well_formed(c);
  ptlabs::testing::reap_all_children();
}

// ---------------------------------------------------------------- processes

TEST(ProcessModel, EachWorkerIsAChildOfTheCaller) {
  for (int cpu : {pinned_cpu(), -1}) {
    const int workers = 3;
    ForkProbe probe;
    const Call c = timed_call(lab08::run_processes, workers, 0.1, cpu);
    expect_well_formed(c);
    std::set<int> pids;
    for (const auto& t : c.timelines) {
      EXPECT_NE(t.pid, ptlabs::current_pid())
          << "worker " << t.worker << " ran in the caller's process, not in a child";
      EXPECT_TRUE(probe.forked_here(t.pid))
          << "worker " << t.worker << ": pid " << t.pid
          << " is not a child the caller forked during the call; take the pid in the child";
      pids.insert(t.pid);
    }
    EXPECT_EQ(pids.size(), static_cast<std::size_t>(workers))
        << "every worker needs its own process\n"
        << describe(c);
    ptlabs::testing::reap_all_children();
  }
}

TEST(ProcessPinned, TwoWorkersOnOneCpu) {
  expect_pinned(lab08::run_processes, 2, pinned_cpu());
  ptlabs::testing::reap_all_children();
}

TEST(ProcessPinned, FourWorkersOnAnotherCpu) {
  expect_pinned(lab08::run_processes, 4, lab08::usable_cpus().front());
  ptlabs::testing::reap_all_children();
}

TEST(ProcessSlices, TheSchedulerTakesTurns) {
  expect_time_slices(lab08::run_processes);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessConcurrency, AllWorkersAliveUntilTheDeadline) {
  expect_all_alive_at_once(lab08::run_processes, 4, pinned_cpu());
  ptlabs::testing::reap_all_children();
}

TEST(ProcessSpread, WorkersKeepTheCallersCpus) {
  expect_spread(lab08::run_processes);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, EveryChildAwaitedNoZombies) {
  for (int cpu : {pinned_cpu(), -1}) {
    const Call c = timed_call(lab08::run_processes, 3, 0.1, cpu);
    expect_well_formed(c);
    EXPECT_TRUE(ptlabs::testing::has_no_children())
        << "a child is still running or a zombie: waitpid() every child before returning";
    ptlabs::testing::reap_all_children();
  }
}

TEST(ProcessArguments, RejectedBeforeAnythingStarts) {
  expect_arguments_rejected(lab08::run_processes);
}

// ------------------------------------------------------------------ threads

TEST(ThreadModel, OneProcessOneThreadPerWorker) {
  for (int cpu : {pinned_cpu(), -1}) {
    const int workers = 3;
    ForkProbe probe;
    const Call c = timed_call(lab08::run_threads, workers, 0.1, cpu);
    EXPECT_EQ(probe.forks(), 0) << "the thread version must not fork()";
    expect_well_formed(c);
    std::set<int> tids;
    for (const auto& t : c.timelines) {
      EXPECT_EQ(t.pid, ptlabs::current_pid())
          << "worker " << t.worker << " ran outside the caller's process";
      EXPECT_NE(t.tid, ptlabs::current_tid())
          << "worker " << t.worker << " ran on the caller's thread";
      tids.insert(t.tid);
    }
    EXPECT_EQ(tids.size(), static_cast<std::size_t>(workers))
        << "every worker needs its own thread\n"
        << describe(c);
    ptlabs::testing::reap_all_children();
  }
}

TEST(ThreadPinned, TwoWorkersOnOneCpu) {
  expect_pinned(lab08::run_threads, 2, pinned_cpu());
  ptlabs::testing::reap_all_children();
}

TEST(ThreadPinned, FourWorkersOnAnotherCpu) {
  expect_pinned(lab08::run_threads, 4, lab08::usable_cpus().front());
  ptlabs::testing::reap_all_children();
}

TEST(ThreadSlices, TheSchedulerTakesTurns) {
  expect_time_slices(lab08::run_threads);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadConcurrency, AllWorkersAliveUntilTheDeadline) {
  expect_all_alive_at_once(lab08::run_threads, 4, pinned_cpu());
  ptlabs::testing::reap_all_children();
}

TEST(ThreadSpread, WorkersKeepTheCallersCpus) {
  expect_spread(lab08::run_threads);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadCleanup, EveryThreadJoined) {
  for (int cpu : {pinned_cpu(), -1}) {
    const int before = threads_in_this_process();
    const Call c = timed_call(lab08::run_threads, 3, 0.1, cpu);
    expect_well_formed(c);
    // A joined thread leaves /proc/self/task within a moment of its join().
    int after = threads_in_this_process();
    for (int i = 0; i < 10 && after > before; ++i) {
      ptlabs::sleep_ns(1'000'000);
      after = threads_in_this_process();
    }
    EXPECT_EQ(after, before) << "threads are still running after the call returned: join() "
                                "every thread before returning";
    ptlabs::testing::reap_all_children();
  }
}

TEST(ThreadArguments, RejectedBeforeAnythingStarts) {
  expect_arguments_rejected(lab08::run_threads);
}

}  // namespace
