// Lab 01's subject calls (grader/hidden/support/subject.hpp). No test lives
// here: the harness (hidden_test.cpp) decides what to call and judges what
// comes back, and which task did each job is told by the kernel, not by this code.
//
// "run": {"model": "process" | "thread", "n": N, "job": JOB} calls
// run_in_processes or run_in_threads with a job of one of these kinds:
//   {"kind": "value"}    begin the job (its input comes from the harness), end it,
//                        return the input
//   {"kind": "barrier"}  begin, wait at the harness's barrier 1, end; return 1 if
//                        every worker came in time, else 0
//   {"kind": "max"}      begin, end, return the largest 64-bit value
//   {"kind": "fail", "index": I, "how": "throw" | "out_of_range" | "segv" | "abort",
//    "text": T}          job I fails that way; the others sleep 0.1 s, then work as
//                        "value" (the failure comes first; the rest must be awaited)
// and returns the reports: [{"index", "pid", "tid", "value"}, ...].
#include <csignal>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "support/subject.hpp"
#include "task.hpp"

namespace {

using ptlabs::subject::Json;

std::function<std::uint64_t(int)> make_job(const Json& job) {
  const std::string kind = job.value("kind", "value");
  if (kind == "barrier") {
    return [](int i) -> std::uint64_t {
      ptlabs::subject::begin_job(i);
      const bool in_time = ptlabs::subject::arrive(1, i);
      ptlabs::subject::end_job(i, in_time ? 1 : 0);
      return in_time ? 1 : 0;
    };
  }
  if (kind == "max") {
    return [](int i) -> std::uint64_t {
      ptlabs::subject::begin_job(i);
      ptlabs::subject::end_job(i, 0);
      return std::numeric_limits<std::uint64_t>::max();
    };
  }
  if (kind == "fail") {
    const int bad = job.value("index", 0);
    const std::string how = job.value("how", "throw");
    const std::string text = job.value("text", "planned failure");
    return [bad, how, text](int i) -> std::uint64_t {
      const std::int64_t input = ptlabs::subject::begin_job(i);
      if (i == bad) {
        if (how == "segv") std::raise(SIGSEGV);
        if (how == "abort") std::abort();
        if (how == "out_of_range") throw std::out_of_range(text);
        throw std::runtime_error(text);
      }
      ptlabs::sleep_ns(100'000'000);
      ptlabs::subject::end_job(i, input);
      return static_cast<std::uint64_t>(input);
    };
  }
  return [](int i) -> std::uint64_t {
    const std::int64_t input = ptlabs::subject::begin_job(i);
    ptlabs::subject::end_job(i, input);
    return static_cast<std::uint64_t>(input);
  };
}

PTLABS_SUBJECT_CALL("run", [](const Json& args) -> Json {
  const int n = args.value("n", 0);
  const auto job = make_job(args.value("job", Json::object()));
  const std::vector<lab01::Report> reports = args.value("model", "") == "process"
                                                 ? lab01::run_in_processes(n, job)
                                                 : lab01::run_in_threads(n, job);
  Json out = Json::array();
  for (const auto& r : reports) {
    out.push_back({{"index", r.index}, {"pid", r.pid}, {"tid", r.tid}, {"value", r.value}});
  }
  return out;
});

}  // namespace
