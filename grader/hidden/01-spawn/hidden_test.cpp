// Hidden suite of lab 01 — spawn: the harness. Each test suite here is one check
// of the catalogue (labs/labs.toml): ProcessModel, ProcessConcurrency, ...
//
// The student's code runs in a subject of its own (subject.cpp beside this file);
// these tests call it and judge its answers and the events the kernel showed the
// harness (docs/security.md): which process and thread began and ended each job,
// who waited at the barrier, and what children the subject has left.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "support/harness.hpp"
#include "support/job_evidence.hpp"

namespace {

using ptlabs::harness::Event;
using ptlabs::harness::EventKind;
using ptlabs::harness::join;
using ptlabs::harness::Json;
using ptlabs::harness::Reply;
using ptlabs::harness::Subject;

constexpr double kBarrierTimeoutS = 3.0;

Subject& subject() { return Subject::current(); }

Reply run(const std::string& model, int n, const Json& job) {
  return subject().call("run", {{"model", model}, {"n", n}, {"job", job}});
}

// The reports of an answered call; fails the test (and returns none) otherwise.
std::vector<Json> reports_of(const Reply& reply, int n) {
  if (!reply.answered || !reply.ok || !reply.result.is_array()) {
    ADD_FAILURE() << "the call did not return reports: " << describe(reply);
    return {};
  }
  std::vector<Json> reports(reply.result.begin(), reply.result.end());
  EXPECT_EQ(reports.size(), static_cast<std::size_t>(n)) << "one report per job expected";
  return reports;
}

std::int64_t field(const Json& report, const char* name) {
  const auto found = report.find(name);
  if (found == report.end() || !found->is_number_integer()) return -1;
  return found->get<std::int64_t>();
}

std::uint64_t value_of(const Json& report) {
  const auto found = report.find("value");
  return found != report.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : 0;
}

// Reports ordered by index, each carrying the input the harness gave that job.
void expect_values_from_the_harness(const std::vector<Json>& reports,
                                    const ptlabs::harness::JobEvidence& evidence) {
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(field(reports[i], "index"), static_cast<std::int64_t>(i))
        << "reports must be ordered by index";
    auto job = evidence.jobs.find(static_cast<std::int64_t>(i));
    if (job == evidence.jobs.end()) continue;
    EXPECT_EQ(value_of(reports[i]), static_cast<std::uint64_t>(job->second.begin.answer))
        << "report " << i << " must carry what job(" << i << ") returned";
  }
}

// Runs n value jobs and checks the answer and that every job ran once, whole.
struct Ran {
  bool ok = false;  // the call returned; else the test has failed already, saying why
  std::vector<Json> reports;
  ptlabs::harness::JobEvidence evidence;
};

Ran run_values(const std::string& model, int n) {
  Ran ran;
  const Reply reply = run(model, n, {{"kind", "value"}});
  ran.reports = reports_of(reply, n);
  if (!reply.ok) return ran;  // reports_of said why; the jobs' evidence would only repeat it
  ran.ok = true;
  ran.evidence = job_evidence(subject(), subject().call_number(), n);
  EXPECT_TRUE(ran.evidence.problems.empty()) << join(ran.evidence.problems);
  expect_values_from_the_harness(ran.reports, ran.evidence);
  return ran;
}

void expect_all_run_at_once(const std::string& model, int n) {
  subject().set_barrier(1, n, kBarrierTimeoutS);
  const Reply reply = run(model, n, {{"kind", "barrier"}});
  const auto reports = reports_of(reply, n);
  if (!reply.ok) return;
  const auto evidence = job_evidence(subject(), subject().call_number(), n);
  EXPECT_TRUE(evidence.problems.empty()) << join(evidence.problems);
  int in_time = 0;
  for (const auto& r : reports) in_time += value_of(r) == 1 ? 1 : 0;
  EXPECT_EQ(subject().barrier_peak(1), n)
      << "only " << subject().barrier_peak(1) << " of " << n
      << " workers were running at the same time; start every worker before awaiting any";
  EXPECT_EQ(in_time, static_cast<int>(reports.size()))
      << "every job must return what the barrier said";
}

