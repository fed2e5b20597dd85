// Hostile: #include </dev/zero>, an endless file of NUL bytes. The compiler reads it
// until it runs out of memory (the build's 2 GiB limit) or time.
// Expected: the build fails with the reason in the build log, every check ends `error`
// ("the build failed"), and the grader goes on to write its report.
#include </dev/zero>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) { return {}; }

}  // namespace lab01
