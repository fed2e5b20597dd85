// Lab 08 — the process version: one child process per worker.
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab08 {

std::vector<Timeline> run_processes(int workers, double seconds, int cpu) {
  // TODO: read deadline = ptlabs::now_ns() + seconds first; reject workers < 1, seconds outside
  //       (0, 60] and a cpu >= 0 that is not in usable_cpus() with std::invalid_argument.
  // TODO: mmap() one MAP_SHARED | MAP_ANONYMOUS block before any fork(), with a slot per worker:
  //       its pid, its tid, how many ticks it made, and room for max_ticks(seconds) ticks.
  // TODO: fork() every worker before awaiting any. The child pins itself when cpu >= 0
  //       (sched_setaffinity(0, ...) with only `cpu` in the set), writes its pid and tid, then
  //       records tick = spin_unit() into its slot until tick.ns >= deadline, and leaves with
  //       _exit().
  // TODO: waitpid() every child, then copy the slots into Timelines ordered by worker and
  //       munmap() the block. A child that failed makes the call throw std::runtime_error
  //       naming its index, after all were reaped.
  (void)workers;
  (void)seconds;
  (void)cpu;
  throw std::logic_error("lab08::run_processes is not written yet (labs/08-scheduler/process.cpp)");
}

}  // namespace lab08
