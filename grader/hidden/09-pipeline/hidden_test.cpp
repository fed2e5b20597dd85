// Hidden suite of lab 09 — pipeline. Each test suite is one check of the catalogue.
//
// Three sources of evidence, none of them timing:
//   - the kernel's call log (shared memory, installed before the call): which process and
//     thread scored each item, and over which range;
//   - the test HTTP server (a child process of its own): how many requests it had in flight at
//     once, and how many it answered;
//   - a pthread_atfork watch: the prepare handler runs in the parent just before every fork()
//     and reads how many threads the caller has at that moment (/proc/self/status); the child
//     handler runs in every forked child and writes its pid to shared memory.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ptlabs/call_log.hpp"
#include "ptlabs/identity.hpp"
#include "ptlabs/kernel.hpp"
#include "ptlabs/testing/http_test_server.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::CallLog;
using ptlabs::CallRecord;
using ptlabs::testing::HttpTestServer;

// ------------------------------------------------------------------ helpers

std::vector<std::string> item_paths(int n) {
  std::vector<std::string> paths;
  for (int k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
  return paths;
}

// A port on 127.0.0.1 that nothing listens on: bound by the kernel's choice, then released.
int unused_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a socket to 127.0.0.1:0");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// An independent prime count (a sieve, once), so the tests do not trust the kernel.
std::int64_t sieve_count(std::int64_t lo, std::int64_t hi) {
  static const std::vector<std::int32_t> primes_below = [] {
    const std::size_t limit =
        static_cast<std::size_t>(lab09::kScoreBase +
                                 static_cast<std::int64_t>(lab09::kScoreSpread) +
                                 lab09::kScoreSpan) +
        1;
    std::vector<bool> composite(limit, false);
    std::vector<std::int32_t> below(limit + 1, 0);  // below[n]: primes p < n
    for (std::size_t n = 0; n < limit; ++n) {
      const bool prime = n >= 2 && !composite[n];
      if (prime) {
        for (std::size_t m = n * n; m < limit; m += n) composite[m] = true;
      }
      below[n + 1] = below[n] + (prime ? 1 : 0);
    }
    return below;
  }();
  const auto top = static_cast<std::int64_t>(primes_below.size()) - 1;
  lo = std::clamp<std::int64_t>(lo, 0, top);
  hi = std::clamp<std::int64_t>(hi, 0, top);
  if (lo >= hi) return 0;
  return primes_below[static_cast<std::size_t>(hi)] - primes_below[static_cast<std::size_t>(lo)];
}

lab09::ScoreRange range_of(const std::string& path) {
  return lab09::score_range(HttpTestServer::expected_body(path));
}

std::int64_t expected_score(const std::string& path) {
  const auto range = range_of(path);
  return sieve_count(range.lo, range.hi);
}

// Checks that `scores` are exactly the expected scores of `paths`, in order.
void expect_scores(const std::vector<std::string>& paths, const std::vector<lab09::Score>& scores) {
  ASSERT_EQ(scores.size(), paths.size()) << "one Score per path, in the order of the paths";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(scores[i].path, paths[i]) << "Score " << i << " names the wrong path";
    EXPECT_EQ(scores[i].primes, expected_score(paths[i]))
        << "the score of " << paths[i] << " (Score " << i << " of " << paths.size() << ")";
  }
}

