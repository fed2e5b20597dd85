// Hidden suite of lab 03 — cpu-bound: the harness. Each test suite is one check of
// the catalogue (labs/labs.toml): correctness per version and kernel, and the model
// checks.
//
// The student's code runs in a subject of its own (subject.cpp beside this file).
// The counts are judged against the harness's own sieve. The model checks are
// judged from what the kernel showed the harness (docs/security.md): every
// ptlabs::count_primes call announces itself from the task that makes it
// (labs/common/src/kernel.cpp), so the harness sees which process and thread
// counted which range, what it found, when, and how much CPU time that thread spent
// inside the call, read from /proc while the thread was stopped in the event. That
// CPU time is held against what the range costs the harness to count natively, so a
// task that only announces work another task did is caught.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace {

using ptlabs::harness::Event;
using ptlabs::harness::EventKind;
using ptlabs::harness::Json;
using ptlabs::harness::Reply;
using ptlabs::harness::Subject;

// A worker's kernel calls must have cost its thread at least this share of the CPU
// time the harness needs to count the same numbers natively (the python kernel
// costs far more, so this share is a floor for both kernels).
constexpr double kMinCpuShare = 0.25;
// Workers whose share of the work costs less than this natively are not judged on
// CPU time (too little to tell from measurement noise).
constexpr std::uint64_t kMinJudgedNs = 1'000'000;

Subject& subject() { return Subject::current(); }

// ------------------------------------------------------------ the harness's own counts

// Primes and trial divisions below `limit`, from a smallest-prime-factor sieve: the
// harness does not trust the kernel it judges.
class Numbers {
 public:
  explicit Numbers(std::int64_t limit)
      : limit_(std::max<std::int64_t>(limit, 2)),
        primes_(static_cast<std::size_t>(limit_) + 1, 0),
        divisions_(static_cast<std::size_t>(limit_) + 1, 0) {
    std::vector<std::int32_t> factor(static_cast<std::size_t>(limit_), 0);
    for (std::int64_t n = 2; n < limit_; ++n) {
      if (factor[static_cast<std::size_t>(n)] == 0) {
        for (std::int64_t m = n; m < limit_; m += n) {
          if (factor[static_cast<std::size_t>(m)] == 0) {
            factor[static_cast<std::size_t>(m)] = static_cast<std::int32_t>(n);
          }
        }
      }
    }
    for (std::int64_t n = 0; n < limit_; ++n) {
      const auto i = static_cast<std::size_t>(n);
      const bool prime = n >= 2 && factor[i] == n;
      primes_[i + 1] = primes_[i] + (prime ? 1 : 0);
      divisions_[i + 1] = divisions_[i] + trial_divisions(n, n >= 2 ? factor[i] : 0);
    }
  }

  std::int64_t limit() const { return limit_; }

  // Primes p with lo <= p < hi (0 when lo >= hi), for hi <= limit().
  std::int64_t primes(std::int64_t lo, std::int64_t hi) const {
    lo = std::clamp<std::int64_t>(lo, 0, limit_);
    hi = std::clamp<std::int64_t>(hi, 0, limit_);
    return lo >= hi ? 0
                    : primes_[static_cast<std::size_t>(hi)] - primes_[static_cast<std::size_t>(lo)];
  }

  // How many divisions trial division (the kernel's loop) makes over [lo, hi).
  std::int64_t divisions(std::int64_t lo, std::int64_t hi) const {
    lo = std::clamp<std::int64_t>(lo, 0, limit_);
    hi = std::clamp<std::int64_t>(hi, 0, limit_);
    return lo >= hi ? 0
                    : divisions_[static_cast<std::size_t>(hi)] -
                          divisions_[static_cast<std::size_t>(lo)];
  }

 private:
  // Odd divisors d = 3, 5, ... with d * d <= n tried before one divides n.
  static std::int64_t trial_divisions(std::int64_t n, std::int64_t smallest_factor) {
    if (n < 4 || n % 2 == 0) return 0;
    const auto root = static_cast<std::int64_t>(std::sqrt(static_cast<double>(n)));
    std::int64_t last = root;  // the largest d tried if none divides n
    while (last * last > n) --last;
    while ((last + 1) * (last + 1) <= n) ++last;
    if (smallest_factor != n) last = std::min(last, smallest_factor);
    return last < 3 ? 0 : (last - 3) / 2 + 1;
  }

  std::int64_t limit_;
  std::vector<std::int64_t> primes_;
  std::vector<std::int64_t> divisions_;
};

