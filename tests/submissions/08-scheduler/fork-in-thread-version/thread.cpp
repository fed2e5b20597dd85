// Wrong: the "thread" version forks a child process per worker, with the timelines in shared
// memory, and so runs its workers outside the caller's process.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab08 {

std::vector<Timeline> run_threads(int workers, double seconds, int cpu) {
  const std::uint64_t entry = ptlabs::now_ns();
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  if (!(seconds > 0 && seconds <= 60)) throw std::invalid_argument("seconds must be in (0, 60]");
  if (cpu >= 0 && !cpu_is_usable(cpu)) throw std::invalid_argument("not one of the caller's CPUs");
  const std::uint64_t deadline = entry + static_cast<std::uint64_t>(std::llround(seconds * 1e9));
  const std::size_t capacity = max_ticks(seconds);
  const auto n = static_cast<std::size_t>(workers);
  struct Head {
    int pid;
    int tid;
    std::size_t count;
  };
  const std::size_t bytes = n * (sizeof(Head) + capacity * sizeof(Tick));
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("mmap failed");
  auto* heads = static_cast<Head*>(memory);
  auto* ticks = reinterpret_cast<Tick*>(heads + n);
  std::vector<pid_t> pids;
  for (int i = 0; i < workers; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        sched_setaffinity(0, sizeof set, &set);
      }
      Head& head = heads[i];
      head.pid = ptlabs::current_pid();
      head.tid = ptlabs::current_tid();
      Tick* mine = ticks + static_cast<std::size_t>(i) * capacity;
      std::size_t count = 0;
      Tick tick;
      do {
        tick = spin_unit();
        if (count < capacity) mine[count++] = tick;
      } while (tick.ns < deadline);
      head.count = count;
      _exit(0);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) waitpid(pid, nullptr, 0);
  std::vector<Timeline> timelines(n);
  for (std::size_t i = 0; i < n; ++i) {
    timelines[i].worker = static_cast<int>(i);
    timelines[i].pid = heads[i].pid;
    timelines[i].tid = heads[i].tid;
    const Tick* mine = ticks + i * capacity;
    timelines[i].ticks.assign(mine, mine + heads[i].count);
  }
  munmap(memory, bytes);
  return timelines;
}

}  // namespace lab08
