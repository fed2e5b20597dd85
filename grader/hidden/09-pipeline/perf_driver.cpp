// Performance driver of lab 09 — pipeline: runs ONE timed trial in this fresh process and
// prints one JSON line. The grader's perf engine runs many of these, interleaved, and judges
// the medians.
//
//   perf_driver threads|processes|hybrid N FETCHERS SCORERS LATENCY_MS
//
//   threads     the submission's pipeline_threads(paths, FETCHERS)
//   processes   the submission's pipeline_processes(paths, SCORERS)
//   hybrid      the submission's pipeline_hybrid(paths, FETCHERS, SCORERS)
//
// over the paths /item/0 ... /item/N-1, and two probes of the machine, without the network:
//
//   probe-serial    one forked child scores the N items' bodies, one after another
//   probe-parallel  SCORERS forked children each score the N items' bodies, all at once: with
//                   probe-serial, how many cores the machine really delivers right now
//                   (SCORERS x serial time / parallel time)
// The test server (a child process, LATENCY_MS before
// every answer) starts, and the embedded Python interpreter is prepared, before the clock. The
// server is not reaped during the trial, so its CPU time is in neither RUSAGE_SELF nor
// RUSAGE_CHILDREN: cpu_s is the submission's own CPU time, the caller's plus that of the
// children it reaped.
//
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "max_in_flight": ..., "requests": ...}
// (the probes: requests 0)
// or {"ok": false, "error": "..."} (an exception, or a wrong score). Exit status 0 unless the
// usage is wrong (2).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/kernel.hpp"
#include "ptlabs/testing/http_test_server.hpp"
#include "support/perf_support.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::HttpTestServer;

using ptlabs::testing::cpu_seconds;

// The expected score, counted here by plain trial division (not through the kernel).
std::int64_t expected_score(const std::string& path) {
  const auto range = lab09::score_range(HttpTestServer::expected_body(path));
  std::int64_t count = 0;
  for (std::int64_t n = std::max<std::int64_t>(range.lo, 2); n < range.hi; ++n) {
    bool prime = n == 2 || n % 2 != 0;
    for (std::int64_t d = 3; prime && d * d <= n; d += 2) prime = n % d != 0;
    if (prime) ++count;
  }
  return count;
}

// "" if `scores` are the right scores of `paths` in order, else what is wrong.
std::string check_scores(const std::vector<std::string>& paths,
                         const std::vector<lab09::Score>& scores) {
  if (scores.size() != paths.size()) {
    return std::to_string(scores.size()) + " scores came back for " + std::to_string(paths.size()) +
           " paths";
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (scores[i].path != paths[i] || scores[i].primes != expected_score(paths[i])) {
      return "the score of " + paths[i] + " is wrong";
    }
  }
  return "";
}

// Forks `copies` children that each score the bodies of all `paths` with the python kernel, and
// awaits them all.
void probe(int copies, const std::vector<std::string>& paths) {
  std::vector<lab09::ScoreRange> ranges;
  for (const auto& path : paths) {
    ranges.push_back(lab09::score_range(HttpTestServer::expected_body(path)));
  }
  std::vector<pid_t> pids;
  for (int i = 0; i < copies; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      for (const auto& range : ranges) {
        ptlabs::count_primes(ptlabs::Kernel::kPython, range.lo, range.hi);
      }
      ::_exit(0);
    }
    if (pid < 0) break;
    pids.push_back(pid);
  }
  bool ok = static_cast<int>(pids.size()) == copies;
  for (pid_t pid : pids) {
    int status = 0;
    ok = ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 && ok;
  }
  if (!ok) throw std::runtime_error("probe: a child could not start or failed");
}

int usage() {
  std::fprintf(stderr,
               "usage: perf_driver threads|processes|hybrid|probe-serial|probe-parallel N FETCHERS "
               "SCORERS LATENCY_MS\n");
  return 2;
}

// Parses a whole decimal argument; false if it is not one.
bool parse_int(const char* text, long long* out) {
  char* end = nullptr;
  *out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) return usage();
  const std::string variant = argv[1];
  long long n = 0, fetchers = 0, scorers = 0, latency_ms = 0;
  const bool probing = variant == "probe-serial" || variant == "probe-parallel";
  if ((variant != "threads" && variant != "processes" && variant != "hybrid" && !probing) ||
      !parse_int(argv[2], &n) || !parse_int(argv[3], &fetchers) || !parse_int(argv[4], &scorers) ||
      !parse_int(argv[5], &latency_ms) || n < 0 || n > 100'000 || fetchers < 1 ||
      fetchers > 10'000 || scorers < 1 || scorers > 1'024 || latency_ms < 0 ||
      latency_ms > 60'000) {
    return usage();
  }
  const int f = static_cast<int>(fetchers);
  const int w = static_cast<int>(scorers);
  const double latency_s = static_cast<double>(latency_ms) / 1e3;

  nlohmann::json out;
  try {
    std::vector<std::string> paths;
    paths.reserve(static_cast<std::size_t>(n));
    for (long long k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
    HttpTestServer server(latency_s);                 // listening before the clock
    ptlabs::prepare_kernel(ptlabs::Kernel::kPython);  // so is the interpreter

    const double cpu_start = cpu_seconds();
    const std::uint64_t start = ptlabs::now_ns();
    if (probing) {
      probe(variant == "probe-serial" ? 1 : w, paths);
      out = {{"ok", true},
             {"wall_s", ptlabs::seconds_since(start)},
             {"cpu_s", cpu_seconds() - cpu_start},
             {"max_in_flight", 0},
             {"requests", 0}};
    } else {
      const std::vector<lab09::Score> scores =
          variant == "threads" ? lab09::pipeline_threads(server.host(), server.port(), paths, f)
          : variant == "processes"
              ? lab09::pipeline_processes(server.host(), server.port(), paths, w)
              : lab09::pipeline_hybrid(server.host(), server.port(), paths, f, w);
      const double wall_s = ptlabs::seconds_since(start);
      const double cpu_s = cpu_seconds() - cpu_start;
      const std::string wrong = check_scores(paths, scores);
      if (!wrong.empty()) {
        out = {{"ok", false}, {"error", wrong}};
      } else {
        out = {{"ok", true},
               {"wall_s", wall_s},
               {"cpu_s", cpu_s},
               {"max_in_flight", server.max_in_flight()},
               {"requests", server.requests()}};
      }
    }
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
