// Hidden suite of lab 06 — footprint. Each test suite here is one check of the
// catalogue (labs/labs.toml): ProcessResults, ProcessModel, ... .
//
// Nothing here is timed or judged by size against another version: how much memory a
// worker costs is the performance check's job. These checks are deterministic:
//   - while_alive(), the test's own code, records in shared memory where it ran (pid, tid),
//     how often, and what it saw of the caller's workers at that moment: the children
//     listed in /proc/self/task/*/children with their state and their private dirty memory
//     (/proc/PID/smaps_rollup), or the tasks of /proc/self/task;
//   - a pthread_atfork handler counts the fork() calls the caller makes;
//   - a child that wrote its buffer has at least that much private dirty memory, and a
//     child that wrote the inherited table has about the table's size more of it: after
//     fork() every page the child writes becomes its own copy, and only those pages (and
//     the few the parent wrote since) count as private in the child.
#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
using Holder = std::vector<std::uint64_t> (*)(int, std::size_t, lab06::Table,
                                              const std::function<void()>&);

constexpr std::size_t kKiB = 1024;
constexpr std::size_t kMiB = 1024 * kKiB;
constexpr int kMaxSeen = 64;
// A buffer no machine can allocate: every worker fails before it is ready.
constexpr std::size_t kImpossibleBuffer = std::size_t{1} << 62;

// ------------------------------------------------------------------------ /proc

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The children of this process: those of every one of its threads.
std::vector<int> children_of_self() {
  std::vector<int> pids;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::istringstream in(read_text((task.path() / "children").string()));
    int pid = 0;
    while (in >> pid) pids.push_back(pid);
  }
  return pids;
}

// The tids of this process's threads.
std::set<int> tasks_of_self() {
  std::set<int> tids;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    tids.insert(std::atoi(task.path().filename().c_str()));
  }
  return tids;
}

// The state letter of /proc/PID/stat (R, S, D, Z, ...), or '?' if the process is gone.
char state_of(int pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return '?';
  return stat[close + 2];
}

bool is_alive(int pid) {
  const char state = state_of(pid);
  return state != '?' && state != 'Z' && state != 'X' && state != 'x';
}

// A "Key:   123 kB" line of /proc/PID/smaps_rollup, in kB; -1 if it cannot be read.
long long rollup_kb(int pid, const std::string& key) {
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/smaps_rollup"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::atoll(line.c_str() + key.size() + 1);
  }
  return -1;
}

// ------------------------------------------------------------------------ fork probe

std::atomic<int> g_forks{0};  // fork() calls made by this process

void on_fork_prepare() { g_forks.fetch_add(1); }

// Counts the fork() calls this process makes in one scope.
class ForkCounter {
 public:
  ForkCounter() : before_((install(), g_forks.load())) {}
  int forks() const { return g_forks.load() - before_; }

 private:
  static void install() {
    static std::once_flag once;
    std::call_once(once, [] { ::pthread_atfork(on_fork_prepare, nullptr, nullptr); });
  }
  int before_;
};

// ------------------------------------------------------------------------ tables

// A table built before the call, every page written, with its expected sum and a checksum.
class TestTable {
 public:
  explicit TestTable(std::size_t size, unsigned seed = 7) : bytes_(size) {
    for (std::size_t i = 0; i < size; ++i) {
      bytes_[i] = static_cast<std::uint8_t>(i * 131u + seed + (i >> 12));
    }
    sum_ = lab06::sum_bytes(table());
    checksum_ = checksum();
  }
  lab06::Table table() const { return lab06::Table{bytes_.data(), bytes_.size()}; }
  std::uint64_t sum() const { return sum_; }
  std::size_t size() const { return bytes_.size(); }
  // True iff no byte changed since the table was built.
  bool unchanged() const { return checksum() == checksum_; }

 private:
  std::uint64_t checksum() const {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (std::uint8_t b : bytes_) h = (h ^ b) * 1099511628211ull;
    return h;
  }
  std::vector<std::uint8_t> bytes_;
  std::uint64_t sum_ = 0;
  std::uint64_t checksum_ = 0;
};

// ------------------------------------------------------------------------ what while_alive() saw

// Recorded by while_alive() in shared memory: a callback run in a child counts too.
struct Seen {
  std::atomic<int> calls{0};
  int pid = 0;
  int tid = 0;
  int children = 0;        // children of the caller listed in /proc/self/task/*/children
  int alive_children = 0;  // of those, not yet exited
  int child_pid[kMaxSeen]{};
  long long child_private_dirty_kb[kMaxSeen]{};
  int new_tasks = 0;  // tasks of this process that were not there before the call
};

