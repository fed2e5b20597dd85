// Hidden suite of lab 05 — start-time. Each test suite here is one check of the
// catalogue (labs/labs.toml): ProcessModel, ProcessStartTimes, ... .
//
// Nothing here is timed against a threshold: how fast workers start is the
// performance check's job. These checks are about *where* and *when* each
// value was taken, and they are deterministic:
//   - work(i), the test's own code, runs in the worker and logs (in shared
//     memory) the pid, tid and parent pid it sees and when it began: the
//     report's pid/tid must be those, and started_ns must come before it;
//   - a pthread_atfork child handler, armed in ProcessStartTimes, stamps the
//     moment each child comes to life and then holds it for kChildHoldNs:
//     a started_ns taken in the child is at least that stamp plus the hold, a
//     time taken by the parent right after fork() is not;
//   - a DeadlineBarrier in work(i) that all workers must reach in time shows
//     that they were all alive at once.
#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::DeadlineBarrier;
using ptlabs::testing::Shared;
using Starter = lab05::Starts (*)(int, const std::function<void(int)>&);

constexpr int kMaxWorkers = 64;
constexpr double kBarrierTimeoutS = 3.0;
constexpr std::uint64_t kChildHoldNs = 20'000'000;  // 20 ms
constexpr std::uint64_t kWorkNs = 30'000'000;       // how long a "slow" work(i) lasts

// ------------------------------------------------------------------ fork probe

// What the atfork child handler records: one entry per child, in shared memory.
struct ForkLog {
  std::atomic<int> count{0};
  std::atomic<int> pid[kMaxWorkers * 2]{};
  std::atomic<std::uint64_t> born_ns[kMaxWorkers * 2]{};
};

std::atomic<int> g_forks{0};              // fork() calls made by this process
std::atomic<std::uint64_t> g_hold_ns{0};  // > 0: children stamp their birth and wait
ForkLog* g_fork_log = nullptr;            // set once, before any fork

void on_fork_prepare() { g_forks.fetch_add(1); }

// Runs in every child before fork() returns there; async-signal-safe calls only.
void on_fork_child() {
  const std::uint64_t hold = g_hold_ns.load();
  if (hold == 0 || g_fork_log == nullptr) return;
  const int slot = g_fork_log->count.fetch_add(1);
  if (slot < kMaxWorkers * 2) {
    g_fork_log->pid[slot].store(static_cast<int>(::getpid()));
    g_fork_log->born_ns[slot].store(ptlabs::now_ns());
  }
  ptlabs::sleep_ns(hold);
}

void install_fork_probe() {
  static std::once_flag once;
  std::call_once(once, [] {
    static Shared<ForkLog> log;
    g_fork_log = &*log;
    ::pthread_atfork(on_fork_prepare, nullptr, on_fork_child);
  });
}

// Arms the probe for one scope: children are held kChildHoldNs after their birth stamp.
class ForkProbe {
 public:
  ForkProbe() {
    install_fork_probe();
    g_fork_log->count.store(0);
    g_hold_ns.store(kChildHoldNs);
  }
  ~ForkProbe() { g_hold_ns.store(0); }
  ForkProbe(const ForkProbe&) = delete;
  ForkProbe& operator=(const ForkProbe&) = delete;

  // The birth stamp of child `pid`, or 0 if no child of that pid was seen.
  std::uint64_t born_ns(int pid) const {
    const int count = std::min(g_fork_log->count.load(), kMaxWorkers * 2);
    for (int k = 0; k < count; ++k) {
      if (g_fork_log->pid[k].load() == pid) return g_fork_log->born_ns[k].load();
    }
    return 0;
  }
};

// Counts the fork() calls this process makes in one scope.
class ForkCounter {
 public:
  ForkCounter() : before_((install_fork_probe(), g_forks.load())) {}
  int forks() const { return g_forks.load() - before_; }

 private:
  int before_;
};

// ------------------------------------------------------------------ work log

// What work(i) sees from inside worker i. In shared memory, so children's writes count.
struct WorkLog {
  std::atomic<int> calls[kMaxWorkers]{};
  std::atomic<int> pid[kMaxWorkers]{};
  std::atomic<int> tid[kMaxWorkers]{};
  std::atomic<int> ppid[kMaxWorkers]{};
  std::atomic<std::uint64_t> entered_ns[kMaxWorkers]{};
  std::atomic<std::uint64_t> finished_ns[kMaxWorkers]{};
  std::atomic<int> at_barrier_in_time[kMaxWorkers]{};
};

