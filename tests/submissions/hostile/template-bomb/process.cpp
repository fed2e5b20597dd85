// Hostile: a compile-time bomb. Every Bomb<N, K> instantiates two distinct Bomb<N - 1, _>,
// so Bomb<40, 0> asks the compiler for 2^41 instantiations: it runs out of memory (the
// build's 2 GiB limit) or time (60 s CPU, 120 s wall) long before.
// Expected: the build fails with the limit named in the build log, every check ends
// `error` ("the build failed"), and the grader goes on to write its report.
#include <stdexcept>

#include "task.hpp"

namespace {

template <int N, unsigned long long K>
struct Bomb {
  static constexpr unsigned long long value =
      Bomb<N - 1, 2 * K>::value + Bomb<N - 1, 2 * K + 1>::value;
};

template <unsigned long long K>
struct Bomb<0, K> {
  static constexpr unsigned long long value = K & 1;
};

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>&) {
  if (n >= 0 && Bomb<40, 0>::value == 0) throw std::runtime_error("unreachable");
  return {};
}

}  // namespace lab01