enum class Look { kChildren, kFootprint, kTasks };

// A while_alive() that records into `seen`; `before` is the task set taken before the call.
std::function<void()> observer(Seen* seen, Look look, const std::set<int>* before = nullptr) {
  return [seen, look, before] {
    if (seen->calls.fetch_add(1) > 0) return;  // only the first call is recorded
    seen->pid = ptlabs::current_pid();
    seen->tid = ptlabs::current_tid();
    const auto children = children_of_self();
    seen->children = static_cast<int>(children.size());
    int k = 0;
    for (int pid : children) {
      if (!is_alive(pid) || k >= kMaxSeen) continue;
      seen->child_pid[k] = pid;
      if (look == Look::kFootprint)
        seen->child_private_dirty_kb[k] = rollup_kb(pid, "Private_Dirty");
      ++k;
    }
    seen->alive_children = k;
    if (look == Look::kTasks && before != nullptr) {
      int fresh = 0;
      for (int tid : tasks_of_self()) fresh += before->count(tid) == 0 ? 1 : 0;
      seen->new_tasks = fresh;
    }
  };
}

// while_alive() ran exactly once, in the caller's process, on the calling thread.
void expect_called_once_by_caller(const Seen& seen) {
  ASSERT_EQ(seen.calls.load(), 1) << "while_alive() must run exactly once per call";
  EXPECT_EQ(seen.pid, ptlabs::current_pid())
      << "while_alive() ran in another process (pid " << seen.pid
      << "); run it in the caller, after every worker is ready";
  EXPECT_EQ(seen.tid, ptlabs::current_tid()) << "while_alive() ran on another thread (tid "
                                             << seen.tid << "); run it on the calling thread";
}

void expect_sums(const std::vector<std::uint64_t>& sums, int n, const TestTable& table) {
  ASSERT_EQ(sums.size(), static_cast<std::size_t>(n)) << "one sum per worker expected";
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(sums[static_cast<std::size_t>(i)], table.sum())
        << "worker " << i << " must return sum_bytes(table) over a table of " << table.size()
        << " bytes";
  }
  EXPECT_TRUE(table.unchanged()) << "the table was modified: workers may only read it";
}

// Results for several tables, n = 4.
void expect_results(Holder hold) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{3 * 4096 + 5}, 4 * kMiB}) {
    TestTable table(size, static_cast<unsigned>(size % 251));
    Shared<Seen> seen;
    const auto sums = hold(4, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
    SCOPED_TRACE("table of " + std::to_string(size) + " bytes");
    expect_sums(sums, 4, table);
    EXPECT_EQ(seen->calls.load(), 1) << "while_alive() must run exactly once per call";
  }
}

// The callback throws: the same exception reaches the caller, after every worker ended.
struct CallbackError : std::runtime_error {
  CallbackError() : std::runtime_error("thrown by the test's while_alive()") {}
};

void expect_callback_exception_passed_on(Holder hold, int n) {
  TestTable table(64 * kKiB);
  std::atomic<int> calls{0};
  try {
    hold(n, 16 * kKiB, table.table(), [&] {
      calls.fetch_add(1);
      throw CallbackError();
    });
    ADD_FAILURE() << "while_alive() threw, but the call returned normally";
  } catch (const CallbackError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "while_alive() threw a CallbackError, but the caller got another exception: "
                  << e.what() << "; keep it (std::current_exception()) and rethrow it as it is";
  }
  EXPECT_EQ(calls.load(), 1) << "while_alive() must run exactly once per call";
}

// A buffer that cannot be allocated: runtime_error naming a worker, no while_alive().
void expect_failure_named(Holder hold, int n) {
  TestTable table(64 * kKiB);
  std::atomic<int> calls{0};
  try {
    hold(n, kImpossibleBuffer, table.table(), [&] { calls.fetch_add(1); });
    ADD_FAILURE() << "no worker can allocate " << kImpossibleBuffer
                  << " bytes, but the call returned normally";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    bool named = false;
    for (int i = 0; i < n; ++i) named = named || what.find(std::to_string(i)) != std::string::npos;
    EXPECT_TRUE(named) << "the message must name the index of a worker that failed, got: " << what;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected std::runtime_error naming the failed worker, got another exception: "
                  << e.what();
  }
  EXPECT_EQ(calls.load(), 0) << "while_alive() must not run when a worker failed";
}

