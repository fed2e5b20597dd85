// Hidden suite of lab 04 — io-bound: the harness. Each test suite is one check of
// the catalogue (labs/labs.toml): ProcessBodies, ProcessErrors, ...
//
// The student's code runs in a subject of its own (subject.cpp beside this file). A
// real HTTP server (ptlabs::testing::HttpTestServer) runs here, in a child process of
// the harness that joins the subject's network namespace (enter_network in
// support/harness.hpp) and listens on 127.0.0.1 there. It answers every request after
// a fixed latency and counts the requests it had in flight at once: that count is how
// the concurrency checks see what a submission really did.
//
// Which worker made each request is judged from two sources outside the subject:
// every ptlabs::http_get announces a job from the task that calls it, which the kernel
// shows the harness (thread, process and parent from /proc while the task is stopped),
// and the harness's answer, the job's token, travels in the request; and the server,
// while the request is in flight, finds which processes hold the client's end of the
// connection (/proc/net/tcp and /proc/PID/fd). A request must carry a token the
// harness gave, and the process that holds its socket must be the one that began it.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "body_digest.hpp"
#include "ptlabs/testing/http_test_server.hpp"
#include "support/harness.hpp"

namespace {

using ptlabs::harness::Event;
using ptlabs::harness::EventKind;
using ptlabs::harness::Json;
using ptlabs::harness::Reply;
using ptlabs::harness::Subject;
using ptlabs::testing::HttpTestServer;

Subject& subject() { return Subject::current(); }

// ------------------------------------------------------------------ helpers

// The server, in the subject's network namespace, recording who holds each connection.
std::unique_ptr<HttpTestServer> start_server(double latency_s) {
  ptlabs::testing::HttpServerOptions options;
  const ptlabs::harness::NetworkEntry entry = subject().network_entry();
  options.in_child = [entry] { return ptlabs::harness::enter_network(entry); };
  options.owners_under = entry.subject;
  return std::make_unique<HttpTestServer>(latency_s, options);
}

std::vector<std::string> item_paths(int n) {
  std::vector<std::string> paths;
  for (int k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
  return paths;
}

// A port on 127.0.0.1 that nothing listens on: bound by the kernel's choice, then released.
// (In the sandbox the subject's loopback is its own: there only the test server listens.)
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

const char* function_of(const std::string& model) {
  return model == "process" ? "fetch_all_in_processes" : "fetch_all_in_threads";
}

Reply fetch(const std::string& model, const std::string& host, int port,
            const std::vector<std::string>& paths, int concurrency) {
  return subject().call("fetch", {{"model", model},
                                  {"host", host},
                                  {"port", port},
                                  {"paths", paths},
                                  {"concurrency", concurrency}});
}

Reply fetch(const std::string& model, const HttpTestServer& server,
            const std::vector<std::string>& paths, int concurrency) {
  return fetch(model, server.host(), server.port(), paths, concurrency);
}

// The subject's digest of a body (body_digest.hpp), computed here from the expected body.
using lab04_digest::fnv1a;
using lab04_digest::kBlockBytes;

// Compares a body's digest with the expected body, without megabytes in the report.
testing::AssertionResult same_body(const std::string& path, const Json& got) {
  const std::string want = HttpTestServer::expected_body(path);
  if (!got.is_object() || !got.contains("size") || !got["size"].is_number_unsigned() ||
      !got.contains("blocks") || !got["blocks"].is_array()) {
    return testing::AssertionFailure() << "no body came back for " << path;
  }
  const auto size = got["size"].get<std::uint64_t>();
  const Json& blocks = got["blocks"];
  auto failure = testing::AssertionFailure();
  bool wrong = size != want.size();
  if (wrong)
    failure << "the body of " << path << " is wrong: " << size << " bytes, expected "
            << want.size();
  for (std::size_t b = 0; b * kBlockBytes < want.size(); ++b) {
    const std::size_t at = b * kBlockBytes;
    const std::uint64_t expected = fnv1a(want.data() + at, std::min(kBlockBytes, want.size() - at));
    if (b >= blocks.size() || !blocks[b].is_number_unsigned() ||
        blocks[b].get<std::uint64_t>() != expected) {
      if (!wrong) failure << "the body of " << path << " is wrong (" << size << " bytes)";
      failure << "; the first difference is within bytes " << at << " to "
              << std::min(at + kBlockBytes, want.size()) - 1;
      return failure;
    }
  }
  if (wrong) return failure;
  return testing::AssertionSuccess();
}

// Checks that the call returned exactly the expected bodies of `paths`, in order.
void expect_bodies(const std::vector<std::string>& paths, const Reply& reply) {
  ASSERT_TRUE(reply.answered && reply.ok && reply.result.is_array())
      << "the call did not return the bodies: " << describe(reply);
  ASSERT_EQ(reply.result.size(), paths.size()) << "one body per path, in the order of the paths";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_TRUE(same_body(paths[i], reply.result[i]))
        << "(path " << i << " of " << paths.size() << ")";
  }
}

// Expects a std::runtime_error whose message contains every one of `needles`.
void expect_failure_naming(const Reply& reply, const std::vector<std::string>& needles) {
  if (!reply.answered) {
    ADD_FAILURE() << "expected a std::runtime_error; instead " << reply.failure;
    return;
  }
  if (reply.ok) {
    ADD_FAILURE() << "no exception was thrown; expected a std::runtime_error naming "
                  << (needles.empty() ? std::string("the failure") : needles.front());
    return;
  }
  if (reply.exception != "runtime_error") {
    ADD_FAILURE() << "expected std::runtime_error, got " << reply.exception << ": " << reply.what;
    return;
  }
  for (const auto& needle : needles) {
    EXPECT_NE(reply.what.find(needle), std::string::npos)
        << "the message should contain \"" << needle << "\", it is: " << reply.what;
  }
}

std::string children_text() {
  std::string text;
  for (const auto& c : subject().children()) {
    text += (text.empty() ? "" : ", ") + std::string("pid ") + std::to_string(c.pid) +
            (c.state == 'Z' ? " (a zombie)" : " (still running)");
  }
  return text;
}

void expect_no_child_left(const char* when) {
  const std::string left = children_text();
  EXPECT_TRUE(left.empty()) << "a child process was left " << when << " (" << left
                            << "): waitpid() every child before returning";
}

// Who made each request of the last call, from the kernel's events and the server.
struct Request {
  std::string path;
  Event begin;                // the task that began it (the kernel's view)
  std::vector<pid_t> owners;  // the processes that held its connection (the server's view)
};

struct Requests {
  std::vector<Request> requests;
  std::vector<std::string> problems;
};

// A pid of the harness's namespace as the subject sees it (/proc/PID/status NSpid).
std::string pid_in_subject(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("NSpid:", 0) != 0) continue;
    const auto space = line.find_last_of(" \t");
    return line.substr(space + 1);
  }
  return "(one that has exited since)";
}

