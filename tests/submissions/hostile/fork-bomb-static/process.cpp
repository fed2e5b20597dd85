// Hostile: a fork bomb in a static initializer, so it goes off before main() in
// every run of the test binary, whatever the check.
// Expected: every check ends `timeout` (the build itself succeeds), nothing survives.
#include <sys/prctl.h>
#include <unistd.h>

#include <stdexcept>

#include "task.hpp"

namespace {

[[maybe_unused]] const bool kBomb = [] {
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  while (true) ::fork();
  return true;
}();

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("never reached");
}

}  // namespace lab01
