// Hostile: the job runner writes to an address in the unmapped first page: a real SIGSEGV,
// not raise().
// Expected: the process checks end `error` ("killed by signal 11"), the thread checks pass.
#include <sys/prctl.h>

#include <cstdint>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  // An address in the unmapped first page, hidden from the optimizer, which would
  // otherwise delete a store it can prove undefined.
  volatile std::uintptr_t address = 16;
  *reinterpret_cast<volatile int*>(address) = 1;
  return {};
}

}  // namespace lab01