// A work(i) that logs who runs it and when, optionally meets `barrier`, then lasts `sleep`.
std::function<void(int)> logging_work(WorkLog* log, std::uint64_t sleep = 0,
                                      DeadlineBarrier* barrier = nullptr) {
  return [log, sleep, barrier](int i) {
    const std::uint64_t entered = ptlabs::now_ns();
    if (i < 0 || i >= kMaxWorkers) return;
    const auto k = static_cast<std::size_t>(i);
    log->entered_ns[k].store(entered);
    log->calls[k].fetch_add(1);
    log->pid[k].store(ptlabs::current_pid());
    log->tid[k].store(ptlabs::current_tid());
    log->ppid[k].store(static_cast<int>(::getppid()));
    if (barrier != nullptr) log->at_barrier_in_time[k].store(barrier->arrive_and_wait() ? 1 : 0);
    if (sleep > 0) ptlabs::sleep_ns(sleep);
    log->finished_ns[k].store(ptlabs::now_ns());
  };
}

// Declared after the log, the barrier and the work it guards: on leaving the test it waits
// (up to 5 s) until every work(i) has finished, so a submission that returned early (a
// detached thread) does not run work(i) on memory this test has already given back. If the
// call threw instead of returning, only the work(i) already begun is waited for.
class StragglerGuard {
 public:
  StragglerGuard(const WorkLog& log, int n) : log_(log), n_(n) {}
  ~StragglerGuard() {
    const std::uint64_t deadline = ptlabs::now_ns() + 5'000'000'000ull;
    for (int i = 0; i < n_ && i < kMaxWorkers; ++i) {
      if (!returned && log_.entered_ns[i].load() == 0) continue;
      while (log_.finished_ns[i].load() == 0 && ptlabs::now_ns() < deadline) {
        ptlabs::sleep_ns(1'000'000);
      }
    }
  }
  StragglerGuard(const StragglerGuard&) = delete;
  StragglerGuard& operator=(const StragglerGuard&) = delete;

  bool returned = false;  // set once the call under test has returned

 private:
  const WorkLog& log_;
  int n_;
};

// One call with the clock read around it.
struct Timed {
  std::uint64_t before = 0;
  lab05::Starts starts;
  std::uint64_t after = 0;
};

Timed timed_call(Starter start, int n, const std::function<void(int)>& work) {
  Timed t;
  t.before = ptlabs::now_ns();
  t.starts = start(n, work);
  t.after = ptlabs::now_ns();
  return t;
}

// The common shape of a result: n reports ordered by index, times inside the call.
void expect_well_formed(const Timed& t, int n) {
  const auto& s = t.starts;
  ASSERT_EQ(s.workers.size(), static_cast<std::size_t>(n)) << "one Start per worker expected";
  EXPECT_GE(s.call_ns, t.before) << "call_ns must be ptlabs::now_ns() at the entry of the call";
  EXPECT_LE(s.call_ns, t.after) << "call_ns must be ptlabs::now_ns() at the entry of the call";
  for (int i = 0; i < n; ++i) {
    const auto& w = s.workers[static_cast<std::size_t>(i)];
    EXPECT_EQ(w.index, i) << "workers must be ordered by index";
    EXPECT_GE(w.started_ns, s.call_ns)
        << "worker " << i << " reports a start before the call began (started_ns " << w.started_ns
        << " < call_ns " << s.call_ns << ")";
    EXPECT_LE(w.started_ns, t.after)
        << "worker " << i << " reports a start after the call had returned";
  }
}

// Every report's pid and tid must be what work(i) saw in that worker, and work(i) ran once.
void expect_reports_match_log(const lab05::Starts& s, const WorkLog& log) {
  for (const auto& w : s.workers) {
    if (w.index < 0 || w.index >= kMaxWorkers) continue;
    const auto k = static_cast<std::size_t>(w.index);
    EXPECT_EQ(log.calls[k].load(), 1) << "work(" << w.index << ") must run exactly once";
    EXPECT_EQ(w.pid, log.pid[k].load())
        << "worker " << w.index << ": the report's pid is not the pid of the worker that ran "
        << "work(" << w.index << "); take it inside the worker";
    EXPECT_EQ(w.tid, log.tid[k].load())
        << "worker " << w.index << ": the report's tid is not the tid of the worker that ran "
        << "work(" << w.index << "); take it inside the worker";
  }
}

