// Performance driver of lab 05 — start-time: runs ONE timed trial in this fresh
// process and prints one JSON line. The grader's perf engine runs many of these,
// interleaved, and judges the medians.
//
//   perf_driver threads|processes|fork|spawn N
//   perf_driver child-start
//
//   threads      the submission's start_threads(N, no-op work)
//   processes    the submission's start_processes(N, no-op work)
//   fork         the framework's baseline: N times, one after another, fork() a child that
//                writes ptlabs::now_ns() to a pipe and leaves with _exit(0)
//   spawn        the framework's baseline: N times, one after another, posix_spawn() this
//                same binary (/proc/self/exe) as "perf_driver child-start" with its stdout
//                on a pipe
//   child-start  the helper that spawn starts: writes ptlabs::now_ns() to stdout as 8 raw
//                bytes and exits at once; prints no JSON
//
// A worker's start latency is the time it read the clock minus the time the start began:
// started_ns - call_ns for the submission, and for the baselines the child's time minus the
// time read just before that child's fork() or posix_spawn(). The baselines start their
// children one at a time, so each latency is that of one start, not of a queue.
//
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "start_latency_s": median,
//          "first_start_s": min, "last_start_s": max, "workers": N} or
//         {"ok": false, "error": "..."}; wall_s is the whole call (resp. loop), cpu_s the
// CPU time of this process and its reaped children. Exit status 0 unless the usage is
// wrong (2).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "support/perf_support.hpp"
#include "task.hpp"

extern char** environ;

namespace {

constexpr long long kMaxWorkers = 4096;

using ptlabs::testing::cpu_seconds;

int usage() {
  std::fprintf(stderr,
               "usage: perf_driver threads|processes|fork|spawn N   (1 <= N <= %lld)\n"
               "       perf_driver child-start\n",
               kMaxWorkers);
  return 2;
}

// Parses a whole decimal argument; false if it is not one.
bool parse_int(const char* text, long long* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0' && errno == 0;
}

bool read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// Reads the child's 8-byte time from `fd` (then closes it) and reaps `pid`.
std::uint64_t collect_child(pid_t pid, int fd, const char* what) {
  std::uint64_t started = 0;
  const bool got = read_all(fd, &started, sizeof started);
  ::close(fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(std::string(what) + " child sent no start time");
  }
  return started;
}

// One bare fork(): latency of the child's first clock read after the parent's.
double fork_once() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe"));
  const std::uint64_t before = ptlabs::now_ns();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::uint64_t started = ptlabs::now_ns();
    ::_exit(write_all(fds[1], &started, sizeof started) ? 0 : 1);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    throw std::runtime_error(errno_text("fork"));
  }
  const std::uint64_t started = collect_child(pid, fds[0], "forked");
  return static_cast<double>(started - before) / 1e9;
}

// One posix_spawn() of this binary in child-start mode, its stdout on a pipe.
double spawn_once(const std::string& self) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe"));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);  // dup2 clears CLOEXEC
  char arg0[] = "perf_driver";
  char arg1[] = "child-start";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = -1;
  const std::uint64_t before = ptlabs::now_ns();
  const int rc = ::posix_spawn(&pid, self.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
  }
  const std::uint64_t started = collect_child(pid, fds[0], "spawned");
  if (started < before) throw std::runtime_error("spawned child reports a time before its spawn");
  return static_cast<double>(started - before) / 1e9;
}

std::string this_executable() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) throw std::runtime_error(errno_text("readlink /proc/self/exe"));
  return std::string(path, static_cast<std::size_t>(n));
}

// Checks the submission's result; returns the latencies in seconds, or throws with the reason.
std::vector<double> validate(const lab05::Starts& starts, int n, bool processes,
                             std::uint64_t before, std::uint64_t after) {
  if (starts.workers.size() != static_cast<std::size_t>(n)) {
    throw std::runtime_error("expected " + std::to_string(n) + " reports, got " +
                             std::to_string(starts.workers.size()));
  }
  if (starts.call_ns < before || starts.call_ns > after) {
    throw std::runtime_error("call_ns is not a time taken during the call");
  }
  std::set<int> ids;
  std::vector<double> latencies;
  const int self = ptlabs::current_pid();
  for (int i = 0; i < n; ++i) {
    const auto& w = starts.workers[static_cast<std::size_t>(i)];
    const std::string who = "worker " + std::to_string(i);
    if (w.index != i) throw std::runtime_error(who + ": reports are not ordered by index");
    if (w.started_ns < starts.call_ns || w.started_ns > after) {
      throw std::runtime_error(who + ": started_ns is not between call_ns and the return");
    }
    if (processes && w.pid == self) throw std::runtime_error(who + " ran in the caller's process");
    if (!processes && w.pid != self) throw std::runtime_error(who + " left the caller's process");
    ids.insert(processes ? w.pid : w.tid);
    latencies.push_back(static_cast<double>(w.started_ns - starts.call_ns) / 1e9);
  }
  if (ids.size() != static_cast<std::size_t>(n)) {
    throw std::runtime_error(processes ? "two workers share a pid" : "two workers share a tid");
  }
  return latencies;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "child-start") {
    const std::uint64_t started = ptlabs::now_ns();
    return write_all(STDOUT_FILENO, &started, sizeof started) ? 0 : 1;
  }
  long long n = 0;
  if (argc != 3 || !parse_int(argv[2], &n) || n < 1 || n > kMaxWorkers) return usage();
  const std::string variant = argv[1];
  if (variant != "threads" && variant != "processes" && variant != "fork" && variant != "spawn") {
    return usage();
  }
  const int workers = static_cast<int>(n);

  nlohmann::json out;
  try {
    const std::string self = variant == "spawn" ? this_executable() : std::string();
    const std::function<void(int)> no_work = [](int) {};
    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(workers));
    lab05::Starts starts;
    const bool processes = variant == "processes";
    const double cpu_start = cpu_seconds();
    const std::uint64_t start = ptlabs::now_ns();
    if (variant == "threads" || variant == "processes") {
      starts = processes ? lab05::start_processes(workers, no_work)
                         : lab05::start_threads(workers, no_work);
    } else {
      for (int i = 0; i < workers; ++i) {
        latencies.push_back(variant == "fork" ? fork_once() : spawn_once(self));
      }
    }
    const std::uint64_t end = ptlabs::now_ns();
    const double cpu_s = cpu_seconds() - cpu_start;
    if (variant == "threads" || variant == "processes") {
      latencies = validate(starts, workers, processes, start, end);
    }
    out = {{"ok", true},
           {"wall_s", static_cast<double>(end - start) / 1e9},
           {"cpu_s", cpu_s},
           {"start_latency_s", median(latencies)},
           {"first_start_s", *std::min_element(latencies.begin(), latencies.end())},
           {"last_start_s", *std::max_element(latencies.begin(), latencies.end())},
           {"workers", workers}};
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
