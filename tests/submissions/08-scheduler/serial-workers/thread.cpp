// Wrong: starts a thread and joins it before starting the next, so only one worker is ever
// alive: the first spins until the deadline, every later one makes a single tick after it.
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab08 {

std::vector<Timeline> run_threads(int workers, double seconds, int cpu) {
  const std::uint64_t entry = ptlabs::now_ns();
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  if (!(seconds > 0 && seconds <= 60)) throw std::invalid_argument("seconds must be in (0, 60]");
  if (cpu >= 0 && !cpu_is_usable(cpu)) {
    throw std::invalid_argument("CPU " + std::to_string(cpu) + " is not one of the caller's CPUs");
  }
  const std::uint64_t deadline = entry + static_cast<std::uint64_t>(std::llround(seconds * 1e9));
  const std::size_t capacity = max_ticks(seconds);
  const auto count = static_cast<std::size_t>(workers);

  std::vector<Timeline> timelines(count);
  std::vector<char> pin_failed(count, 0);
  for (auto& t : timelines) t.ticks.reserve(capacity);  // no reallocation while spinning

  std::vector<std::thread> threads;
  threads.reserve(count);
  std::string start_error;
  for (int i = 0; i < workers; ++i) {
    Timeline& mine = timelines[static_cast<std::size_t>(i)];
    char& failed = pin_failed[static_cast<std::size_t>(i)];
    mine.worker = i;
    try {
      threads.emplace_back([&mine, &failed, cpu, deadline, capacity] {
        if (cpu >= 0) {
          cpu_set_t set;
          CPU_ZERO(&set);
          CPU_SET(cpu, &set);
          if (::sched_setaffinity(0, sizeof set, &set) != 0) {  // 0: this thread
            failed = 1;
            return;
          }
        }
        mine.pid = ptlabs::current_pid();
        mine.tid = ptlabs::current_tid();
        Tick tick;
        do {
          tick = spin_unit();
          if (mine.ticks.size() < capacity) mine.ticks.push_back(tick);
        } while (tick.ns < deadline);
      });
      threads.back().join();  // wrong: waits for this worker before starting the next
    } catch (const std::system_error& e) {
      start_error = "worker " + std::to_string(i) + " could not start: " + e.what();
      break;
    }
  }
  if (!start_error.empty()) throw std::runtime_error(start_error);
  for (std::size_t i = 0; i < count; ++i) {
    if (pin_failed[i] != 0) {
      throw std::runtime_error("worker " + std::to_string(i) +
                               " failed: could not pin itself to CPU " + std::to_string(cpu));
    }
  }
  return timelines;
}

}  // namespace lab08
