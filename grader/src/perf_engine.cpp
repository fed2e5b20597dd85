#include "perf_engine.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>

namespace ptlabs::grader {

namespace {

// Returns the last non-empty line of `text`.
std::string last_line(const std::string& text) {
  std::size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  std::size_t begin = text.rfind('\n', end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return text.substr(begin, end + 1 - begin);
}

}  // namespace

Trial parse_trial(const Outcome& outcome) {
  Trial trial;
  const std::string line = last_line(outcome.output);
  auto json = nlohmann::json::parse(line, nullptr, false);
  if (!outcome.succeeded() || json.is_discarded() || !json.is_object()) {
    trial.error = "the trial " + outcome.describe();
    if (!outcome.output.empty()) trial.error += ": " + outcome.output.substr(0, 400);
    return trial;
  }
  trial.data = json;
  trial.ok = json.value("ok", false);
  if (!trial.ok) {
    trial.error = json.value("error", "the trial reported a failure");
    return trial;
  }
  trial.wall_s = json.value("wall_s", 0.0);
  trial.cpu_s = json.value("cpu_s", 0.0);
  return trial;
}

Verdict to_verdict(Decision decision) {
  switch (decision) {
    case Decision::kPass:
      return Verdict::kPass;
    case Decision::kFail:
      return Verdict::kFail;
    case Decision::kUndecided:
      return Verdict::kInconclusive;
  }
  return Verdict::kInconclusive;
}

std::vector<double> values_of(const Samples& samples, const std::string& variant, const char* key) {
  std::vector<double> values;
  if (auto it = samples.find(variant); it != samples.end()) {
    for (const auto& trial : it->second) values.push_back(trial.data.value(key, 0.0));
  }
  return values;
}

std::vector<double> wall_times(const Samples& samples, const std::string& variant) {
  return values_of(samples, variant, "wall_s");
}

std::vector<double> cpu_times(const Samples& samples, const std::string& variant) {
  return values_of(samples, variant, "cpu_s");
}

Samples run_rounds(const std::vector<Variant>& variants, const RoundPlan& plan,
                   const CommandRunner& run, const std::function<Decision(const Samples&)>& decide,
                   const TrialCheck& check, std::string* failed_trial) {
  Samples samples;
  for (int round = 1; round <= plan.max_rounds; ++round) {
    for (const auto& variant : variants) {
      Trial trial = parse_trial(run(variant.command));
      if (trial.ok && check) trial.error = check(variant.name, trial);
      if (!trial.ok || !trial.error.empty()) {
        *failed_trial = variant.name + ": " + trial.error;
        return samples;
      }
      samples[variant.name].push_back(std::move(trial));
    }
    if (round >= plan.min_rounds && decide(samples) != Decision::kUndecided) break;
  }
  return samples;
}

Samples measure_and_judge(const std::vector<Variant>& variants, const RoundPlan& plan,
                          const CommandRunner& run,
                          const std::function<Decision(const Samples&)>& judge,
                          const TrialCheck& check, PerfResult* result) {
  std::string failed_trial;
  Samples samples = run_rounds(variants, plan, run, judge, check, &failed_trial);
  if (!failed_trial.empty()) {
    result->verdict = Verdict::kFail;
    result->detail = "A measured trial failed: " + failed_trial;
    return samples;
  }
  result->verdict = to_verdict(judge(samples));
  return samples;
}

std::string PerfLock::path() {
  const char* path = std::getenv("PTLABS_PERF_LOCK");
  return path != nullptr && *path != '\0' ? path : "/tmp/ptlabs-perf.lock";
}

PerfLock::PerfLock() {
  fd_ = ::open(path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ >= 0) {
    while (::flock(fd_, LOCK_EX) != 0) {
    }
  }
}

PerfLock::~PerfLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace ptlabs::grader