// started_ns must be taken in the worker before work(i) began.
void expect_started_before_work(const lab05::Starts& s, const WorkLog& log) {
  for (const auto& w : s.workers) {
    if (w.index < 0 || w.index >= kMaxWorkers) continue;
    const auto k = static_cast<std::size_t>(w.index);
    const std::uint64_t entered = log.entered_ns[k].load();
    if (entered == 0) {
      ADD_FAILURE() << "worker " << w.index << ": work(" << w.index
                    << ") had not even begun when the call returned";
      continue;
    }
    EXPECT_LE(w.started_ns, entered)
        << "worker " << w.index << ": started_ns is " << (w.started_ns - entered) / 1000
        << " us after work(" << w.index << ") began; the worker must read the clock as its very "
        << "first action, before work(i), and the caller must not fill it in afterwards";
  }
}

void expect_all_alive_at_once(Starter start, int n) {
  Shared<WorkLog> log;
  Shared<DeadlineBarrier> barrier(n, kBarrierTimeoutS);
  const auto work = logging_work(&*log, 0, &*barrier);
  StragglerGuard guard(*log, n);
  auto t = timed_call(start, n, work);
  guard.returned = true;
  expect_well_formed(t, n);
  int in_time = 0;
  for (int i = 0; i < n; ++i) in_time += log->at_barrier_in_time[i].load();
  EXPECT_EQ(in_time, n) << "only " << in_time << " of " << n << " workers met at a barrier within "
                        << kBarrierTimeoutS
                        << " s, so they were not all alive at the same time; start every worker "
                           "before awaiting any";
}

// Every work(i) had finished when the call returned.
void expect_all_finished_before_return(const Timed& t, const WorkLog& log, int n,
                                       const char* await_word) {
  for (int i = 0; i < n; ++i) {
    const std::uint64_t finished = log.finished_ns[i].load();
    EXPECT_TRUE(finished != 0 && finished <= t.after)
        << "the call returned before worker " << i << " had finished its work; " << await_word
        << " every worker before returning";
  }
}

// One call of `start` with a logging work(i) that lasts `sleep`; the guard keeps the log and
// the work alive until every work(i) finished.
struct LoggedRun {
  LoggedRun(Starter start, int n, std::uint64_t sleep = 0)
      : work(logging_work(&*log, sleep)), guard(*log, n), t(timed_call(start, n, work)) {
    guard.returned = true;
  }
  Shared<WorkLog> log;
  const std::function<void(int)> work;
  StragglerGuard guard;
  Timed t;
};

void expect_sizes(Starter start, bool processes) {
  {
    auto t = timed_call(start, 0, [](int) {});
    expect_well_formed(t, 0);
  }
  {
    LoggedRun run(start, 1);
    expect_well_formed(run.t, 1);
    expect_reports_match_log(run.t.starts, *run.log);
  }
  {
    LoggedRun run(start, 32);
    expect_well_formed(run.t, 32);
    expect_reports_match_log(run.t.starts, *run.log);
    std::set<int> ids;
    for (const auto& w : run.t.starts.workers) ids.insert(processes ? w.pid : w.tid);
    EXPECT_EQ(ids.size(), 32u) << "32 workers need 32 distinct " << (processes ? "pids" : "tids");
  }
  ForkCounter forks;
  EXPECT_THROW(start(-1, [](int) {}), std::invalid_argument);
  EXPECT_EQ(forks.forks(), 0) << "n < 0 must be rejected before anything starts";
}

// ---------------------------------------------------------------- processes

