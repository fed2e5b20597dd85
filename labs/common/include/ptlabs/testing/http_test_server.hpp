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

#include <cstdint>
#include <string>

namespace ptlabs::testing {

struct ServerStats;  // in shared memory; see http_test_server.cpp

class HttpTestServer {
 public:
  // Starts the server. Throws std::runtime_error if it cannot bind or start.
  explicit HttpTestServer(double latency_s);
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
