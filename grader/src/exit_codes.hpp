// The grader's exit statuses, documented in README.md.
#pragma once

namespace ptlabs::grader {

enum ExitCode : int {
  kExitAllPassed = 0,     // everything graded passed
  kExitSomeFailed = 1,    // graded; at least one check failed
  kExitBadInput = 2,      // bad usage or bad input; the message names the problem
  kExitGraderFailed = 3,  // the grader itself failed (missing build, broken catalogue)
};

}  // namespace ptlabs::grader
