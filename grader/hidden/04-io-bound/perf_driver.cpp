// Performance driver of lab 04 — io-bound: runs ONE timed trial in this fresh
// process and prints one JSON line. The grader's perf engine runs many of these,
// interleaved, and judges the medians.
//
//   perf_driver threads|processes|probe N CONCURRENCY LATENCY_MS
//
//   threads     the submission's fetch_all_in_threads over /item/0 ... /item/N-1
//   processes   the submission's fetch_all_in_processes over the same paths
//   probe       the framework's own thread per path, at most C at once: what this
//               machine allows right now, so that a machine slowed by other work
//               is not mistaken for a slow submission
//
// The test server (a child process, LATENCY_MS before every answer) starts
// before the clock. It is not reaped during the trial, so its CPU time is in
// neither RUSAGE_SELF nor RUSAGE_CHILDREN: cpu_s is the submission's own CPU
// time, the caller's plus that of the children it reaped.
//
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "max_in_flight": ..., "requests": ...,
//          "bound_s": ...} or {"ok": false, "error": "..."}; bound_s = ceil(N / C) x latency,
// the least wall time any submission can take. Exit status 0 unless the usage is wrong (2).
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/http_client.hpp"
#include "ptlabs/testing/http_test_server.hpp"
#include "support/perf_support.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::HttpTestServer;

using ptlabs::testing::cpu_seconds;

int usage() {
  std::fprintf(stderr, "usage: perf_driver threads|processes|probe N CONCURRENCY LATENCY_MS\n");
  return 2;
}

// The probe: one thread per path, a counting semaphore keeping at most `c` alive.
std::vector<std::string> probe_fetch(const std::string& host, int port,
                                     const std::vector<std::string>& paths, int c) {
  std::vector<std::string> bodies(paths.size());
  std::counting_semaphore<> free_places(c);
  std::vector<std::thread> threads;
  threads.reserve(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    free_places.acquire();
    threads.emplace_back([&, i] {
      try {
        bodies[i] = ptlabs::http_get(host, port, paths[i]).body;
      } catch (const std::exception&) {
        bodies[i].clear();  // shows as a wrong body
      }
      free_places.release();
    });
  }
  for (auto& thread : threads) thread.join();
  return bodies;
}

// Parses a whole decimal argument; false if it is not one.
bool parse_int(const char* text, long long* out) {
  char* end = nullptr;
  *out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return usage();
  const std::string variant = argv[1];
  long long n = 0, concurrency = 0, latency_ms = 0;
  if ((variant != "threads" && variant != "processes" && variant != "probe") ||
      !parse_int(argv[2], &n) || !parse_int(argv[3], &concurrency) ||
      !parse_int(argv[4], &latency_ms) || n < 0 || n > 1'000'000 || concurrency < 1 ||
      concurrency > 100'000 || latency_ms < 0 || latency_ms > 60'000) {
    return usage();
  }
  const int c = static_cast<int>(concurrency);
  const double latency_s = static_cast<double>(latency_ms) / 1e3;

  nlohmann::json out;
  try {
    std::vector<std::string> paths;
    paths.reserve(static_cast<std::size_t>(n));
    for (long long k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
    HttpTestServer server(latency_s);  // started, and listening, before the clock

    const double cpu_start = cpu_seconds();
    const std::uint64_t start = ptlabs::now_ns();
    const std::vector<std::string> bodies =
        variant == "threads" ? lab04::fetch_all_in_threads(server.host(), server.port(), paths, c)
        : variant == "probe"
            ? probe_fetch(server.host(), server.port(), paths, c)
            : lab04::fetch_all_in_processes(server.host(), server.port(), paths, c);
    const double wall_s = ptlabs::seconds_since(start);
    const double cpu_s = cpu_seconds() - cpu_start;

    std::string wrong;
    if (bodies.size() != paths.size()) {
      wrong = std::to_string(bodies.size()) + " bodies came back for " +
              std::to_string(paths.size()) + " paths";
    }
    for (std::size_t i = 0; wrong.empty() && i < paths.size(); ++i) {
      if (bodies[i] != HttpTestServer::expected_body(paths[i])) {
        wrong = "the body of " + paths[i] + " is wrong";
      }
    }
    if (!wrong.empty()) {
      out = {{"ok", false}, {"error", wrong}};
    } else {
      const double rounds = static_cast<double>((n + concurrency - 1) / concurrency);
      out = {{"ok", true},
             {"wall_s", wall_s},
             {"cpu_s", cpu_s},
             {"max_in_flight", server.max_in_flight()},
             {"requests", server.requests()},
             {"bound_s", rounds * latency_s}};
    }
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
