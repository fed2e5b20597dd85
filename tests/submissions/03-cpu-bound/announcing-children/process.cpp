// Hostile: the "process" version forks one child per worker that does no counting
// at all; it only announces, with the same raw system call the framework's kernel
// uses (an ioctl on descriptor -4242, kinds 7 and 8: kWorkBegin and kWorkEnd of
// grader/hidden/support/subject_protocol.hpp), that it counts its share. The
// caller's threads do the real counting with a loop of their own (not the kernel,
// whose calls would be announced from the caller's threads) and pass each count
// down a pipe to the child, which announces it as its result. Every child begins
// before any ends, so the workers look concurrent; the process ids, the parent, the
// ranges and the counts are all right. What the announcing children cannot show is
// the CPU time: the harness reads each child's CPU time from /proc at the begin and
// end of its call, and a child that only waited on a pipe spent almost none of the
// time the range costs, so the process model check fails.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {
namespace {

std::int64_t count_myself(std::int64_t lo, std::int64_t hi) {
  std::int64_t count = 0;
  for (std::int64_t n = lo < 2 ? 2 : lo; n < hi; ++n) {
    bool prime = true;
    for (std::int64_t d = 2; d * d <= n; ++d) {
      if (n % d == 0) {
        prime = false;
        break;
      }
    }
    if (prime) ++count;
  }
  return count;
}

long announce(long kind, std::int64_t a, std::int64_t b, std::int64_t c) {
  return ::syscall(SYS_ioctl, -4242, 0x70746c62ul, kind, a, b, c);
}

}  // namespace

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  (void)kernel;
  if (workers < 1) throw std::invalid_argument("workers < 1");
  if (lo >= hi) return 0;
  const std::size_t n = static_cast<std::size_t>(workers);
  const std::int64_t size = hi - lo;
  std::vector<int> to_child(n);
  std::vector<pid_t> children(n);
  for (std::size_t w = 0; w < n; ++w) {
    const std::int64_t a = lo + size * static_cast<std::int64_t>(w) / workers;
    const std::int64_t b = lo + size * static_cast<std::int64_t>(w + 1) / workers;
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[1]);
      announce(7, a, b, 1);
      std::int64_t count = 0;
      if (::read(fds[0], &count, sizeof count) != static_cast<ssize_t>(sizeof count)) ::_exit(1);
      announce(8, a, b, count);
      ::_exit(0);
    }
    ::close(fds[0]);
    to_child[w] = fds[1];
    children[w] = pid;
  }
  std::vector<std::int64_t> totals(n, 0);
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < n; ++w) {
    threads.emplace_back([&, w] {
      const std::int64_t a = lo + size * static_cast<std::int64_t>(w) / workers;
      const std::int64_t b = lo + size * static_cast<std::int64_t>(w + 1) / workers;
      totals[w] = count_myself(a, b);
    });
  }
  std::int64_t total = 0;
  for (std::size_t w = 0; w < n; ++w) {
    threads[w].join();
    (void)!::write(to_child[w], &totals[w], sizeof totals[w]);
    ::close(to_child[w]);
    total += totals[w];
  }
  for (const pid_t pid : children) ::waitpid(pid, nullptr, 0);
  return total;
}

}  // namespace lab03
