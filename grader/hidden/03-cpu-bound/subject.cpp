// Lab 03's subject call (grader/hidden/support/subject.hpp). No test lives here:
// the harness (hidden_test.cpp) decides what to count and judges the count it gets
// back. Which task made each kernel call, over which range, with which result and
// with how much CPU time, the harness learns from the kernel calls themselves:
// ptlabs::count_primes announces each call to the harness from the task that makes
// it (labs/common/src/kernel.cpp, events kWorkBegin/kWorkEnd), not from this code.
//
// "count": {"model": "process" | "thread", "lo": LO, "hi": HI, "workers": W,
//           "kernel": "native" | "python"}
// calls count_primes_in_processes or count_primes_in_threads and returns
// {"count": what it returned}.
#include <stdexcept>

#include "support/subject.hpp"
#include "task.hpp"

namespace {

using ptlabs::subject::Json;

PTLABS_SUBJECT_CALL("count", [](const Json& args) -> Json {
  const auto kernel = ptlabs::parse_kernel(args.value("kernel", std::string("native")));
  if (!kernel) throw std::runtime_error("protocol: unknown kernel");
  const std::int64_t lo = args.value("lo", std::int64_t{0});
  const std::int64_t hi = args.value("hi", std::int64_t{0});
  const int workers = args.value("workers", 1);
  // Started before the student's code runs, so a fork inside it starts nothing new.
  ptlabs::prepare_kernel(*kernel);
  const std::int64_t count = args.value("model", std::string()) == "process"
                                 ? lab03::count_primes_in_processes(lo, hi, workers, *kernel)
                                 : lab03::count_primes_in_threads(lo, hi, workers, *kernel);
  return Json{{"count", count}};
});

}  // namespace