// Job `bad` of n fails `how`; the call must throw std::runtime_error naming the
// index and the cause, and only after every other job finished.
void expect_failure_named(const std::string& model, int n, int bad, const std::string& how,
                          const std::string& text, const std::vector<std::string>& cause_words) {
  const Reply reply =
      run(model, n, {{"kind", "fail"}, {"index", bad}, {"how", how}, {"text", text}});
  if (!reply.answered) {
    ADD_FAILURE() << "worker " << bad
                  << " failed and the caller did not survive it: " << reply.failure;
    return;
  }
  if (reply.ok) {
    ADD_FAILURE() << "worker " << bad << " failed but no exception reached the caller";
    return;
  }
  EXPECT_EQ(reply.exception, "runtime_error")
      << "expected std::runtime_error, got " << reply.exception << ": " << reply.what;
  EXPECT_NE(reply.what.find(std::to_string(bad)), std::string::npos)
      << "the message must name worker index " << bad << ", got: " << reply.what;
  bool cause_named = false;
  for (const auto& word : cause_words) cause_named |= reply.what.find(word) != std::string::npos;
  EXPECT_TRUE(cause_named) << "the message must name the cause (one of: "
                           << testing::PrintToString(cause_words) << "), got: " << reply.what;
  int finished_before = 0;
  for (const Event& e : subject().events_of_call(subject().call_number(), EventKind::kJobEnd)) {
    finished_before += e.at_ns <= reply.answered_ns ? 1 : 0;
  }
  EXPECT_EQ(finished_before, n - 1) << "throw only after every worker was awaited";
}

void expect_sizes(const std::string& model) {
  const Reply none = run(model, 0, {{"kind", "value"}});
  EXPECT_TRUE(none.ok && none.result.is_array() && none.result.empty())
      << "n = 0 gives no report; the call " << describe(none);
  run_values(model, 1);
  run_values(model, 64);
  const Reply max = run(model, 2, {{"kind", "max"}});
  const auto reports = reports_of(max, 2);
  if (reports.size() == 2) {
    EXPECT_EQ(value_of(reports[1]), std::numeric_limits<std::uint64_t>::max())
        << "all 64 bits must survive";
  }
  const Reply negative = run(model, -1, {{"kind", "value"}});
  EXPECT_TRUE(negative.answered && !negative.ok && negative.exception == "invalid_argument")
      << "n < 0 must throw std::invalid_argument; the call " << describe(negative);
}

std::string children_text(const std::vector<ptlabs::harness::Child>& children) {
  std::string text;
  for (const auto& c : children) {
    text += (text.empty() ? "" : ", ") + std::string("pid ") + std::to_string(c.pid) +
            (c.state == 'Z' ? " (a zombie)" : " (still running)");
  }
  return text;
}

// ---------------------------------------------------------------- processes

TEST(ProcessModel, EachJobRunsInItsOwnChildProcess) {
  const int n = 8;
  const Ran ran = run_values("process", n);
  if (!ran.ok) return;
  std::set<pid_t> processes;
  for (const auto& [index, job] : ran.evidence.jobs) {
    EXPECT_NE(job.begin.tgid, subject().pid()) << "job " << index << " ran in the caller's process";
    EXPECT_EQ(job.begin.ppid, subject().pid())
        << "job " << index << " ran in a process that is not a child of the caller";
    processes.insert(job.begin.tgid);
  }
  EXPECT_EQ(processes.size(), static_cast<std::size_t>(n))
      << "every job needs its own child process; " << processes.size() << " processes ran " << n
      << " jobs";
}

TEST(ProcessModel, ReportsComeFromTheChild) {
  // The child itself must fill in pid and tid: a parent guessing them gets these wrong.
  const Ran ran = run_values("process", 3);
  for (const auto& r : ran.reports) {
    auto job = ran.evidence.jobs.find(field(r, "index"));
    if (job == ran.evidence.jobs.end()) continue;
    EXPECT_EQ(field(r, "pid"), job->second.begin.ns_tgid) << "report.pid must be the child's pid";
    EXPECT_EQ(field(r, "tid"), job->second.begin.ns_tid)
        << "report.tid must be the child's thread id";
  }
}

TEST(ProcessConcurrency, AllWorkersRunAtOnce) { expect_all_run_at_once("process", 8); }

