// Turning one run of a lab's test binary into the verdict of one check.
//
// Pure logic: no process is started here, so every outcome (crash, timeout,
// missing results, failed assertion) is unit-tested with plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "gtest_results.hpp"
#include "report.hpp"

namespace ptlabs::grader {

// Scores `check` from how its run ended and, when the binary wrote them, its
// GoogleTest results. Full points iff the run ended normally and every test it
// selected passed; otherwise 0 with the reason in CheckResult::output (capped:
// safe_text.hpp's kCheckOutputBytes, a few hundred bytes of each failure).
CheckResult score_check(const Check& check, const Outcome& outcome,
                        const std::optional<std::vector<GtestCase>>& results);

// A check whose run left results the grader cannot use (`why`: what is wrong
// with them): an error worth nothing, which says so.
CheckResult unusable_results(const Check& check, const Outcome& outcome, const std::string& why);

// A check that could not run because `which` build ("build", "ThreadSanitizer build") failed.
CheckResult unbuilt_check(const Check& check, const std::string& which = "build");

// Returns the first ThreadSanitizer report in `output` (from its WARNING line to
// its SUMMARY line), or "" if there is none.
std::string sanitizer_report(const std::string& output);

// Returns the name of the last test the output shows starting ("[ RUN      ] X"), or "".
std::string last_started_test(const std::string& output);

// Returns at most the first `max_lines` lines of `text`.
std::string head_lines(const std::string& text, std::size_t max_lines);

// Returns at most the last `max_lines` lines of `text`.
std::string tail_lines(const std::string& text, std::size_t max_lines);

}  // namespace ptlabs::grader