// How many threads this process has now, from /proc/self/status; -1 if it cannot tell. Only
// system calls and a stack buffer: it runs inside fork()'s prepare handler.
int threads_now() {
  int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buffer[8192];
  std::size_t size = 0;
  while (size < sizeof buffer - 1) {
    ssize_t n = ::read(fd, buffer + size, sizeof buffer - 1 - size);
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  ::close(fd);
  buffer[size] = '\0';
  const char* line = std::strstr(buffer, "\nThreads:");
  if (line == nullptr) return -1;
  return std::atoi(line + std::strlen("\nThreads:"));
}

// What the fork watch saw while it was armed. In shared memory: the child handler writes it.
constexpr int kMaxForks = 256;

struct ForkLog {
  std::atomic<int> forks{0};           // children that ran the child handler
  std::atomic<int> pids[kMaxForks]{};  // their pids
  std::atomic<int> prepares{0};        // fork() calls seen by the prepare handler
  std::atomic<int> most_threads{0};    // the most threads the caller had at one of them
  std::atomic<int> unreadable{0};      // prepare handlers that could not count threads
};

std::atomic<ForkLog*> g_fork_log{nullptr};

void note_fork_in_parent() {
  ForkLog* log = g_fork_log.load();
  if (log == nullptr) return;
  log->prepares.fetch_add(1);
  const int threads = threads_now();
  if (threads < 0) {
    log->unreadable.fetch_add(1);
    return;
  }
  int most = log->most_threads.load();
  while (threads > most && !log->most_threads.compare_exchange_weak(most, threads)) {
  }
}

void note_fork_in_child() {
  ForkLog* log = g_fork_log.load();
  if (log == nullptr) return;
  int slot = log->forks.fetch_add(1);
  if (slot < kMaxForks) log->pids[slot].store(static_cast<int>(::getpid()));
}

// Watches the fork() calls made while it exists.
class ForkWatch {
 public:
  ForkWatch() {
    static const bool registered =
        ::pthread_atfork(note_fork_in_parent, nullptr, note_fork_in_child) == 0;
    if (!registered) throw std::runtime_error("pthread_atfork failed");
    g_fork_log.store(&*log_);
  }
  ~ForkWatch() { g_fork_log.store(nullptr); }
  ForkWatch(const ForkWatch&) = delete;
  ForkWatch& operator=(const ForkWatch&) = delete;

  int forks() const { return log_->forks.load(); }
  int prepares() const { return log_->prepares.load(); }
  int most_threads() const { return log_->most_threads.load(); }
  int unreadable() const { return log_->unreadable.load(); }

  std::set<int> pids() const {
    std::set<int> pids;
    const int counted = std::min(forks(), kMaxForks);
    for (int i = 0; i < counted; ++i) pids.insert(log_->pids[i].load());
    return pids;
  }

  // How many of the watched children could still be waited for: running, or exited and never
  // reaped (a zombie). Those it finds exited are reaped now, so the next test starts clean.
  int unreaped() const {
    int left = 0;
    for (int pid : pids()) {
      if (pid <= 0) continue;
      int status = 0;
      pid_t got = ::waitpid(pid, &status, WNOHANG);
      if (got == 0 || got == pid) ++left;  // still running, or a zombie reaped only now
    }
    return left;
  }

 private:
  ptlabs::testing::Shared<ForkLog> log_;
};

// Everything one call left behind.
struct Observed {
  std::vector<lab09::Score> scores;
  std::vector<CallRecord> calls;
  int forks = 0;
  std::set<int> forked;
  int prepares = 0;
  int most_threads = 0;
  int unreadable = 0;
  int unreaped = 0;
  int in_flight = 0;
  std::int64_t requests = 0;
};

// Runs `call` against a fresh server with the call log installed and the fork watch armed.
template <typename Call>
Observed observe(double latency_s, const std::vector<std::string>& paths, Call call) {
  ptlabs::prepare_kernel(ptlabs::Kernel::kPython);  // as a real program would, before any work
  HttpTestServer server(latency_s);
  std::string err;
  if (!CallLog::install(1 << 14, "", &err)) throw std::runtime_error(err);
  Observed o;
  {
    ForkWatch watch;
    try {
      o.scores = call(server.host(), server.port(), paths);
    } catch (...) {
      CallLog::uninstall();
      throw;
    }
    o.calls = CallLog::records();
    o.forks = watch.forks();
    o.forked = watch.pids();
    o.prepares = watch.prepares();
    o.most_threads = watch.most_threads();
    o.unreadable = watch.unreadable();
    o.unreaped = watch.unreaped();
  }
  CallLog::uninstall();
  o.in_flight = server.max_in_flight();
  o.requests = server.requests();
  return o;
}

// The kernel calls must be the python kernel over exactly the items' ranges, one per item.
void expect_one_call_per_item(const std::vector<std::string>& paths,
                              const std::vector<CallRecord>& calls) {
  std::vector<std::pair<std::int64_t, std::int64_t>> want, got;
  for (const auto& path : paths) {
    const auto range = range_of(path);
    want.emplace_back(range.lo, range.hi);
  }
  for (const auto& c : calls) {
    EXPECT_EQ(c.kernel, static_cast<std::uint32_t>(ptlabs::Kernel::kPython))
        << "a kernel call used the native kernel: score with lab09::score_body()";
    got.emplace_back(c.arg0, c.arg1);
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got.size(), want.size())
      << paths.size() << " items should make " << paths.size() << " kernel calls, one each "
      << "through lab09::score_body(); there were " << calls.size();
  EXPECT_TRUE(got == want) << "the kernel calls are not one score_body() call per item's body";
}

// Calls `run` and expects a std::runtime_error whose message contains every one of `needles`.
template <typename Run>
void expect_failure_naming(Run run, const std::vector<std::string>& needles) {
  try {
    run();
    ADD_FAILURE() << "no exception was thrown; expected a std::runtime_error naming "
                  << (needles.empty() ? std::string("the failure") : needles.front());
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    for (const auto& needle : needles) {
      EXPECT_NE(message.find(needle), std::string::npos)
          << "the message should contain \"" << needle << "\", it is: " << message;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected std::runtime_error, got another exception: " << e.what();
  }
}

// ------------------------------------------- the three designs behind one signature

using Design = std::vector<lab09::Score> (*)(const std::string&, int,
                                             const std::vector<std::string>&, int, int);

std::vector<lab09::Score> threads_design(const std::string& host, int port,
                                         const std::vector<std::string>& paths, int fetchers,
                                         int /*scorers*/) {
  return lab09::pipeline_threads(host, port, paths, fetchers);
}

std::vector<lab09::Score> processes_design(const std::string& host, int port,
                                           const std::vector<std::string>& paths, int /*fetchers*/,
                                           int scorers) {
  return lab09::pipeline_processes(host, port, paths, scorers);
}

std::vector<lab09::Score> hybrid_design(const std::string& host, int port,
                                        const std::vector<std::string>& paths, int fetchers,
                                        int scorers) {
  return lab09::pipeline_hybrid(host, port, paths, fetchers, scorers);
}

// Starts the embedded interpreter once, in the main thread, before any test, as a real program
// would: the interpreter must not be first started by a thread that ends before a fork().
class PrepareKernel : public testing::Environment {
 public:
  void SetUp() override { ptlabs::prepare_kernel(ptlabs::Kernel::kPython); }
};
testing::Environment* const kPrepareKernel = testing::AddGlobalTestEnvironment(new PrepareKernel);

// ---------------------------------------------------------------- the checks

void many_items_in_order(Design design) {
  ptlabs::prepare_kernel(ptlabs::Kernel::kPython);
  HttpTestServer server(0.002);
  const auto paths = item_paths(40);
  expect_scores(paths, design(server.host(), server.port(), paths, 6, 3));
}

void empty_small_and_repeated(Design design) {
  ptlabs::prepare_kernel(ptlabs::Kernel::kPython);
  // No paths: an empty result, without a single request (the port is not even listened on).
  EXPECT_TRUE(design("127.0.0.1", unused_port(), {}, 4, 2).empty()) << "no paths gives {}";
  HttpTestServer server(0.002);
  const std::vector<std::string> three = {"/item/3", "/bytes/1000", "/item/3"};
  expect_scores(three, design(server.host(), server.port(), three, 16, 8));  // more than paths
  const std::vector<std::string> one = {"/item/41"};
  expect_scores(one, design(server.host(), server.port(), one, 1, 1));
  const auto seven = item_paths(7);
  expect_scores(seven, design(server.host(), server.port(), seven, 1, 1));  // one of each
  EXPECT_EQ(server.requests(), 11) << "every path is requested exactly once";
}

void failures_named_by_path(Design design) {
  ptlabs::prepare_kernel(ptlabs::Kernel::kPython);
  HttpTestServer server(0.002);
  auto paths = item_paths(20);
  paths[13] = "/error/500";
  expect_failure_naming([&] { design(server.host(), server.port(), paths, 4, 2); }, {"/error/500"});
  paths = item_paths(6);
  paths[2] = "/nothing/here";
  expect_failure_naming([&] { design(server.host(), server.port(), paths, 2, 2); },
                        {"/nothing/here", "404"});
  paths = {"/error/503"};
  expect_failure_naming([&] { design(server.host(), server.port(), paths, 3, 3); }, {"/error/503"});
}

void unreachable_server(Design design) {
  const int port = unused_port();
  expect_failure_naming([&] { design("127.0.0.1", port, item_paths(5), 3, 2); }, {});
}

// Runs `check` under a fork watch and expects every child reaped, and none left at all once the
// server (also a child of this process) is gone.
template <typename Check>
void expect_no_child_left(Check check) {
  {
    ForkWatch watch;
    check();
    EXPECT_EQ(watch.unreaped(), 0) << "children were left unreaped after the exception";
  }
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was left behind";
}

std::string pids_text(const std::set<int>& pids) {
  std::string text;
  for (int pid : pids) text += (text.empty() ? "" : " ") + std::to_string(pid);
  return text.empty() ? "none" : text;
}

// The scoring ran in min(W, N) children forked during the call, none in the caller; at most W
// children were forked, and every one of them was reaped.
void expect_scored_in_children(const std::vector<std::string>& paths, const Observed& o,
                               int scorers, const std::string& shape) {
  expect_scores(paths, o.scores);
  expect_one_call_per_item(paths, o.calls);
  std::set<int> scoring;
  int by_caller = 0;
  for (const auto& c : o.calls) {
    if (c.pid == ptlabs::current_pid()) ++by_caller;
    scoring.insert(c.pid);
  }
  EXPECT_EQ(by_caller, 0) << shape << ": the calling process scored " << by_caller
                          << " item(s); only the child processes may score";
  const auto want = std::min<std::size_t>(paths.size(), static_cast<std::size_t>(scorers));
  EXPECT_EQ(scoring.size(), want) << shape << ": the items were scored in " << scoring.size()
                                  << " process(es); expected " << want
                                  << ", each worker process scoring at least one item";
  for (int pid : scoring) {
    if (pid == ptlabs::current_pid()) continue;
    EXPECT_TRUE(o.forked.count(pid) == 1)
        << shape << ": process " << pid << " scored, but it is not a child forked by the call "
        << "(forked: " << pids_text(o.forked) << ")";
  }
  EXPECT_LE(o.forks, scorers) << shape << ": " << o.forks << " child processes were forked; "
                              << "the design has " << scorers << " worker processes, no more";
  EXPECT_EQ(o.unreaped, 0) << shape << ": every child must be reaped with waitpid() before return";
}

// ------------------------------------------------------------------ threads

TEST(ThreadScores, ManyItemsInOrder) { many_items_in_order(threads_design); }

TEST(ThreadScores, EmptySmallAndRepeatedLists) { empty_small_and_repeated(threads_design); }

TEST(ThreadScores, CountsBelowOneAreRejected) {
  const auto paths = item_paths(3);
  EXPECT_THROW(lab09::pipeline_threads("127.0.0.1", unused_port(), paths, 0),
               std::invalid_argument);
  EXPECT_THROW(lab09::pipeline_threads("127.0.0.1", unused_port(), paths, -2),
               std::invalid_argument);
}

TEST(ThreadErrors, FailingPathIsNamed) { failures_named_by_path(threads_design); }

TEST(ThreadErrors, UnreachableServerThrows) { unreachable_server(threads_design); }

// Every kernel call in this process but not by the calling thread, no fork(), and the fetches
// overlapping: at most T in flight and close to T.
TEST(ThreadModel, FetchedAndScoredInThreadsOfThisProcess) {
  struct Shape {
    int n, threads, at_least;
  };
  for (const Shape& shape : {Shape{16, 4, 3}, Shape{3, 8, 3}, Shape{5, 1, 1}}) {
    const auto paths = item_paths(shape.n);
    const std::string what =
        std::to_string(shape.n) + " paths with " + std::to_string(shape.threads) + " threads";
    Observed o = observe(0.05, paths, [&](const std::string& host, int port, const auto& p) {
      return lab09::pipeline_threads(host, port, p, shape.threads);
    });
    expect_scores(paths, o.scores);
    expect_one_call_per_item(paths, o.calls);
    for (const auto& c : o.calls) {
      EXPECT_EQ(c.pid, ptlabs::current_pid())
          << what << ": an item was scored in another process; the threads design must not fork";
      EXPECT_NE(c.tid, ptlabs::current_tid())
          << what << ": the calling thread scored an item; only the worker threads may";
    }
    EXPECT_EQ(o.forks, 0) << what << ": the threads design forked " << o.forks << " child(ren)";
    EXPECT_LE(o.in_flight, shape.threads)
        << what << ": the server had " << o.in_flight << " requests in flight at once";
    EXPECT_GE(o.in_flight, shape.at_least)
        << what << ": the server never had more than " << o.in_flight << " request(s) in flight "
        << "at once, expected at least " << shape.at_least << ": the threads must fetch at the "
        << "same time";
    EXPECT_EQ(o.requests, shape.n) << what << ": every path is requested exactly once";
  }
}

// ---------------------------------------------------------------- processes

class ProcessTest : public testing::Test {
 protected:
  void TearDown() override { ptlabs::testing::reap_all_children(); }
};

using ProcessScores = ProcessTest;
using ProcessErrors = ProcessTest;
using ProcessModel = ProcessTest;

TEST_F(ProcessScores, ManyItemsInOrder) { many_items_in_order(processes_design); }

TEST_F(ProcessScores, EmptySmallAndRepeatedLists) { empty_small_and_repeated(processes_design); }

TEST_F(ProcessScores, CountsBelowOneAreRejected) {
  const auto paths = item_paths(3);
  EXPECT_THROW(lab09::pipeline_processes("127.0.0.1", unused_port(), paths, 0),
               std::invalid_argument);
  EXPECT_THROW(lab09::pipeline_processes("127.0.0.1", unused_port(), paths, -1),
               std::invalid_argument);
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was started";
}

TEST_F(ProcessErrors, FailingPathIsNamedAndNoChildIsLeft) {
  expect_no_child_left([] { failures_named_by_path(processes_design); });
}

TEST_F(ProcessErrors, UnreachableServerThrowsAndNoChildIsLeft) {
  expect_no_child_left([] { unreachable_server(processes_design); });
}

// The scoring in min(W, N) children, none in the caller; each child fetching one path at a
// time, so at most W requests in flight.
TEST_F(ProcessModel, FetchedAndScoredInWChildProcesses) {
  struct Shape {
    int n, processes;
  };
  for (const Shape& shape : {Shape{12, 3}, Shape{2, 4}, Shape{5, 1}}) {
    const auto paths = item_paths(shape.n);
    const std::string what =
        std::to_string(shape.n) + " paths with " + std::to_string(shape.processes) + " processes";
    Observed o = observe(0.02, paths, [&](const std::string& host, int port, const auto& p) {
      return lab09::pipeline_processes(host, port, p, shape.processes);
    });
    expect_scored_in_children(paths, o, shape.processes, what);
    EXPECT_LE(o.in_flight, shape.processes)
        << what << ": the server had " << o.in_flight << " requests in flight at once; each "
        << "worker process fetches one path at a time, no threads";
    EXPECT_EQ(o.requests, shape.n) << what << ": every path is requested exactly once";
  }
}

// ------------------------------------------------------------------- hybrid

using HybridScores = ProcessTest;
using HybridErrors = ProcessTest;
using HybridModel = ProcessTest;
using HybridFetching = ProcessTest;
using HybridForkOrder = ProcessTest;

TEST_F(HybridScores, ManyItemsInOrder) { many_items_in_order(hybrid_design); }

TEST_F(HybridScores, EmptySmallAndRepeatedLists) { empty_small_and_repeated(hybrid_design); }

TEST_F(HybridScores, CountsBelowOneAreRejected) {
  const auto paths = item_paths(3);
  const int port = unused_port();
  EXPECT_THROW(lab09::pipeline_hybrid("127.0.0.1", port, paths, 0, 2), std::invalid_argument)
      << "fetchers = 0";
  EXPECT_THROW(lab09::pipeline_hybrid("127.0.0.1", port, paths, 2, 0), std::invalid_argument)
      << "scorers = 0";
  EXPECT_THROW(lab09::pipeline_hybrid("127.0.0.1", port, paths, -1, -1), std::invalid_argument)
      << "fetchers = scorers = -1";
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was started";
}

TEST_F(HybridErrors, FailingPathIsNamedAndNoChildIsLeft) {
  expect_no_child_left([] { failures_named_by_path(hybrid_design); });
}

TEST_F(HybridErrors, UnreachableServerThrowsAndNoChildIsLeft) {
  expect_no_child_left([] { unreachable_server(hybrid_design); });
}

// The scoring in min(W, N) children of the pool, none in the caller; all reaped.
TEST_F(HybridModel, ScoredInThePoolsChildProcesses) {
  struct Shape {
    int n, fetchers, scorers;
  };
  for (const Shape& shape : {Shape{12, 4, 3}, Shape{2, 3, 5}, Shape{6, 1, 1}, Shape{9, 9, 2}}) {
    const auto paths = item_paths(shape.n);
    const std::string what = std::to_string(shape.n) + " paths, " + std::to_string(shape.fetchers) +
                             " fetchers, " + std::to_string(shape.scorers) + " scorers";
    Observed o = observe(0.01, paths, [&](const std::string& host, int port, const auto& p) {
      return lab09::pipeline_hybrid(host, port, p, shape.fetchers, shape.scorers);
    });
    expect_scored_in_children(paths, o, shape.scorers, what);
    EXPECT_EQ(o.requests, shape.n) << what << ": every path is requested exactly once";
  }
}

// The fetching threads overlap their requests: at most F in flight and close to F, although
// only W (fewer) processes score.
TEST_F(HybridFetching, FetchersKeepRequestsInFlight) {
  struct Shape {
    int n, fetchers, scorers, at_least;
    double latency_s;
  };
  for (const Shape& shape :
       {Shape{24, 8, 2, 6, 0.1}, Shape{10, 3, 2, 3, 0.05}, Shape{5, 1, 2, 1, 0.02}}) {
    const auto paths = item_paths(shape.n);
    const std::string what = std::to_string(shape.n) + " paths, " + std::to_string(shape.fetchers) +
                             " fetchers, " + std::to_string(shape.scorers) + " scorers";
    Observed o =
        observe(shape.latency_s, paths, [&](const std::string& host, int port, const auto& p) {
          return lab09::pipeline_hybrid(host, port, p, shape.fetchers, shape.scorers);
        });
    expect_scores(paths, o.scores);
    EXPECT_LE(o.in_flight, shape.fetchers)
        << what << ": the server had " << o.in_flight << " requests in flight at once";
    EXPECT_GE(o.in_flight, shape.at_least)
        << what << ": the server never had more than " << o.in_flight << " request(s) in flight "
        << "at once, expected at least " << shape.at_least << ": the fetching threads must "
        << "fetch at the same time, each handing its body to the pool without waiting for the "
        << "score";
    EXPECT_EQ(o.requests, shape.n) << what << ": every path is requested exactly once";
  }
}

// fork() is never called while the caller has more than one thread: the pool first.
TEST_F(HybridForkOrder, PoolIsForkedBeforeAnyThreadStarts) {
  ASSERT_GT(threads_now(), 0) << "cannot read the thread count from /proc/self/status";
  struct Shape {
    int n, fetchers, scorers;
  };
  for (const Shape& shape : {Shape{12, 4, 2}, Shape{8, 8, 3}, Shape{3, 2, 1}}) {
    const auto paths = item_paths(shape.n);
    const std::string what = std::to_string(shape.n) + " paths, " + std::to_string(shape.fetchers) +
                             " fetchers, " + std::to_string(shape.scorers) + " scorers";
    Observed o = observe(0.02, paths, [&](const std::string& host, int port, const auto& p) {
      return lab09::pipeline_hybrid(host, port, p, shape.fetchers, shape.scorers);
    });
    expect_scores(paths, o.scores);
    EXPECT_GE(o.prepares, 1) << what << ": no fork() was seen: the hybrid's scorers are child "
                             << "processes, forked by the call";
    EXPECT_EQ(o.unreadable, 0) << what << ": the thread count could not be read at a fork()";
    EXPECT_LE(o.most_threads, 1)
        << what << ": fork() was called while the caller had " << o.most_threads
        << " threads. fork() copies only the calling thread: a lock another thread held at that "
        << "moment stays locked forever in the child. Fork the pool before starting any thread";
  }
}

}  // namespace
