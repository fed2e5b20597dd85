// Lab 09 — pipeline: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ptlabs/kernel.hpp"

namespace lab09 {

// What a pipeline returns for one path: the path itself and its score.
struct Score {
  std::string path;
  std::int64_t primes = 0;
  bool operator==(const Score&) const = default;
};

// ------------------------------------------------------------ the scoring rule (given)
//
// An item's score is the number of primes in a range of kScoreSpan numbers that its body picks:
// the range starts at kScoreBase plus the body's FNV-1a hash modulo kScoreSpread. Counting them
// with the python kernel costs a few milliseconds of real Python, under the real GIL.
inline constexpr std::int64_t kScoreBase = 1'000'000;
inline constexpr std::uint64_t kScoreSpread = 100'000;
inline constexpr std::int64_t kScoreSpan = 1'500;

struct ScoreRange {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
};

// The range of numbers `body` is scored over: [lo, hi), hi - lo == kScoreSpan. No kernel call.
inline ScoreRange score_range(const std::string& body) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char byte : body) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  const auto lo = kScoreBase + static_cast<std::int64_t>(hash % kScoreSpread);
  return {lo, lo + kScoreSpan};
}

// The score of one item: ONE call of the python kernel over score_range(body). Every score must
// come from this function, called once per item, in the worker the design says.
inline std::int64_t score_body(const std::string& body) {
  const ScoreRange range = score_range(body);
  return ptlabs::count_primes(ptlabs::Kernel::kPython, range.lo, range.hi);
}

// ------------------------------------------------------------------- the three designs
//
// Each one fetches every path of `paths` with ptlabs::http_get(host, port, path) and scores the
// body of each with score_body(). It returns one Score per path, in the order of `paths` (the
// same path may occur twice). A path answered with a status other than 200 makes it throw
// std::runtime_error naming that path and the status; an unreachable server makes it throw
// std::runtime_error. Either way every worker (thread or process) is awaited first, and no child
// process is left behind, running or zombie. After a failure the remaining paths need not be
// fetched. A count below 1 throws std::invalid_argument before anything starts; no paths
// gives {}.

// Threads only: `threads` threads of the calling process (fewer if there are fewer paths), each
// taking the next path, fetching it and scoring it. The fetches overlap; the scoring takes turns
// on the one GIL of this process. The calling thread neither fetches nor scores. No fork().
std::vector<Score> pipeline_threads(const std::string& host, int port,
                                    const std::vector<std::string>& paths, int threads);

// Processes only: `processes` child processes (fewer if there are fewer paths), each fetching
// and scoring its share of the paths, one path at a time, and sending the scores back through a
// pipe; each of them scores at least one item. No threads: at most `processes` requests are in
// flight. The caller neither fetches nor scores.
std::vector<Score> pipeline_processes(const std::string& host, int port,
                                      const std::vector<std::string>& paths, int processes);

// Hybrid: a pool of `scorers` child processes (fewer if there are fewer paths) is started
// FIRST, while the caller has no other thread; then `fetchers` threads of the calling process
// (fewer if there are fewer paths) fetch the paths, up to `fetchers` requests in flight, and
// hand each body to the pool through pipes. Only the pool's processes score, each at least one
// item; the scores come back through pipes. fork() is never called while the caller has more
// than one thread.
std::vector<Score> pipeline_hybrid(const std::string& host, int port,
                                   const std::vector<std::string>& paths, int fetchers,
                                   int scorers);

}  // namespace lab09
