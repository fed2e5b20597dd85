#include "ptlabs/kernel.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "kernel_internal.hpp"
#include "ptlabs/call_log.hpp"
#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"

namespace ptlabs {

namespace internal {

std::int64_t native_count_primes(std::int64_t lo, std::int64_t hi) {
  std::int64_t count = 0;
  for (std::int64_t n = std::max<std::int64_t>(lo, 2); n < hi; ++n) {
    if (n < 4) {
      ++count;
      continue;
    }
    if (n % 2 == 0) continue;
    bool prime = true;
    for (std::int64_t d = 3; d * d <= n; d += 2) {
      if (n % d == 0) {
        prime = false;
        break;
      }
    }
    if (prime) ++count;
  }
  return count;
}

}  // namespace internal

namespace {

// Each kernel call is announced to a grader's harness, when one listens, by the
// task that makes it: the events kWorkBegin and kWorkEnd of
// grader/hidden/support/subject_protocol.hpp (an ioctl on a descriptor number that
// is never open, which the harness's seccomp filter hands to the harness together
// with the kernel's id of the calling thread). Keep these numbers equal to that
// file's. Without a harness the first call fails with EBADF and no call is
// announced again: outside the grader this costs one failed system call per process.
constexpr int kEventFd = -4242;
constexpr unsigned long kEventRequest = 0x70746c62ul;
constexpr long kWorkBegin = 7;
constexpr long kWorkEnd = 8;

std::atomic<int> g_harness{0};  // 0: not known yet, 1: a harness listens, -1: none

bool announce_begin(Kernel kernel, std::int64_t lo, std::int64_t hi) {
  if (g_harness.load(std::memory_order_relaxed) < 0) return false;
  const long answer =
      ::syscall(SYS_ioctl, kEventFd, kEventRequest, kWorkBegin, lo, hi, static_cast<long>(kernel));
  g_harness.store(answer > 0 ? 1 : -1, std::memory_order_relaxed);
  return answer > 0;
}

void announce_end(std::int64_t lo, std::int64_t hi, std::int64_t result) {
  ::syscall(SYS_ioctl, kEventFd, kEventRequest, kWorkEnd, lo, hi, result);
}

}  // namespace

std::string_view kernel_name(Kernel kernel) {
  return kernel == Kernel::kPython ? "python" : "native";
}

std::optional<Kernel> parse_kernel(std::string_view name) {
  if (name == "native") return Kernel::kNative;
  if (name == "python") return Kernel::kPython;
  return std::nullopt;
}

std::int64_t count_primes(Kernel kernel, std::int64_t lo, std::int64_t hi) {
  CallRecord record;
  record.pid = current_pid();
  record.tid = current_tid();
  record.kernel = static_cast<std::uint32_t>(kernel);
  record.arg0 = lo;
  record.arg1 = hi;
  const bool announced = announce_begin(kernel, lo, hi);
  record.start_ns = now_ns();
  std::int64_t result = 0;
  if (lo < hi) {
    result = kernel == Kernel::kPython ? internal::python_count_primes(lo, hi)
                                       : internal::native_count_primes(lo, hi);
  }
  record.end_ns = now_ns();
  record.result = result;
  if (announced) announce_end(lo, hi, result);
  CallLog::append(record);
  return result;
}

void prepare_kernel(Kernel kernel) {
  if (kernel == Kernel::kPython) internal::python_prepare();
}

}  // namespace ptlabs