void expect_sizes(Holder hold) {
  TestTable table(256 * kKiB);
  {
    ForkCounter forks;
    Shared<Seen> seen;
    const auto sums = hold(0, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
    EXPECT_TRUE(sums.empty()) << "n = 0 gives no sum";
    EXPECT_EQ(seen->calls.load(), 1) << "n = 0 still runs while_alive() once";
    EXPECT_EQ(forks.forks(), 0) << "n = 0 starts nothing";
  }
  for (int n : {1, 16}) {
    Shared<Seen> seen;
    const auto sums = hold(n, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
    SCOPED_TRACE("n = " + std::to_string(n));
    expect_sums(sums, n, table);
    EXPECT_EQ(seen->calls.load(), 1) << "while_alive() must run exactly once per call";
  }
  ForkCounter forks;
  std::atomic<int> calls{0};
  EXPECT_THROW(hold(-1, 64 * kKiB, table.table(), [&] { calls.fetch_add(1); }),
               std::invalid_argument);
  EXPECT_EQ(forks.forks(), 0) << "n < 0 must be rejected before anything starts";
  EXPECT_EQ(calls.load(), 0) << "n < 0 must not run while_alive()";
}

// Waits up to 2 s until this process has exactly the tasks of `before` again.
bool tasks_back_to(const std::set<int>& before) {
  const std::uint64_t deadline = ptlabs::now_ns() + 2'000'000'000ull;
  for (;;) {
    if (tasks_of_self() == before) return true;
    if (ptlabs::now_ns() > deadline) return false;
    ptlabs::sleep_ns(5'000'000);
  }
}

// ---------------------------------------------------------------- processes

TEST(ProcessResults, EveryWorkerSumsTheTable) {
  expect_results(lab06::hold_processes);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessModel, OneChildProcessPerWorker) {
  const int n = 6;
  TestTable table(1 * kMiB);
  Shared<Seen> seen;
  ForkCounter forks;
  const auto sums =
      lab06::hold_processes(n, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
  EXPECT_EQ(forks.forks(), n) << "the process version must fork() one child per worker, and only "
                                 "the calling process forks";
  expect_called_once_by_caller(*seen);
  expect_sums(sums, n, table);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessConcurrency, AllChildrenAliveDuringTheCallback) {
  const int n = 16;
  TestTable table(1 * kMiB);
  Shared<Seen> seen;
  const auto sums =
      lab06::hold_processes(n, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
  ASSERT_EQ(seen->calls.load(), 1) << "while_alive() must run exactly once per call";
  EXPECT_EQ(seen->alive_children, n)
      << "only " << seen->alive_children << " of " << n
      << " workers were alive child processes of the caller while while_alive() ran ("
      << seen->children << " children in all); start every worker, wait until all are ready, "
      << "and only then run while_alive()";
  expect_sums(sums, n, table);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessFootprint, EachChildWritesItsBufferNotTheTable) {
  const int n = 4;
  const std::size_t buffer = 8 * kMiB;
  TestTable table(64 * kMiB);
  Shared<Seen> seen;
  const auto sums =
      lab06::hold_processes(n, buffer, table.table(), observer(&*seen, Look::kFootprint));
  ASSERT_EQ(seen->calls.load(), 1) << "while_alive() must run exactly once per call";
  ASSERT_GT(seen->alive_children, 0)
      << "no child of the caller was alive while while_alive() ran, so there was no footprint "
         "to look at";
  const long long buffer_kb = static_cast<long long>(buffer / kKiB);
  const long long table_kb = static_cast<long long>(table.size() / kKiB);
  for (int k = 0; k < seen->alive_children && k < kMaxSeen; ++k) {
    const long long dirty = seen->child_private_dirty_kb[k];
    const int pid = seen->child_pid[k];
    ASSERT_GE(dirty, 0) << "cannot read /proc/" << pid << "/smaps_rollup";
    EXPECT_GE(dirty, buffer_kb * 9 / 10)
        << "the child with pid " << pid << " had only " << dirty
        << " kB of private dirty memory; a worker "
        << "that allocated its " << buffer_kb << " kB buffer and wrote every page of it has at "
        << "least that much. Write the buffer in the child, before it reports ready";
    EXPECT_LT(dirty, buffer_kb + table_kb / 2)
        << "the child with pid " << pid << " had " << dirty
        << " kB of private dirty memory with a buffer of " << buffer_kb << " kB: it wrote to the "
        << table_kb << " kB table it inherited, and "
        << "copy-on-write gave it its own copy of every page it wrote. Only read the table";
  }
  expect_sums(sums, n, table);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, EveryChildAwaited) {
  TestTable table(1 * kMiB);
  const auto sums = lab06::hold_processes(8, 64 * kKiB, table.table(), [] {});
  EXPECT_EQ(sums.size(), 8u);
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "a child is still running or a zombie: let every worker go and waitpid() each one "
         "before returning";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, EveryChildAwaitedWhenTheCallbackThrows) {
  expect_callback_exception_passed_on(lab06::hold_processes, 4);
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "while_alive() threw and a child is still running or a zombie: let every worker go "
         "and waitpid() each one, then pass the exception on";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessFailures, WorkerThatCannotAllocateIsNamed) {
  expect_failure_named(lab06::hold_processes, 3);
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "after a failure a child is still running or a zombie: await every worker first";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessSizes, ZeroOneSixteenAndNegative) {
  expect_sizes(lab06::hold_processes);
  ptlabs::testing::reap_all_children();
}

// ------------------------------------------------------------------ threads

TEST(ThreadResults, EveryWorkerSumsTheTable) {
  expect_results(lab06::hold_threads);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadModel, OneProcessThreadsOnly) {
  const int n = 6;
  TestTable table(1 * kMiB);
  Shared<Seen> seen;
  ForkCounter forks;
  const auto sums =
      lab06::hold_threads(n, 64 * kKiB, table.table(), observer(&*seen, Look::kChildren));
  EXPECT_EQ(forks.forks(), 0) << "the thread version must not fork()";
  expect_called_once_by_caller(*seen);
  EXPECT_EQ(seen->children, 0) << "the caller had " << seen->children
                               << " child processes while while_alive() ran; the thread "
                                  "version runs its workers as threads of the caller";
  expect_sums(sums, n, table);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadConcurrency, AllThreadsAliveDuringTheCallback) {
  const int n = 16;
  TestTable table(1 * kMiB);
  Shared<Seen> seen;
  const std::set<int> before = tasks_of_self();
  const auto sums =
      lab06::hold_threads(n, 64 * kKiB, table.table(), observer(&*seen, Look::kTasks, &before));
  ASSERT_EQ(seen->calls.load(), 1) << "while_alive() must run exactly once per call";
  EXPECT_GE(seen->new_tasks, n) << "only " << seen->new_tasks << " new threads of " << n
                                << " workers were alive while while_alive() ran; start every "
                                   "worker, wait until all are ready, and only then run "
                                   "while_alive()";
  expect_sums(sums, n, table);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadCleanup, EveryThreadJoined) {
  TestTable table(1 * kMiB);
  const std::set<int> before = tasks_of_self();
  const auto sums = lab06::hold_threads(8, 64 * kKiB, table.table(), [] {});
  EXPECT_EQ(sums.size(), 8u);
  EXPECT_TRUE(tasks_back_to(before))
      << "threads of the call were still there 2 s after it returned: let every worker go and "
         "join() each one before returning";
  ptlabs::testing::reap_all_children();
}

TEST(ThreadCleanup, EveryThreadJoinedWhenTheCallbackThrows) {
  const std::set<int> before = tasks_of_self();
  expect_callback_exception_passed_on(lab06::hold_threads, 4);
  EXPECT_TRUE(tasks_back_to(before))
      << "while_alive() threw and threads of the call were still there 2 s later: let every "
         "worker go and join() each one, then pass the exception on";
  ptlabs::testing::reap_all_children();
}

TEST(ThreadFailures, WorkerThatCannotAllocateIsNamed) {
  const std::set<int> before = tasks_of_self();
  ForkCounter forks;
  expect_failure_named(lab06::hold_threads, 3);
  EXPECT_EQ(forks.forks(), 0) << "the thread version must not fork()";
  EXPECT_TRUE(tasks_back_to(before))
      << "after a failure threads of the call were still there: join every worker first";
  ptlabs::testing::reap_all_children();
}

TEST(ThreadSizes, ZeroOneSixteenAndNegative) {
  expect_sizes(lab06::hold_threads);
  ptlabs::testing::reap_all_children();
}

}  // namespace
