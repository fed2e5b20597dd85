// Wrong: the workers never call sched_setaffinity(), so "pinned" workers run wherever the
// scheduler puts them, on several cores at once.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab08 {
namespace {

// The header of one worker's slot in the shared block; its ticks follow it.
struct SlotHeader {
  int pid;
  int tid;
  std::size_t count;
};

// The shared block: `workers` slots of one header and `capacity` ticks each.
class SharedTimelines {
 public:
  SharedTimelines(int workers, std::size_t capacity)
      : capacity_(capacity),
        slot_bytes_(sizeof(SlotHeader) + capacity * sizeof(Tick)),
        bytes_(slot_bytes_ * static_cast<std::size_t>(workers)) {
    memory_ = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory_ == MAP_FAILED) {
      throw std::runtime_error(std::string("mmap of the shared timelines failed: ") +
                               std::strerror(errno));
    }
  }
  ~SharedTimelines() { ::munmap(memory_, bytes_); }
  SharedTimelines(const SharedTimelines&) = delete;
  SharedTimelines& operator=(const SharedTimelines&) = delete;

  SlotHeader* header(int worker) const {
    return reinterpret_cast<SlotHeader*>(static_cast<char*>(memory_) +
                                         slot_bytes_ * static_cast<std::size_t>(worker));
  }
  Tick* ticks(int worker) const { return reinterpret_cast<Tick*>(header(worker) + 1); }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::size_t slot_bytes_;
  std::size_t bytes_;
  void* memory_ = nullptr;
};

constexpr int kPinFailed = 3;

// The child: pin, say who it is, spin until the deadline. Never returns.
[[noreturn]] void run_child(const SharedTimelines& shared, int worker, int cpu,
                            std::uint64_t deadline) {
  (void)cpu;  // wrong: never pins itself, so the scheduler may run it on any CPU
  SlotHeader* header = shared.header(worker);
  header->pid = ptlabs::current_pid();
  header->tid = ptlabs::current_tid();
  Tick* ticks = shared.ticks(worker);
  std::size_t count = 0;
  Tick tick;
  do {
    tick = spin_unit();
    if (count < shared.capacity()) ticks[count++] = tick;
  } while (tick.ns < deadline);
  header->count = count;
  ::_exit(0);
}

// Reaps `pid`; returns "" if it ended well, else the cause.
std::string reap(pid_t pid, int cpu) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kPinFailed) {
    return "could not pin itself to CPU " + std::to_string(cpu);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return "";
}

}  // namespace

std::vector<Timeline> run_processes(int workers, double seconds, int cpu) {
  const std::uint64_t entry = ptlabs::now_ns();
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  if (!(seconds > 0 && seconds <= 60)) throw std::invalid_argument("seconds must be in (0, 60]");
  if (cpu >= 0 && !cpu_is_usable(cpu)) {
    throw std::invalid_argument("CPU " + std::to_string(cpu) + " is not one of the caller's CPUs");
  }
  const std::uint64_t deadline = entry + static_cast<std::uint64_t>(std::llround(seconds * 1e9));
  SharedTimelines shared(workers, max_ticks(seconds));

  std::vector<pid_t> children;
  children.reserve(static_cast<std::size_t>(workers));
  std::string start_error;
  for (int i = 0; i < workers; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) run_child(shared, i, cpu, deadline);
    if (pid < 0) {
      start_error =
          "worker " + std::to_string(i) + " could not start: fork failed: " + std::strerror(errno);
      break;
    }
    children.push_back(pid);
  }

  // Await every child that was started, even after a failure: none is left a zombie.
  std::string first_error;
  for (std::size_t i = 0; i < children.size(); ++i) {
    const std::string cause = reap(children[i], cpu);
    if (!cause.empty() && first_error.empty()) {
      first_error = "worker " + std::to_string(i) + " failed: " + cause;
    }
  }
  if (!start_error.empty()) throw std::runtime_error(start_error);
  if (!first_error.empty()) throw std::runtime_error(first_error);

  std::vector<Timeline> timelines(static_cast<std::size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    const SlotHeader* header = shared.header(i);
    const Tick* ticks = shared.ticks(i);
    auto& t = timelines[static_cast<std::size_t>(i)];
    t.worker = i;
    t.pid = header->pid;
    t.tid = header->tid;
    t.ticks.assign(ticks, ticks + std::min(header->count, shared.capacity()));
  }
  return timelines;
}

}  // namespace lab08
