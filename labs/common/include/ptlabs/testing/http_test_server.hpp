// A real HTTP server (cpp-httplib) on 127.0.0.1 with an ephemeral port, for the
// I/O-bound labs' tests and performance trials.
//
// The server runs in a child process of its own, forked by the constructor, so
// the process under test stays single-threaded and its CPU time is its own.
// It counts requests in flight in shared memory, which is how the tests see
// the concurrency a submission really achieved. It dies with its parent.
//
// Every request first waits `latency_s`, then:
//   /item/<k>           200, the text "item <k>\n" repeated <k % 7 + 1> times
//   /bytes/<n>          200, n deterministic binary bytes (every byte value occurs)
//   /error/<code>       <code> (400..599), a short text body
//   /slow/<ms>          200 after <ms> more milliseconds, body "slow <ms>\n"
//   anything else       404
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ptlabs::testing {

struct ServerStats;  // in shared memory; see http_test_server.cpp

// For a server that watches a program under test from outside it (a lab's harness,
// docs/security.md).
struct HttpServerOptions {
  // Runs in the server's child process before it binds (single-threaded there), e.g. to
  // join the network namespace of the program under test; false stops the server.
  std::function<bool()> in_child;
  // When > 0: for each request, the server records which processes hold the client's
  // end of the connection, among this process and its descendants (from /proc/net/tcp
  // and /proc/PID/fd, read while the request is in flight).
  pid_t owners_under = 0;
};

// One request as the server saw it (HttpServerOptions).
struct ServedRequest {
  std::string path;
  std::int64_t job_token = 0;  // the X-Ptlabs-Job header's value (ptlabs/http_observer.hpp), or 0
  std::vector<pid_t> owners;   // processes holding the client's socket (owners_under)
  bool owners_known = false;   // the socket was found in /proc/net/tcp
};

class HttpTestServer {
 public:
  // Starts the server. Throws std::runtime_error if it cannot bind or start.
  explicit HttpTestServer(double latency_s);
  HttpTestServer(double latency_s, HttpServerOptions options);
  ~HttpTestServer();  // stops and reaps the server process
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  double latency_s() const { return latency_s_; }

  // Requests answered (or being answered) since the last reset.
  std::int64_t requests() const;
  // The most requests that were in the server's handlers at one moment.
  int max_in_flight() const;
  // Zeroes the counters. Only while no request is in flight.
  void reset_stats();
  // The requests recorded since the last reset (at most the first 1024).
  std::vector<ServedRequest> served() const;

  // The body a GET of `path` returns with status 200 (empty for other paths).
  static std::string expected_body(const std::string& path);

 private:
  std::string host_ = "127.0.0.1";
  int port_ = 0;
  double latency_s_ = 0;
  int pid_ = -1;
  ServerStats* stats_ = nullptr;
};

}  // namespace ptlabs::testing
