// The performance engine (README.md, "Performance checks"): trials in fresh
// processes, run in interleaved rounds (A B C, A B C, ...) so a slow phase of
// the machine hits every variant alike, at least `min_rounds` of them, then more while the
// judge cannot decide, up to `max_rounds`. Judging is left to the checks
// (perf_cpu, perf_io): the engine only measures.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "report.hpp"

namespace ptlabs::grader {

// One trial: what the perf driver printed (one JSON line) and how it ended.
struct Trial {
  bool ok = false;
  double wall_s = 0;
  double cpu_s = 0;
  nlohmann::json data;  // the driver's whole line
  std::string error;    // when !ok: the driver's error or how the run ended
};

// Reads a trial from a finished driver run: the last line of its output must
// be a JSON object with "ok" (and "wall_s", "cpu_s" when ok).
Trial parse_trial(const Outcome& outcome);

struct Variant {
  std::string name;
  Command command;
};

using Samples = std::map<std::string, std::vector<Trial>>;

// Returns one numeric field of the driver's line for each trial of `variant`, in order.
std::vector<double> values_of(const Samples& samples, const std::string& variant, const char* key);

// Returns the wall times (or CPU times) of one variant's trials, in order.
std::vector<double> wall_times(const Samples& samples, const std::string& variant);
std::vector<double> cpu_times(const Samples& samples, const std::string& variant);

enum class Decision { kPass, kFail, kUndecided };

// The verdict once no more trials will be run: undecided means inconclusive.
Verdict to_verdict(Decision decision);

struct RoundPlan {
  int min_rounds = 5;
  int max_rounds = 11;
};

// Returns why a finished trial of `variant` is unacceptable (a wrong result, a
// broken rule of the lab), or "" if it is fine.
using TrialCheck = std::function<std::string(const std::string& variant, const Trial& trial)>;

// Runs interleaved rounds of `variants` until `decide` returns kPass or kFail
// (checked from min_rounds on) or max_rounds were run. Stops at once and sets
// *failed_trial (variant name and reason) when a trial fails or `check` (may be
// empty) rejects it, so a broken submission costs one round, not eleven.
Samples run_rounds(const std::vector<Variant>& variants, const RoundPlan& plan,
                   const CommandRunner& run, const std::function<Decision(const Samples&)>& decide,
                   const TrialCheck& check, std::string* failed_trial);

// Runs the rounds and settles the check: `fail` with the trial's reason when a
// trial failed or was rejected, else the verdict of `judge`'s final decision
// (which also fills the ratio, threshold and detail of *result). Returns the
// trials that were measured, for charts.
Samples measure_and_judge(const std::vector<Variant>& variants, const RoundPlan& plan,
                          const CommandRunner& run,
                          const std::function<Decision(const Samples&)>& judge,
                          const TrialCheck& check, PerfResult* result);

// Holds an exclusive lock so performance checks never overlap, even across
// grader processes. Blocks until the lock is free.
class PerfLock {
 public:
  PerfLock();
  ~PerfLock();
  PerfLock(const PerfLock&) = delete;
  PerfLock& operator=(const PerfLock&) = delete;

  // The lock file: $PTLABS_PERF_LOCK, else /tmp/ptlabs-perf.lock.
  static std::string path();

 private:
  int fd_ = -1;
};

}  // namespace ptlabs::grader
