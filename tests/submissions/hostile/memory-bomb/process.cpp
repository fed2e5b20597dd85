// Hostile: a memory bomb. Allocates 64 MiB blocks and touches every page until an
// allocation fails (the check's 8 GiB address-space limit, or its memory cgroup), then
// lets go and throws, naming how far it got.
// Touching 8 GiB takes seconds, so only the first call of a program with 8 workers bombs
// (the first test of the checks "one child process per job" and "all workers run at
// once"); other calls just throw. The code under test cannot tell which check is running:
// the test filter is the harness's, outside this program.
// Expected: the process checks end `failed`, the first with "out of memory after" (the
// limit stopped the bomb, not the machine's memory), the thread checks pass.
#include <sys/prctl.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  static bool bombed = false;
  if (bombed || n != 8) throw std::runtime_error("hostile: no memory bomb in this check");
  bombed = true;
  const std::size_t block = std::size_t{64} << 20;
  std::vector<char*> hoard;
  hoard.reserve(1 << 12);
  while (char* p = static_cast<char*>(std::malloc(block))) {
    for (std::size_t i = 0; i < block; i += 4096) p[i] = 1;
    hoard.push_back(p);
    if (hoard.size() == hoard.capacity()) break;  // 256 GiB: no limit at all
  }
  const std::size_t mib = hoard.size() * 64;
  for (char* p : hoard) std::free(p);
  throw std::runtime_error("hostile memory bomb: out of memory after " + std::to_string(mib) +
                           " MiB");
}

}  // namespace lab01