Requests who_made_requests(const HttpTestServer& server) {
  Requests out;
  std::map<std::int64_t, Event> begun;  // by token
  for (const Event& e : subject().events_of_call(subject().call_number(), EventKind::kJobBegin)) {
    begun[e.answer] = e;
  }
  std::set<std::int64_t> used;
  for (const auto& served : server.served()) {
    auto found = served.job_token > 0 ? begun.find(served.job_token) : begun.end();
    if (found == begun.end()) {
      out.problems.push_back("the request for " + served.path +
                             " did not come through ptlabs::http_get from a worker (it carried "
                             "no job token the harness gave)");
      continue;
    }
    if (!used.insert(served.job_token).second) {
      out.problems.push_back("two requests carried the same job token (" + served.path + ")");
      continue;
    }
    if (!served.owners_known) {
      out.problems.push_back("the connection of the request for " + served.path +
                             " was not found while it was in flight");
      continue;
    }
    const Event& begin = found->second;
    if (std::find(served.owners.begin(), served.owners.end(), begin.tgid) == served.owners.end() ||
        served.owners.size() != 1) {
      std::string held;
      for (pid_t owner : served.owners) held += (held.empty() ? "" : ", ") + pid_in_subject(owner);
      out.problems.push_back(
          "the request for " + served.path + " was begun by process " +
          std::to_string(begin.ns_tgid) + " but its connection was held by " +
          (held.empty() ? std::string("no process of your program") : "process(es) " + held));
      continue;
    }
    out.requests.push_back({served.path, begin, served.owners});
  }
  return out;
}

std::string join(const std::vector<std::string>& problems) {
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < 6; ++i) {
    text += (text.empty() ? "" : "; ") + problems[i];
  }
  if (problems.size() > 6) text += "; and " + std::to_string(problems.size() - 6) + " more";
  return text;
}

// ---------------------------------------------------------------- the checks

void many_items_in_order(const std::string& model) {
  auto server = start_server(0.002);
  const auto paths = item_paths(100);
  expect_bodies(paths, fetch(model, *server, paths, 8));
  EXPECT_EQ(server->requests(), 100) << "every path is requested exactly once";
}

