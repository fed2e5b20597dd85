#include "ptlabs/clock.hpp"

#include <cerrno>
#include <ctime>

namespace ptlabs {

std::uint64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

double seconds_since(std::uint64_t start_ns) {
  return static_cast<double>(now_ns() - start_ns) / 1e9;
}

void sleep_ns(std::uint64_t ns) {
  timespec left{static_cast<time_t>(ns / 1'000'000'000ull),
                static_cast<long>(ns % 1'000'000'000ull)};
  while (::nanosleep(&left, &left) == -1 && errno == EINTR) {
  }
}

}  // namespace ptlabs
