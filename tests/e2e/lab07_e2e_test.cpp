// Lab 07 — interrupt: its wrong submissions (tests/submissions/07-interrupt/README.md describes
// each), graded end to end by the TEST_P of grade_e2e_test.cpp. Every case must fail exactly
// the checks its mistake touches and pass all the others.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {

const std::string kLab07 = "07-interrupt";
const std::string kProcessStops = "process: every kind of job stopped by deadline + grace";
const std::string kProcessCleanup = "process: no child left, running or zombie";
const std::string kProcessModel = "process: the job runs in a child of the caller";
const std::string kThreadCooperative = "thread: a cooperative job stops when asked";
const std::string kThreadUncooperative = "thread: an uncooperative job is reported, not waited for";
const std::string kThreadModel = "thread: the job runs in a thread of this process";

const std::vector<std::string> kLab07ProcessChecks = {kProcessStops, kProcessCleanup,
                                                      kProcessModel};
const std::vector<std::string> kLab07ThreadChecks = {kThreadCooperative, kThreadUncooperative,
                                                     kThreadModel};

const WrongSubmission kLab07Cases[] = {
    // The job that ignores SIGTERM keeps the caller waiting until its own end (4 s): the check
    // fails on its outcome and its time bound, well within the time limit.
    {"sigterm-only",
     {{kProcessStops, "failed"}},
     joined({kProcessCleanup, kProcessModel}, kLab07ThreadChecks),
     1,
     kLab07},
    {"sigkill-at-once",
     {{kProcessStops, "failed"}},
     joined({kProcessCleanup, kProcessModel}, kLab07ThreadChecks),
     1,
     kLab07},
    // Outcomes and timings are right; only the zombies give it away.
    {"no-reap",
     {{kProcessCleanup, "failed"}},
     joined({kProcessStops, kProcessModel}, kLab07ThreadChecks),
     1,
     kLab07},
    // Joins a thread that does not listen: returns only at the job's own end (2.5 s), past the
    // bound of deadline + grace + tolerance, so the check fails rather than times out.
    {"thread-join-forever",
     {{kThreadUncooperative, "failed"}},
     joined(kLab07ProcessChecks, {kThreadCooperative, kThreadModel}),
     1,
     kLab07},
    // Never asks: the cooperative job runs on, and the uncooperative ones never saw a request.
    {"no-stop-request",
     {{kThreadCooperative, "failed"}, {kThreadUncooperative, "failed"}},
     joined(kLab07ProcessChecks, {kThreadModel}),
     1,
     kLab07},
};

INSTANTIATE_TEST_SUITE_P(Lab07, WrongSubmissions, testing::ValuesIn(kLab07Cases), case_name);

}  // namespace
}  // namespace ptlabs::e2e
