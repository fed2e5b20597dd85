// `grader check`'s pipeline for one lab of a student's checkout, shared by
// `grader check` and `grader watch`.
//
// Steps, in order, each printed with OK or FAIL: build the lab with its public
// tests, run them, then (when this grader has the lab's hidden suite) the
// catalogue's graded checks, then (when it has the lab's perf driver and perf
// is wanted) the performance checks. The first failing step ends the run; the
// later ones are shown as skipped. A lab passes when every step that ran
// passed (an inconclusive perf verdict does not fail it). The outcome is
// recorded in the checkout's progress record (progress_state.hpp); on failure
// the next hint of the lab's ladder is shown and recorded as revealed.
#pragma once

#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "catalog.hpp"
#include "grade.hpp"
#include "progress_state.hpp"
#include "sandbox.hpp"
#include "style.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

// The student's checkout (the folder holding labs/), by the rules of `grader
// grade`'s default submission: the current folder when it has labs/labs.toml,
// else the checkout the grader was built from.
std::filesystem::path default_checkout(const Toolchain& toolchain);

// The checkout's progress record, loaded once per command.
struct ProgressSession {
  std::filesystem::path path;  // .ptlabs/progress.json of the checkout
  ProgressState state;
  bool usable = true;   // false when the file on disk is corrupt: nothing is saved over it
  std::string problem;  // why not usable: the path and the fix
};

// Loads the record of `checkout`. A corrupt or unreadable file leaves an empty,
// unusable session with the problem set; the file itself is left alone.
ProgressSession open_progress(const std::filesystem::path& checkout);

// Saves the session's record when it is usable. False (with *err) when that fails.
bool save_session(const ProgressSession& session, std::string* err);

// The first lab, in catalogue order, whose last check did not pass; nullptr when all pass.
const Lab* first_unfinished_lab(const Catalog& catalog, const ProgressState& state);

struct CheckOptions {
  bool perf = true;         // run the perf checks when this grader has the lab's perf driver
  bool reveal_hint = true;  // on failure reveal the next hint; false: repeat the last revealed one
};

// Thrown out of check_lab() by a ProgressFn to stop a check early (Ctrl-C in
// `grader watch`); the check's work folder is removed on the way out.
struct CheckInterrupted : std::runtime_error {
  CheckInterrupted() : std::runtime_error("interrupted") {}
};

// Prints the graded checks and perf verdicts of `result` as `grader check` shows
// them, the student-controlled text (build log, check outputs, perf details) with
// its control characters escaped; true iff none failed.
bool print_graded(const LabResult& result, std::ostream& out, const Style& style);

// Checks `lab` of `checkout` (its labs/<id>/ must exist), printing the steps to
// `out`, and records the outcome in `session`. Returns kExitAllPassed when the
// lab passes, kExitSomeFailed when it fails, kExitGraderFailed when the grader
// could not do its part (the message is printed to stderr).
int check_lab(const Toolchain& toolchain, const Catalog& catalog, const Lab& lab,
              const std::filesystem::path& checkout, const CheckOptions& options,
              const SandboxSetup& sandbox, ProgressSession* session, std::ostream& out,
              const Style& style, const ProgressFn& progress);

}  // namespace ptlabs::grader
