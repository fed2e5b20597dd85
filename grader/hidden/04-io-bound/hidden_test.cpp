// Hidden suite of lab 04 — io-bound. Each test suite is one check of the
// catalogue. A real HTTP server (ptlabs::testing::HttpTestServer, a child
// process of its own on 127.0.0.1) answers every request after a fixed
// latency and counts the requests it had in flight at once: that count is
// how the concurrency checks see what a submission really did. The model
// checks count the fork() calls made during the call, with a pthread_atfork
// handler that every forked child runs: deterministic, no timing involved.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/testing/http_test_server.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::HttpTestServer;
using Fetcher = std::vector<std::string> (*)(const std::string&, int,
                                             const std::vector<std::string>&, int);

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

// Compares a body without printing megabytes of binary into the report.
testing::AssertionResult same_body(const std::string& path, const std::string& got) {
  const std::string want = HttpTestServer::expected_body(path);
  if (got == want) return testing::AssertionSuccess();
  auto failure = testing::AssertionFailure();
  failure << "the body of " << path << " is wrong: " << got.size() << " bytes, expected "
          << want.size();
  const std::size_t common = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (got[i] != want[i]) {
      failure << "; the first difference is at byte " << i;
      break;
    }
  }
  return failure;
}

// Checks that `bodies` are exactly the expected bodies of `paths`, in order.
void expect_bodies(const std::vector<std::string>& paths, const std::vector<std::string>& bodies) {
  ASSERT_EQ(bodies.size(), paths.size()) << "one body per path, in the order of the paths";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_TRUE(same_body(paths[i], bodies[i])) << "(path " << i << " of " << paths.size() << ")";
  }
}

