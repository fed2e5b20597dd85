#include "ptlabs/kernel.hpp"

#include <algorithm>

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
  record.start_ns = now_ns();
  std::int64_t result = 0;
  if (lo < hi) {
    result = kernel == Kernel::kPython ? internal::python_count_primes(lo, hi)
                                       : internal::native_count_primes(lo, hi);
  }
  record.end_ns = now_ns();
  record.result = result;
  CallLog::append(record);
  return result;
}

void prepare_kernel(Kernel kernel) {
  if (kernel == Kernel::kPython) internal::python_prepare();
}

}  // namespace ptlabs