TEST(ProcessModel, EachWorkerIsAChildOfTheCaller) {
  const int n = 8;
  LoggedRun run(lab05::start_processes, n);
  expect_well_formed(run.t, n);
  expect_reports_match_log(run.t.starts, *run.log);
  std::set<int> pids;
  for (const auto& w : run.t.starts.workers) {
    if (w.index < 0 || w.index >= n) continue;
    EXPECT_NE(w.pid, ptlabs::current_pid()) << "worker " << w.index << " ran in the caller";
    EXPECT_EQ(run.log->ppid[w.index].load(), ptlabs::current_pid())
        << "worker " << w.index << " must be a child of the caller";
    pids.insert(w.pid);
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(n)) << "every worker needs its own process";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessStartTimes, TakenByTheChildAsItsFirstAction) {
  const int n = 8;
  std::optional<ForkProbe> probe(std::in_place);
  LoggedRun run(lab05::start_processes, n, kWorkNs);
  std::vector<std::uint64_t> born(n, 0);
  for (const auto& w : run.t.starts.workers) {
    if (w.index >= 0 && w.index < n)
      born[static_cast<std::size_t>(w.index)] = probe->born_ns(w.pid);
  }
  probe.reset();
  expect_well_formed(run.t, n);
  expect_started_before_work(run.t.starts, *run.log);
  for (const auto& w : run.t.starts.workers) {
    if (w.index < 0 || w.index >= n) continue;
    const std::uint64_t b = born[static_cast<std::size_t>(w.index)];
    if (b == 0) {
      ADD_FAILURE() << "worker " << w.index << ": pid " << w.pid
                    << " is not a child forked during the call";
      continue;
    }
    // The child is held kChildHoldNs after its birth stamp, before fork() returns in it.
    EXPECT_GE(w.started_ns, b + kChildHoldNs)
        << "worker " << w.index << ": started_ns is earlier than the child could have read the "
        << "clock; take the time in the child, as its first action, not in the parent after "
        << "fork()";
  }
  ptlabs::testing::reap_all_children();
}

TEST(ProcessConcurrency, AllWorkersAliveAtOnce) {
  expect_all_alive_at_once(lab05::start_processes, 8);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, EveryChildAwaitedNoZombies) {
  const int n = 6;
  LoggedRun run(lab05::start_processes, n, kWorkNs);
  expect_well_formed(run.t, n);
  expect_all_finished_before_return(run.t, *run.log, n, "waitpid()");
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "a child is still running or a zombie: waitpid() every child before returning";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessSizes, ZeroOneThirtyTwoAndNegative) {
  expect_sizes(lab05::start_processes, true);
  ptlabs::testing::reap_all_children();
}

// ------------------------------------------------------------------ threads

TEST(ThreadModel, OneProcessOneThreadPerWorker) {
  const int n = 8;
  ForkCounter forks;
  LoggedRun run(lab05::start_threads, n);
  EXPECT_EQ(forks.forks(), 0) << "the thread version must not fork()";
  expect_well_formed(run.t, n);
  expect_reports_match_log(run.t.starts, *run.log);
  std::set<int> tids;
  for (const auto& w : run.t.starts.workers) {
    EXPECT_EQ(w.pid, ptlabs::current_pid()) << "worker " << w.index << " left the caller's process";
    EXPECT_NE(w.tid, ptlabs::current_tid())
        << "worker " << w.index << " ran on the caller's thread";
    tids.insert(w.tid);
  }
  EXPECT_EQ(tids.size(), static_cast<std::size_t>(n)) << "every worker needs its own thread";
  ptlabs::testing::reap_all_children();
}

TEST(ThreadStartTimes, TakenByTheThreadAsItsFirstAction) {
  const int n = 8;
  LoggedRun run(lab05::start_threads, n, kWorkNs);
  expect_well_formed(run.t, n);
  expect_started_before_work(run.t.starts, *run.log);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadConcurrency, AllWorkersAliveAtOnce) {
  expect_all_alive_at_once(lab05::start_threads, 8);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadCleanup, EveryThreadJoined) {
  const int n = 6;
  LoggedRun run(lab05::start_threads, n, kWorkNs);
  expect_well_formed(run.t, n);
  expect_all_finished_before_return(run.t, *run.log, n, "join()");
  ptlabs::testing::reap_all_children();
}

TEST(ThreadSizes, ZeroOneThirtyTwoAndNegative) {
  expect_sizes(lab05::start_threads, false);
  ptlabs::testing::reap_all_children();
}

}  // namespace