std::uint64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

// What one trial division costs on this machine: the harness runs the kernel's
// native loop over [hi - span, hi) itself and divides its CPU time by the divisions.
double native_ns_per_division(const Numbers& numbers) {
  const std::int64_t hi = numbers.limit();
  const std::int64_t lo = std::max<std::int64_t>(4, hi - 300'000);
  const std::uint64_t start = thread_cpu_ns();
  volatile std::int64_t found = 0;
  for (std::int64_t n = lo; n < hi; ++n) {
    if (n % 2 == 0) continue;
    bool prime = true;
    for (std::int64_t d = 3; d * d <= n; d += 2) {
      if (n % d == 0) {
        prime = false;
        break;
      }
    }
    if (prime) found = found + 1;
  }
  const double spent = static_cast<double>(thread_cpu_ns() - start);
  return spent / static_cast<double>(std::max<std::int64_t>(1, numbers.divisions(lo, hi)));
}

// ------------------------------------------------------------------ calls

Reply count(const std::string& model, std::int64_t lo, std::int64_t hi, int workers,
            const std::string& kernel) {
  return subject().call(
      "count",
      {{"model", model}, {"lo", lo}, {"hi", hi}, {"workers", workers}, {"kernel", kernel}});
}

// The count a call returned, or nullopt (the test has failed, saying why).
std::optional<std::int64_t> count_of(const Reply& reply, const std::string& what) {
  if (!reply.ok || !reply.result.is_object() || !reply.result.contains("count") ||
      !reply.result["count"].is_number_integer()) {
    ADD_FAILURE() << what << ": the call did not return a count: " << describe(reply);
    return std::nullopt;
  }
  return reply.result["count"].get<std::int64_t>();
}

struct Range {
  std::int64_t lo, hi;
  int workers;
};

std::vector<Range> edge_ranges() {
  return {{0, 0, 2},    {10, 5, 3},  {7, 7, 1},    {0, 3, 2},      {0, 3, 8},
          {-10, 10, 3}, {1, 2, 1},   {2, 3, 1},    {0, 100, 1},    {0, 100, 4},
          {-50, -1, 2}, {97, 98, 5}, {0, 1000, 7}, {990, 1010, 16}};
}

std::vector<Range> random_ranges(std::int64_t max_hi, int how_many) {
  std::mt19937_64 random(20261123);
  std::vector<Range> ranges;
  for (int i = 0; i < how_many; ++i) {
    std::int64_t a = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(max_hi));
    std::int64_t b = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(max_hi));
    ranges.push_back({std::min(a, b), std::max(a, b), 1 + static_cast<int>(random() % 6)});
  }
  return ranges;
}

// Counts every range and compares with the harness's own sieve. Stops at the first
// call that returned no count (it threw, or the subject is gone), which it reports.
void expect_counts(const std::string& model, const std::string& kernel,
                   const std::vector<Range>& ranges) {
  std::int64_t limit = 2;
  for (const auto& r : ranges) limit = std::max(limit, r.hi + 1);
  const Numbers numbers(limit);
  for (const auto& r : ranges) {
    const std::string what = "primes in [" + std::to_string(r.lo) + ", " + std::to_string(r.hi) +
                             ") with " + std::to_string(r.workers) + " workers, " + kernel +
                             " kernel";
    const Reply reply = count(model, r.lo, r.hi, r.workers, kernel);
    const auto got = count_of(reply, what);
    if (!got) return;  // said once: later calls would most likely say the same
    { EXPECT_EQ(*got, numbers.primes(r.lo, r.hi)) << what; }
  }
}

void expect_bad_workers_rejected(const std::string& model) {
  for (const int workers : {0, -3}) {
    const Reply reply = count(model, 0, 100, workers, "native");
    EXPECT_TRUE(reply.answered && !reply.ok && reply.exception == "invalid_argument")
        << "workers = " << workers << " must throw std::invalid_argument; the call "
        << describe(reply);
    if (!reply.answered) return;
  }
}

// ------------------------------------------------------------ the model, from the kernel

// One kernel call as the harness saw it: its begin and end events, from one thread.
struct KernelCall {
  Event begin;
  Event end;
  bool ended = false;
};