void large_binary_bodies(const std::string& model) {
  auto server = start_server(0.002);
  const std::vector<std::string> paths = {"/bytes/8388608", "/bytes/0",       "/bytes/1",
                                          "/item/6",        "/bytes/65536",   "/bytes/65537",
                                          "/bytes/1048576", "/bytes/3000001", "/bytes/255",
                                          "/bytes/8388607", "/bytes/4194304", "/item/13"};
  expect_bodies(paths, fetch(model, *server, paths, 3));
  EXPECT_EQ(server->requests(), static_cast<std::int64_t>(paths.size()))
      << "every path is requested exactly once";
}

void empty_and_small_lists(const std::string& model) {
  // No paths: an empty result, without a single request (the port is not even listened on).
  const Reply none = fetch(model, "127.0.0.1", unused_port(), {}, 4);
  EXPECT_TRUE(none.answered && none.ok && none.result.is_array() && none.result.empty())
      << "no paths gives {}; the call " << describe(none);
  auto server = start_server(0.002);
  const std::vector<std::string> three = {"/item/2", "/bytes/100000", "/item/2"};
  expect_bodies(three, fetch(model, *server, three, 16));  // more workers than paths
  const std::vector<std::string> one = {"/item/41"};
  expect_bodies(one, fetch(model, *server, one, 1));
  const auto seven = item_paths(7);
  expect_bodies(seven, fetch(model, *server, seven, 1));  // one worker, many paths
  EXPECT_EQ(server->requests(), 11) << "every path is requested exactly once";
}

void failures_named_by_path(const std::string& model) {
  auto server = start_server(0.002);
  auto paths = item_paths(20);
  paths[13] = "/error/500";
  expect_failure_naming(fetch(model, *server, paths, 4), {"/error/500"});
  paths = item_paths(6);
  paths[2] = "/nothing/here";
  expect_failure_naming(fetch(model, *server, paths, 2), {"/nothing/here", "404"});
  paths = {"/error/503"};
  expect_failure_naming(fetch(model, *server, paths, 3), {"/error/503"});
}

void unreachable_server(const std::string& model) {
  expect_failure_naming(fetch(model, "127.0.0.1", unused_port(), item_paths(5), 3), {});
}

void bad_concurrency_rejected(const std::string& model) {
  const auto paths = item_paths(3);
  for (int c : {0, -2}) {
    const Reply reply = fetch(model, "127.0.0.1", unused_port(), paths, c);
    EXPECT_TRUE(reply.answered && !reply.ok && reply.exception == "invalid_argument")
        << function_of(model) << " with concurrency = " << c
        << " must throw std::invalid_argument; the call " << describe(reply);
    EXPECT_TRUE(subject().events_of_call(subject().call_number(), EventKind::kJobBegin).empty())
        << "with concurrency = " << c << " no request may be sent";
  }
}

// The server's view: at most C requests in flight, and at least 80 % of min(C, N) at one moment.
void in_flight_near_concurrency(const std::string& model, int n, int c, double latency_s) {
  auto server = start_server(latency_s);
  const auto paths = item_paths(n);
  expect_bodies(paths, fetch(model, *server, paths, c));
  const int most = server->max_in_flight();
  const int at_least = static_cast<int>(std::ceil(0.8 * std::min(c, n)));
  EXPECT_LE(most, c) << "with concurrency " << c << " the server had " << most
                     << " requests in flight at once";
  EXPECT_GE(most, at_least) << n << " paths at concurrency " << c << ": the server never had more "
                            << "than " << most << " requests in flight at once, expected at "
                            << "least " << at_least << " (start all workers before awaiting any)";
  EXPECT_EQ(server->requests(), n) << "every path is requested exactly once";
}

// ---------------------------------------------------------------- processes

TEST(ProcessBodies, ManyItemsInOrder) { many_items_in_order("process"); }

TEST(ProcessBodies, LargeBinaryBodiesAreByteExact) { large_binary_bodies("process"); }

TEST(ProcessBodies, EmptyListAndMoreWorkersThanPaths) { empty_and_small_lists("process"); }

// After a failure every child must have been reaped.
TEST(ProcessErrors, FailingPathIsNamedAndNoChildIsLeft) {
  failures_named_by_path("process");
  expect_no_child_left("after the exception");
}

TEST(ProcessErrors, UnreachableServerThrowsAndNoChildIsLeft) {
  unreachable_server("process");
  expect_no_child_left("after the exception");
}