// Calls `fetch` and expects a std::runtime_error whose message contains every one of `needles`.
void expect_failure_naming(Fetcher fetch, const std::string& host, int port,
                           const std::vector<std::string>& paths, int concurrency,
                           const std::vector<std::string>& needles) {
  try {
    fetch(host, port, paths, concurrency);
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

// Counts the fork() calls made while it exists, and remembers the children's pids. The
// atfork handler runs in every child forked through fork(), whoever called it, and writes
// into memory shared with this process.
constexpr int kMaxForks = 256;

struct ForkLog {
  std::atomic<int> forks{0};
  std::atomic<int> pids[kMaxForks]{};
};

std::atomic<ForkLog*> g_fork_log{nullptr};

void note_fork_in_child() {
  ForkLog* log = g_fork_log.load();
  if (log == nullptr) return;
  int slot = log->forks.fetch_add(1);
  if (slot < kMaxForks) log->pids[slot].store(static_cast<int>(::getpid()));
}

class ForkCounter {
 public:
  ForkCounter() {
    static const bool registered = ::pthread_atfork(nullptr, nullptr, note_fork_in_child) == 0;
    if (!registered) throw std::runtime_error("pthread_atfork failed");
    g_fork_log.store(&*log_);
  }
  ~ForkCounter() { g_fork_log.store(nullptr); }
  ForkCounter(const ForkCounter&) = delete;
  ForkCounter& operator=(const ForkCounter&) = delete;

  int forks() const { return log_->forks.load(); }

  // How many of the counted children could still be waited for: running, or exited and never
  // reaped (a zombie). Those it finds exited are reaped now, so the next test starts clean.
  int unreaped() const {
    int left = 0;
    const int counted = std::min(forks(), kMaxForks);
    for (int i = 0; i < counted; ++i) {
      const pid_t pid = log_->pids[i].load();
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

// Every test of the process version reaps what is left, so one failure does not spill over.
class ProcessTest : public testing::Test {
 protected:
  void TearDown() override { ptlabs::testing::reap_all_children(); }
};

// ---------------------------------------------------------------- the checks

void many_items_in_order(Fetcher fetch) {
  HttpTestServer server(0.002);
  const auto paths = item_paths(100);
  expect_bodies(paths, fetch(server.host(), server.port(), paths, 8));
}

void large_binary_bodies(Fetcher fetch) {
  HttpTestServer server(0.002);
  const std::vector<std::string> paths = {"/bytes/8388608", "/bytes/0",       "/bytes/1",
                                          "/item/6",        "/bytes/65536",   "/bytes/65537",
                                          "/bytes/1048576", "/bytes/3000001", "/bytes/255",
                                          "/bytes/8388607", "/bytes/4194304", "/item/13"};
  expect_bodies(paths, fetch(server.host(), server.port(), paths, 3));
}

void empty_and_small_lists(Fetcher fetch) {
  // No paths: an empty result, without a single request (the port is not even listened on).
  EXPECT_TRUE(fetch("127.0.0.1", unused_port(), {}, 4).empty()) << "no paths gives {}";
  HttpTestServer server(0.002);
  const std::vector<std::string> three = {"/item/2", "/bytes/100000", "/item/2"};
  expect_bodies(three, fetch(server.host(), server.port(), three, 16));  // more workers than paths
  const std::vector<std::string> one = {"/item/41"};
  expect_bodies(one, fetch(server.host(), server.port(), one, 1));
  const auto seven = item_paths(7);
  expect_bodies(seven, fetch(server.host(), server.port(), seven, 1));  // one worker, many paths
  EXPECT_EQ(server.requests(), 11) << "every path is requested exactly once";
}

void failures_named_by_path(Fetcher fetch) {
  HttpTestServer server(0.002);
  auto paths = item_paths(20);
  paths[13] = "/error/500";
  expect_failure_naming(fetch, server.host(), server.port(), paths, 4, {"/error/500"});
  paths = item_paths(6);
  paths[2] = "/nothing/here";
  expect_failure_naming(fetch, server.host(), server.port(), paths, 2, {"/nothing/here", "404"});
  paths = {"/error/503"};
  expect_failure_naming(fetch, server.host(), server.port(), paths, 3, {"/error/503"});
}

void unreachable_server(Fetcher fetch) {
  expect_failure_naming(fetch, "127.0.0.1", unused_port(), item_paths(5), 3, {});
}

void bad_concurrency_rejected(Fetcher fetch) {
  const auto paths = item_paths(3);
  EXPECT_THROW(fetch("127.0.0.1", unused_port(), paths, 0), std::invalid_argument)
      << "concurrency = 0";
  EXPECT_THROW(fetch("127.0.0.1", unused_port(), paths, -2), std::invalid_argument)
      << "concurrency = -2";
}

// The server's view: at most C requests in flight, and at least 80 % of min(C, N) at one moment.
void in_flight_near_concurrency(Fetcher fetch, int n, int c, double latency_s) {
  HttpTestServer server(latency_s);
  const auto paths = item_paths(n);
  expect_bodies(paths, fetch(server.host(), server.port(), paths, c));
  const int most = server.max_in_flight();
  const int at_least = static_cast<int>(std::ceil(0.8 * std::min(c, n)));
  EXPECT_LE(most, c) << "with concurrency " << c << " the server had " << most
                     << " requests in flight at once";
  EXPECT_GE(most, at_least) << n << " paths at concurrency " << c << ": the server never had more "
                            << "than " << most << " requests in flight at once, expected at "
                            << "least " << at_least << " (start all workers before awaiting any)";
  EXPECT_EQ(server.requests(), n) << "every path is requested exactly once";
}

// ---------------------------------------------------------------- processes

using ProcessBodies = ProcessTest;
using ProcessErrors = ProcessTest;
using ProcessConcurrency = ProcessTest;
using ProcessModel = ProcessTest;

TEST_F(ProcessBodies, ManyItemsInOrder) { many_items_in_order(lab04::fetch_all_in_processes); }

TEST_F(ProcessBodies, LargeBinaryBodiesAreByteExact) {
  large_binary_bodies(lab04::fetch_all_in_processes);
}

TEST_F(ProcessBodies, EmptyListAndMoreWorkersThanPaths) {
  empty_and_small_lists(lab04::fetch_all_in_processes);
}

// After a failure every child must have been reaped: the ones counted by fork(), and, once the
// server (also a child of this process) is gone, any other.
TEST_F(ProcessErrors, FailingPathIsNamedAndNoChildIsLeft) {
  {
    ForkCounter counter;
    failures_named_by_path(lab04::fetch_all_in_processes);
    EXPECT_EQ(counter.unreaped(), 0) << "children were left unreaped after the exception";
  }
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was left behind";
}

TEST_F(ProcessErrors, UnreachableServerThrowsAndNoChildIsLeft) {
  {
    ForkCounter counter;
    unreachable_server(lab04::fetch_all_in_processes);
    EXPECT_EQ(counter.unreaped(), 0) << "children were left unreaped after the exception";
  }
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was left behind";
}

TEST_F(ProcessErrors, ConcurrencyBelowOneIsRejected) {
  bad_concurrency_rejected(lab04::fetch_all_in_processes);
  EXPECT_TRUE(ptlabs::testing::has_no_children()) << "a child process was started";
}

TEST_F(ProcessConcurrency, ManyPathsKeepCInFlight) {
  in_flight_near_concurrency(lab04::fetch_all_in_processes, 24, 8, 0.1);
}

TEST_F(ProcessConcurrency, OneWorkerMeansOneInFlight) {
  in_flight_near_concurrency(lab04::fetch_all_in_processes, 5, 1, 0.05);
}

TEST_F(ProcessConcurrency, FewerPathsThanWorkers) {
  in_flight_near_concurrency(lab04::fetch_all_in_processes, 5, 16, 0.1);
  in_flight_near_concurrency(lab04::fetch_all_in_processes, 10, 3, 0.05);
}

TEST_F(ProcessModel, OneChildPerPathAllReaped) {
  HttpTestServer server(0.002);
  struct Shape {
    int n, c, children;
  };
  for (const Shape& shape : {Shape{12, 4, 12}, Shape{3, 8, 3}, Shape{9, 1, 9}, Shape{0, 4, 0}}) {
    const auto paths = item_paths(shape.n);
    ForkCounter counter;
    expect_bodies(paths,
                  lab04::fetch_all_in_processes(server.host(), server.port(), paths, shape.c));
    EXPECT_EQ(counter.forks(), shape.children)
        << shape.n << " paths at concurrency " << shape.c << " should fork " << shape.children
        << " children, one per path; it forked " << counter.forks();
    EXPECT_EQ(counter.unreaped(), 0) << "every child must be reaped with waitpid() before return";
  }
}

// ------------------------------------------------------------------ threads

TEST(ThreadBodies, ManyItemsInOrder) { many_items_in_order(lab04::fetch_all_in_threads); }

TEST(ThreadBodies, LargeBinaryBodiesAreByteExact) {
  large_binary_bodies(lab04::fetch_all_in_threads);
}

TEST(ThreadBodies, EmptyListAndMoreWorkersThanPaths) {
  empty_and_small_lists(lab04::fetch_all_in_threads);
}

TEST(ThreadErrors, FailingPathIsNamed) { failures_named_by_path(lab04::fetch_all_in_threads); }

TEST(ThreadErrors, UnreachableServerThrows) { unreachable_server(lab04::fetch_all_in_threads); }

TEST(ThreadErrors, ConcurrencyBelowOneIsRejected) {
  bad_concurrency_rejected(lab04::fetch_all_in_threads);
}

TEST(ThreadConcurrency, ManyPathsKeepCInFlight) {
  in_flight_near_concurrency(lab04::fetch_all_in_threads, 24, 8, 0.1);
}

TEST(ThreadConcurrency, OneWorkerMeansOneInFlight) {
  in_flight_near_concurrency(lab04::fetch_all_in_threads, 5, 1, 0.05);
}

TEST(ThreadConcurrency, FewerPathsThanWorkers) {
  in_flight_near_concurrency(lab04::fetch_all_in_threads, 5, 16, 0.1);
  in_flight_near_concurrency(lab04::fetch_all_in_threads, 10, 3, 0.05);
}

// The thread version must not fork: with C requests in flight at once (the concurrency check)
// and no child process, the requests ran in threads of this process.
TEST(ThreadModel, NoChildProcessIsStarted) {
  HttpTestServer server(0.002);
  for (int c : {1, 4, 16}) {
    const auto paths = item_paths(12);
    ForkCounter counter;
    expect_bodies(paths, lab04::fetch_all_in_threads(server.host(), server.port(), paths, c));
    EXPECT_EQ(counter.forks(), 0) << "the thread version forked " << counter.forks()
                                  << " child process(es) at concurrency " << c;
  }
  ptlabs::testing::reap_all_children();
}

}  // namespace