// The kernel calls made since `reply` was sent, paired per thread, and what is
// wrong with them in words a student can act on.
std::vector<KernelCall> kernel_calls_of(const Reply& reply, std::vector<std::string>* problems) {
  std::map<pid_t, std::vector<KernelCall>> by_thread;
  for (const Event& e : subject().events()) {
    if (e.at_ns < reply.sent_ns) continue;
    if (e.kind == EventKind::kWorkBegin) {
      auto& calls = by_thread[e.tid];
      if (!calls.empty() && !calls.back().ended) {
        problems->push_back("a kernel call began before the same thread's previous one ended");
      }
      calls.push_back({e, {}, false});
    } else if (e.kind == EventKind::kWorkEnd) {
      auto& calls = by_thread[e.tid];
      if (calls.empty() || calls.back().ended || calls.back().begin.a != e.a ||
          calls.back().begin.b != e.b) {
        problems->push_back("a kernel call over [" + std::to_string(e.a) + ", " +
                            std::to_string(e.b) + ") ended that never began on its thread");
        continue;
      }
      calls.back().end = e;
      calls.back().ended = true;
    }
  }
  std::vector<KernelCall> out;
  for (auto& [tid, calls] : by_thread) out.insert(out.end(), calls.begin(), calls.end());
  for (const auto& c : out) {
    const std::string range =
        "[" + std::to_string(c.begin.a) + ", " + std::to_string(c.begin.b) + ")";
    if (!c.ended) {
      problems->push_back("the kernel call over " + range + " never finished");
    } else if (c.end.at_ns > reply.answered_ns) {
      problems->push_back("the kernel call over " + range +
                          " finished after the function returned: await every worker");
    }
  }
  return out;
}

// The calls' ranges must cover [lo, hi) exactly once.
void expect_exact_cover(std::vector<KernelCall> calls, std::int64_t lo, std::int64_t hi) {
  std::sort(calls.begin(), calls.end(),
            [](const KernelCall& x, const KernelCall& y) { return x.begin.a < y.begin.a; });
  std::int64_t next = lo;
  for (const auto& c : calls) {
    if (c.begin.a >= c.begin.b) continue;  // empty calls cover nothing
    ASSERT_EQ(c.begin.a, next) << (c.begin.a > next ? "a gap" : "an overlap")
                               << " in the kernel calls at " << std::min(c.begin.a, next)
                               << ": every number must be counted once";
    next = c.begin.b;
  }
  EXPECT_EQ(next, hi) << "the kernel calls stop at " << next << ", before the end of the range";
}

// How many workers were inside their span [first call begins, last call ends] at one moment.
int peak_overlap(const std::map<pid_t, std::pair<std::uint64_t, std::uint64_t>>& spans) {
  int peak = 0;
  for (const auto& [id, span] : spans) {
    int at_once = 0;
    for (const auto& [other, other_span] : spans) {
      if (other_span.first <= span.first && span.first <= other_span.second) ++at_once;
    }
    peak = std::max(peak, at_once);
  }
  return peak;
}