TEST(ProcessErrors, ConcurrencyBelowOneIsRejected) {
  bad_concurrency_rejected("process");
  expect_no_child_left("after rejecting the concurrency");
}

TEST(ProcessConcurrency, ManyPathsKeepCInFlight) {
  in_flight_near_concurrency("process", 24, 8, 0.1);
}

TEST(ProcessConcurrency, OneWorkerMeansOneInFlight) {
  in_flight_near_concurrency("process", 5, 1, 0.05);
}

TEST(ProcessConcurrency, FewerPathsThanWorkers) {
  in_flight_near_concurrency("process", 5, 16, 0.1);
  in_flight_near_concurrency("process", 10, 3, 0.05);
}

// Each request was begun by a child process of the caller, one per path, and that child
// held the request's connection; afterwards no child is left.
TEST(ProcessModel, OneChildPerPathAllReaped) {
  auto server = start_server(0.002);
  struct Shape {
    int n, c;
  };
  for (const Shape& shape : {Shape{12, 4}, Shape{3, 8}, Shape{9, 1}, Shape{0, 4}}) {
    SCOPED_TRACE(std::to_string(shape.n) + " paths at concurrency " + std::to_string(shape.c));
    server->reset_stats();
    const auto paths = item_paths(shape.n);
    expect_bodies(paths, fetch("process", *server, paths, shape.c));
    const Requests seen = who_made_requests(*server);
    EXPECT_TRUE(seen.problems.empty()) << join(seen.problems);
    std::set<pid_t> children;
    for (const Request& r : seen.requests) {
      EXPECT_NE(r.begin.tgid, subject().pid())
          << "the request for " << r.path << " was made by the caller's own process";
      if (r.begin.tgid == subject().pid()) continue;
      EXPECT_EQ(r.begin.ppid, subject().pid())
          << "the request for " << r.path << " was made by a process that is not a child of "
          << "the caller";
      children.insert(r.begin.tgid);
    }
    EXPECT_EQ(children.size(), static_cast<std::size_t>(shape.n))
        << shape.n << " paths need " << shape.n << " children, one per path; " << children.size()
        << " child processes made the requests";
    expect_no_child_left("after the call returned");
  }
}

// ------------------------------------------------------------------ threads

TEST(ThreadBodies, ManyItemsInOrder) { many_items_in_order("thread"); }

TEST(ThreadBodies, LargeBinaryBodiesAreByteExact) { large_binary_bodies("thread"); }

TEST(ThreadBodies, EmptyListAndMoreWorkersThanPaths) { empty_and_small_lists("thread"); }

TEST(ThreadErrors, FailingPathIsNamed) { failures_named_by_path("thread"); }

TEST(ThreadErrors, UnreachableServerThrows) { unreachable_server("thread"); }

TEST(ThreadErrors, ConcurrencyBelowOneIsRejected) { bad_concurrency_rejected("thread"); }

TEST(ThreadConcurrency, ManyPathsKeepCInFlight) {
  in_flight_near_concurrency("thread", 24, 8, 0.1);
}

TEST(ThreadConcurrency, OneWorkerMeansOneInFlight) {
  in_flight_near_concurrency("thread", 5, 1, 0.05);
}

TEST(ThreadConcurrency, FewerPathsThanWorkers) {
  in_flight_near_concurrency("thread", 5, 16, 0.1);
  in_flight_near_concurrency("thread", 10, 3, 0.05);
}

// Every request was begun by a thread of the caller's process other than the caller's
// own, and that process held its connection; no child process is left.
TEST(ThreadModel, NoChildProcessIsStarted) {
  auto server = start_server(0.002);
  for (int c : {1, 4, 16}) {
    SCOPED_TRACE("12 paths at concurrency " + std::to_string(c));
    server->reset_stats();
    const auto paths = item_paths(12);
    expect_bodies(paths, fetch("thread", *server, paths, c));
    const Requests seen = who_made_requests(*server);
    EXPECT_TRUE(seen.problems.empty()) << join(seen.problems);
    EXPECT_EQ(seen.requests.size(), paths.size()) << "one request per path";
    for (const Request& r : seen.requests) {
      EXPECT_EQ(r.begin.tgid, subject().pid())
          << "the request for " << r.path << " was made by another process (pid " << r.begin.ns_tgid
          << " in your program), not by a thread of the caller's";
      EXPECT_NE(r.begin.tid, subject().pid())
          << "the request for " << r.path << " was made by the caller's own thread, not by a "
          << "worker thread";
    }
    expect_no_child_left("after the call returned");
  }
}

}  // namespace
