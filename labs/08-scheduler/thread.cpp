// Lab 08 — the thread version: one thread per worker, all in this process.
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab08 {

std::vector<Timeline> run_threads(int workers, double seconds, int cpu) {
  // TODO: read deadline = ptlabs::now_ns() + seconds first; reject workers < 1, seconds outside
  //       (0, 60] and a cpu >= 0 that is not in usable_cpus() with std::invalid_argument.
  // TODO: make the result vector, one Timeline per worker, and reserve max_ticks(seconds)
  //       ticks in each before any thread starts.
  // TODO: start one std::thread per worker. It pins itself when cpu >= 0 (sched_setaffinity(0,
  //       ...) changes the calling thread only), takes its pid and tid, then records
  //       tick = spin_unit() into its own Timeline until tick.ns >= deadline.
  // TODO: join every thread; throw std::runtime_error naming a worker that could not pin itself.
  (void)workers;
  (void)seconds;
  (void)cpu;
  throw std::logic_error("lab08::run_threads is not written yet (labs/08-scheduler/thread.cpp)");
}

}  // namespace lab08