// Judges one run of the given model from the kernel calls the harness saw.
void expect_model(const std::string& model, const std::string& kernel, std::int64_t hi,
                  int workers) {
  const bool processes = model == "process";
  const Numbers numbers(hi + 1);
  const Reply reply = count(model, 0, hi, workers, kernel);
  const auto got = count_of(reply, "primes in [0, " + std::to_string(hi) + ")");
  if (!got) return;
  EXPECT_EQ(*got, numbers.primes(0, hi)) << "primes in [0, " << hi << ")";

  std::vector<std::string> problems;
  const std::vector<KernelCall> calls = kernel_calls_of(reply, &problems);
  ASSERT_FALSE(calls.empty()) << "the harness saw no kernel call: count with "
                                 "ptlabs::count_primes(kernel, a, b) in the workers";
  for (const auto& p : problems) ADD_FAILURE() << p;

  // Each kind of mistake is said once, with its first call and how many calls made it.
  struct Mistake {
    std::size_t calls = 0;
    std::string first;
  };
  std::map<std::string, Mistake> mistakes;
  auto note = [&](const std::string& what, const KernelCall& c) {
    Mistake& m = mistakes[what];
    if (m.calls++ == 0) {
      m.first = "[" + std::to_string(c.begin.a) + ", " + std::to_string(c.begin.b) + ")";
    }
  };
  const pid_t caller = subject().pid();
  std::map<pid_t, std::vector<const KernelCall*>> by_worker;
  for (const auto& c : calls) {
    if (processes && c.begin.tgid == caller) {
      note("the caller made the kernel call: the counting must happen in the child processes", c);
    } else if (processes && c.begin.ppid != caller) {
      note("the kernel call ran in a process that is not a child of the caller", c);
    } else if (!processes && c.begin.tgid != caller) {
      note("the kernel call ran in another process: the thread version must not fork", c);
    } else if (!processes && c.begin.tid == caller) {
      note("the calling thread made the kernel call: the counting must happen in the workers", c);
    }
    if (c.ended && c.end.c != numbers.primes(c.begin.a, c.begin.b)) {
      note("the kernel call reported a wrong count", c);
    }
    by_worker[processes ? c.begin.tgid : c.begin.tid].push_back(&c);
  }
  for (const auto& [what, m] : mistakes) {
    ADD_FAILURE() << m.calls << " of " << calls.size() << " kernel calls (the first over "
                  << m.first << "): " << what;
  }
  EXPECT_EQ(by_worker.size(), static_cast<std::size_t>(workers))
      << "the kernel calls came from " << by_worker.size()
      << (processes ? " processes" : " threads") << "; expected one per worker";
  expect_exact_cover(calls, 0, hi);

  std::map<pid_t, std::pair<std::uint64_t, std::uint64_t>> spans;
  for (const auto& [worker, its_calls] : by_worker) {
    auto& span = spans[worker];
    span = {its_calls.front()->begin.at_ns, its_calls.front()->begin.at_ns};
    for (const KernelCall* c : its_calls) {
      span.first = std::min(span.first, c->begin.at_ns);
      span.second = std::max(span.second, c->ended ? c->end.at_ns : c->begin.at_ns);
    }
  }
  if (by_worker.size() == static_cast<std::size_t>(workers)) {  // else said above
    EXPECT_EQ(peak_overlap(spans), workers)
        << "the workers did not all run at the same time: start every "
        << (processes ? "child" : "thread") << " before awaiting any";
  }

  // The second source: did the task that announced each range spend the CPU time
  // counting it takes? The kernel's own accounting of that thread, against what the
  // same divisions cost the harness.
  const double ns_per_division = native_ns_per_division(numbers);
  for (const auto& [worker, its_calls] : by_worker) {
    std::uint64_t spent = 0;
    double needed = 0;
    for (const KernelCall* c : its_calls) {
      if (!c->ended) continue;
      spent += c->end.cpu_ns >= c->begin.cpu_ns ? c->end.cpu_ns - c->begin.cpu_ns : 0;
      needed += static_cast<double>(numbers.divisions(c->begin.a, c->begin.b)) * ns_per_division;
    }
    if (needed < static_cast<double>(kMinJudgedNs)) continue;
    const auto ms = [](double ns) { return std::to_string(std::llround(ns / 1e6)); };
    EXPECT_GE(static_cast<double>(spent), kMinCpuShare * needed)
        << "the " << (processes ? "process" : "thread") << " that made " << its_calls.size()
        << " kernel call(s) spent " << ms(static_cast<double>(spent))
        << " ms of CPU time in them, where counting those numbers takes about " << ms(needed)
        << " ms: the work was not done by the task that made the calls";
  }
}

// ---------------------------------------------------------------- processes

TEST(ProcessPrimesNative, EdgeAndRandomRanges) {
  expect_counts("process", "native", edge_ranges());
  expect_counts("process", "native", random_ranges(200000, 12));
  expect_bad_workers_rejected("process");
}

TEST(ProcessPrimesPython, EdgeAndRandomRanges) {
  expect_counts("process", "python", edge_ranges());
  expect_counts("process", "python", random_ranges(20000, 6));
}

TEST(ProcessModel, NativeWorkIsDoneByOneChildPerWorker) {
  expect_model("process", "native", 3000000, 4);
}

TEST(ProcessModel, PythonWorkIsDoneByOneChildPerWorker) {
  expect_model("process", "python", 200000, 3);
}

// ------------------------------------------------------------------ threads

TEST(ThreadPrimesNative, EdgeAndRandomRanges) {
  expect_counts("thread", "native", edge_ranges());
  expect_counts("thread", "native", random_ranges(200000, 12));
  expect_bad_workers_rejected("thread");
}

TEST(ThreadPrimesPython, EdgeAndRandomRanges) {
  expect_counts("thread", "python", edge_ranges());
  expect_counts("thread", "python", random_ranges(20000, 6));
}

TEST(ThreadModel, NativeWorkIsDoneByOneThreadPerWorker) {
  expect_model("thread", "native", 3000000, 4);
}

TEST(ThreadModel, PythonWorkIsDoneByOneThreadPerWorker) {
  expect_model("thread", "python", 200000, 3);
}

}  // namespace
