#include "scoring.hpp"

#include <sstream>

#include "safe_text.hpp"

namespace ptlabs::grader {
namespace {

constexpr std::size_t kTailLines = 30;
constexpr std::size_t kSanitizerLines = 40;

CheckResult base_result(const Check& check, const Outcome& outcome) {
  CheckResult result;
  result.name = check.name;
  result.max_score = check.points;
  result.seconds = outcome.wall_s;
  result.visibility = check.visibility;
  return result;
}

std::string during(const std::string& output) {
  std::string test = last_started_test(output);
  return test.empty() ? "" : " while running " + test;
}

}  // namespace

std::string sanitizer_report(const std::string& output) {
  const auto begin = output.find("WARNING: ThreadSanitizer:");
  if (begin == std::string::npos) return "";
  auto end = output.find("SUMMARY: ThreadSanitizer:", begin);
  end = end == std::string::npos ? output.size() : output.find('\n', end);
  std::string report =
      output.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  return without_directories(report);
}

std::string last_started_test(const std::string& output) {
  static const std::string kMarker = "[ RUN      ] ";
  auto at = output.rfind(kMarker);
  if (at == std::string::npos) return "";
  auto begin = at + kMarker.size();
  auto end = output.find('\n', begin);
  return output.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string head_lines(const std::string& text, std::size_t max_lines) {
  std::size_t pos = 0;
  for (std::size_t lines = 0; lines < max_lines && pos != std::string::npos; ++lines) {
    pos = text.find('\n', pos == 0 && lines == 0 ? 0 : pos + 1);
  }
  return pos == std::string::npos ? text : text.substr(0, pos + 1);
}

std::string tail_lines(const std::string& text, std::size_t max_lines) {
  std::size_t pos = text.size();
  for (std::size_t lines = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && pos != text.size() && ++lines == max_lines) break;
  }
  return text.substr(pos);
}

namespace {

CheckResult verdict_of(const Check& check, const Outcome& outcome,
                       const std::optional<std::vector<GtestCase>>& results) {
  CheckResult result = base_result(check, outcome);
  const std::string tail = tail_lines(outcome.output, kTailLines);
  if (!outcome.started) {
    result.status = TestStatus::kError;
    result.output = "the test binary " + outcome.describe();
    return result;
  }
  if (outcome.timed_out || outcome.cpu_exceeded) {
    result.status = TestStatus::kTimeout;
    result.output = std::string("the tests did not finish in time (") +
                    (outcome.timed_out ? "wall-clock" : "CPU-time") + " limit)" +
                    during(outcome.output) + ": is a worker waiting forever, or are the jobs " +
                    "run one after another?\n" + tail;
    return result;
  }
  if (const std::string report = sanitizer_report(outcome.output); !report.empty()) {
    result.status = TestStatus::kFailed;
    result.output = "ThreadSanitizer caught a data race" + during(outcome.output) +
                    ": two threads touched the same memory, at least one writing, with nothing "
                    "ordering them (a mutex, an atomic, a join).\n" +
                    head_lines(report, kSanitizerLines);
    return result;
  }
  if (outcome.output_flooded) {
    result.status = TestStatus::kError;
    result.output = outcome.describe() + during(outcome.output) + "\n" + tail;
    return result;
  }
  if (!results) {
    result.status = TestStatus::kError;
    result.output = "the test binary " + outcome.describe() + during(outcome.output) +
                    " before it wrote its results\n" + tail;
    return result;
  }

  std::ostringstream failures;
  int ran = 0;
  int failed = 0;
  for (const auto& test : *results) {
    if (test.skipped) {
      // No hidden test skips itself: only the code under test can have called GTEST_SKIP().
      ++ran;
      ++failed;
      failures << test.full_name()
               << ": skipped; the code under test called GTEST_SKIP(), and a skipped test "
                  "does not pass\n";
      continue;
    }
    if (!test.ran) continue;
    ++ran;
    if (!test.passed) {
      ++failed;
      // What a failed test says is the submission's to make as long as it likes (an
      // exception's text, a value printed): each failure is capped when read
      // (gtest_results.hpp), and a test's failures together at a few of them.
      failures << test.full_name() << ":\n"
               << capped_text(without_directories(test.failures), 4 * kFailureTextBytes) << "\n";
    }
  }
  if (ran == 0) {
    result.status = TestStatus::kError;
    result.output = "no test matches this check's patterns (" + check.gtest_filter() +
                    "); the catalogue and the hidden suite disagree";
    return result;
  }
  if (failed > 0) {
    result.status = TestStatus::kFailed;
    result.output = failures.str();
    return result;
  }
  if (!outcome.succeeded()) {
    result.status = TestStatus::kError;
    result.output =
        "every test passed, but the test binary then " + outcome.describe() + "\n" + tail;
    return result;
  }
  result.status = TestStatus::kPassed;
  result.score = check.points;
  return result;
}

}  // namespace

CheckResult score_check(const Check& check, const Outcome& outcome,
                        const std::optional<std::vector<GtestCase>>& results) {
  CheckResult result = verdict_of(check, outcome, results);
  // The tail of the output and a sanitizer report are lines of any length.
  result.output = capped_text(result.output, kCheckOutputBytes);
  return result;
}

CheckResult unusable_results(const Check& check, const Outcome& outcome, const std::string& why) {
  CheckResult result = base_result(check, outcome);
  result.status = TestStatus::kError;
  result.output = "the grader could not use the results of this check (" +
                  capped_text(why, kFailureTextBytes) +
                  "), so none of it counts; the test binary " + outcome.describe() + "\n" +
                  tail_lines(outcome.output, kTailLines);
  return result;
}

CheckResult unbuilt_check(const Check& check, const std::string& which) {
  CheckResult result;
  result.name = check.name;
  result.max_score = check.points;
  result.visibility = check.visibility;
  result.status = TestStatus::kError;
  result.output = "not run: the " + which + " failed (see the build log)";
  return result;
}

}  // namespace ptlabs::grader