TEST(ProcessCleanup, NoZombiesAfterReturn) {
  run_values("process", 6);
  const auto children = subject().children();
  EXPECT_TRUE(children.empty()) << "a child is still running or a zombie after the call returned ("
                                << children_text(children)
                                << "): waitpid() every child before returning";
}

TEST(ProcessCleanup, NoZombiesAfterFailure) {
  run("process", 6, {{"kind", "fail"}, {"index", 1}, {"how", "throw"}, {"text", "planned"}});
  const auto children = subject().children();
  EXPECT_TRUE(children.empty()) << "after a failure every other child must still be awaited ("
                                << children_text(children) << ")";
}

TEST(ProcessFailures, ThrowingJobIsNamedByIndex) {
  expect_failure_named("process", 6, 4, "throw", "disk on fire", {"disk on fire"});
}

TEST(ProcessFailures, CrashingChildIsNamedByIndex) {
  expect_failure_named("process", 5, 2, "segv", "", {"signal", "SIGSEGV", "Segmentation", "11"});
}

TEST(ProcessFailures, AbortingChildIsNamedByIndex) {
  expect_failure_named("process", 5, 3, "abort", "", {"signal", "SIGABRT", "Abort", "6"});
}

TEST(ProcessSizes, ZeroOneSixtyFourAndNegative) { expect_sizes("process"); }

// ------------------------------------------------------------------ threads

TEST(ThreadModel, OneProcessOneThreadPerJob) {
  const int n = 8;
  const Ran ran = run_values("thread", n);
  if (!ran.ok) return;
  std::set<pid_t> threads;
  for (const auto& [index, job] : ran.evidence.jobs) {
    EXPECT_EQ(job.begin.tgid, subject().pid()) << "job " << index << " left the caller's process";
    EXPECT_NE(job.begin.tid, subject().pid()) << "job " << index << " ran on the caller's thread";
    threads.insert(job.begin.tid);
  }
  EXPECT_EQ(threads.size(), static_cast<std::size_t>(n))
      << "every job needs its own thread; " << threads.size() << " threads ran " << n << " jobs";
}

TEST(ThreadModel, ReportsComeFromTheWorkerThread) {
  const Ran ran = run_values("thread", 3);
  for (const auto& r : ran.reports) {
    auto job = ran.evidence.jobs.find(field(r, "index"));
    if (job == ran.evidence.jobs.end()) continue;
    EXPECT_EQ(field(r, "tid"), job->second.begin.ns_tid) << "report.tid must be the worker's tid";
    EXPECT_EQ(field(r, "pid"), job->second.begin.ns_tgid) << "report.pid must be the process's pid";
  }
}

TEST(ThreadConcurrency, AllWorkersRunAtOnce) { expect_all_run_at_once("thread", 8); }

TEST(ThreadFailures, ThrowingJobIsNamedByIndex) {
  expect_failure_named("thread", 6, 4, "throw", "disk on fire", {"disk on fire"});
}

TEST(ThreadFailures, FirstJobFailingStillAwaitsTheRest) {
  const Reply reply = run(
      "thread", 4,
      {{"kind", "fail"}, {"index", 0}, {"how", "out_of_range"}, {"text", "index 99 past the end"}});
  ASSERT_TRUE(reply.answered) << reply.failure;
  ASSERT_FALSE(reply.ok) << "worker 0 failed but no exception reached the caller";
  EXPECT_EQ(reply.exception, "runtime_error")
      << "expected std::runtime_error, got " << reply.exception << ": " << reply.what;
  EXPECT_NE(reply.what.find('0'), std::string::npos)
      << "the message must name worker index 0, got: " << reply.what;
  EXPECT_NE(reply.what.find("index 99 past the end"), std::string::npos)
      << "the message must name the cause, got: " << reply.what;
  int finished_before = 0;
  for (const Event& e : subject().events_of_call(subject().call_number(), EventKind::kJobEnd)) {
    finished_before += e.at_ns <= reply.answered_ns ? 1 : 0;
  }
  EXPECT_EQ(finished_before, 3) << "throw only after every worker was awaited";
}

TEST(ThreadSizes, ZeroOneSixtyFourAndNegative) { expect_sizes("thread"); }

}  // namespace
