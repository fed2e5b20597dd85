// The kernels: both flavours agree, every call is logged, and the python
// kernel survives fork() in both directions.
#include "ptlabs/kernel.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "ptlabs/call_log.hpp"
#include "ptlabs/identity.hpp"

namespace ptlabs {
namespace {

TEST(Kernel, NamesRoundTrip) {
  EXPECT_EQ(kernel_name(Kernel::kNative), "native");
  EXPECT_EQ(kernel_name(Kernel::kPython), "python");
  EXPECT_EQ(parse_kernel("python"), Kernel::kPython);
  EXPECT_EQ(parse_kernel("native"), Kernel::kNative);
  EXPECT_EQ(parse_kernel("Python"), std::nullopt);
}

TEST(Kernel, BothFlavoursCountTheSame) {
  struct Case {
    std::int64_t lo, hi, primes;
  } cases[] = {{0, 0, 0},    {5, 3, 0},    {0, 2, 0},    {0, 3, 1},        {2, 3, 1},
               {-20, 20, 8}, {0, 100, 25}, {90, 100, 1}, {0, 10000, 1229}, {7919, 7920, 1}};
  for (const auto& c : cases) {
    EXPECT_EQ(count_primes(Kernel::kNative, c.lo, c.hi), c.primes) << c.lo << ".." << c.hi;
    EXPECT_EQ(count_primes(Kernel::kPython, c.lo, c.hi), c.primes) << c.lo << ".." << c.hi;
  }
}

TEST(Kernel, EveryCallIsLoggedWithWhoAndWhat) {
  std::string err;
  ASSERT_TRUE(CallLog::install(16, "", &err)) << err;
  count_primes(Kernel::kPython, 0, 100);
  std::thread([] { count_primes(Kernel::kNative, 10, 20); }).join();
  auto records = CallLog::records();
  CallLog::uninstall();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kernel, static_cast<std::uint32_t>(Kernel::kPython));
  EXPECT_EQ(records[0].pid, current_pid());
  EXPECT_EQ(records[0].tid, current_tid());
  EXPECT_EQ(records[0].arg0, 0);
  EXPECT_EQ(records[0].arg1, 100);
  EXPECT_EQ(records[0].result, 25);
  EXPECT_LE(records[0].start_ns, records[0].end_ns);
  EXPECT_EQ(records[1].kernel, static_cast<std::uint32_t>(Kernel::kNative));
  EXPECT_NE(records[1].tid, current_tid());
  EXPECT_EQ(records[1].result, 4);
}

// A child forked after the interpreter started has a working interpreter of its own.
TEST(Kernel, PythonWorksInChildrenForkedAfterItStarted) {
  prepare_kernel(Kernel::kPython);
  EXPECT_EQ(count_primes(Kernel::kPython, 0, 1000), 168);
  std::vector<pid_t> children;
  for (int i = 0; i < 3; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(count_primes(Kernel::kPython, 0, 1000) == 168 ? 0 : 1);
    children.push_back(pid);
  }
  EXPECT_EQ(count_primes(Kernel::kPython, 0, 1000), 168) << "the parent goes on too";
  for (pid_t pid : children) {
    int status = -1;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  }
}

// The interpreter started by a thread that has ended, a fork from another thread:
// the child still has a working interpreter. Runs in a child of its own so the
// interpreter of this test program is not the one started here.
TEST(Kernel, PythonSurvivesForkFromAThreadThatDidNotStartIt) {
  pid_t outer = ::fork();
  if (outer == 0) {
    std::thread([] { prepare_kernel(Kernel::kPython); }).join();
    bool ok = true;
    std::thread([&ok] {
      pid_t child = ::fork();
      if (child == 0) ::_exit(count_primes(Kernel::kPython, 0, 100) == 25 ? 0 : 1);
      int status = -1;
      ::waitpid(child, &status, 0);
      ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }).join();
    pid_t child = ::fork();
    if (child == 0) ::_exit(count_primes(Kernel::kPython, 0, 100) == 25 ? 0 : 1);
    int status = -1;
    ::waitpid(child, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    ::_exit(ok ? 0 : 1);
  }
  int status = -1;
  ::waitpid(outer, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

// Threads of one process share the interpreter and take turns on its lock.
TEST(Kernel, PythonIsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::int64_t> counts(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &counts] { counts[t] = count_primes(Kernel::kPython, 0, 20000); });
  }
  for (auto& thread : threads) thread.join();
  for (auto count : counts) EXPECT_EQ(count, 2262);
}

}  // namespace
}  // namespace ptlabs
