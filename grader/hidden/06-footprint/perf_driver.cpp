// Performance driver of lab 06 — footprint: runs ONE measurement in this fresh process
// and prints one JSON line. The grader's perf engine runs many of these, interleaved, and
// judges the medians.
//
//   perf_driver threads|processes|cow-probe N BUFFER_KIB TABLE_MIB
//
//   threads    the submission's hold_threads(N, BUFFER_KIB KiB, table, measure)
//   processes  the submission's hold_processes(N, BUFFER_KIB KiB, table, measure)
//   cow-probe  the framework's probe: N forked children that each do what a process worker
//              does (buffer, sum, wait) and also WRITE every page of the table (the value
//              that is already there), so copy-on-write gives each its own copy
//
// The driver first builds the table (TABLE_MIB MiB, every page written), then measures the
// baseline: the PSS of the whole process tree (this process and all its descendants, found
// through /proc/PID/task/*/children; PSS is the "Pss:" line of /proc/PID/smaps_rollup).
// Then it runs the variant with a while_alive() callback that measures the tree again while
// the N workers are alive. PSS splits every shared page among the processes that map it, so
// the table, shared by all the children, counts once in total, and what grows is what each
// worker has of its own.
//
// Output: {"ok": true, "variant", "workers": N, "buffer_bytes", "table_bytes",
//          "baseline_pss_bytes", "pss_bytes", "per_worker_bytes": (pss - baseline) / N,
//          "baseline_page_table_bytes", "page_table_bytes", "per_worker_page_table_bytes"
//          (VmPTE of /proc/PID/status, summed over the tree: kernel memory that PSS leaves
//          out), "processes" and "tasks" (in the tree during the callback),
//          "max_worker_private_dirty_bytes" (processes and cow-probe: the largest
//          Private_Dirty of a child; a child that wrote the table has about the table's size),
//          "wall_s"}
//       or {"ok": false, "error": "..."} when the variant counts wrong or breaks the lab's
//       rules (workers not children / not threads, not all alive during the callback,
//       callback not run once on the calling thread, the table modified).
// Exit status 0 unless the usage is wrong (2).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace {

constexpr long long kMaxWorkers = 1024;
constexpr long long kMaxBufferKiB = 1024 * 1024;  // 1 GiB
constexpr long long kMaxTableMiB = 4096;

int usage() {
  std::fprintf(stderr,
               "usage: perf_driver threads|processes|cow-probe N BUFFER_KIB TABLE_MIB\n"
               "       (1 <= N <= %lld, 0 <= BUFFER_KIB <= %lld, 0 <= TABLE_MIB <= %lld;\n"
               "        the grader uses N = 16, BUFFER_KIB = 256, TABLE_MIB = 64)\n",
               kMaxWorkers, kMaxBufferKiB, kMaxTableMiB);
  return 2;
}

// Parses a whole decimal argument; false if it is not one.
bool parse_int(const char* text, long long* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0' && errno == 0;
}

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// ------------------------------------------------------------------------ /proc

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A "Key:   123 kB" line of a /proc file, in bytes; -1 if there is none.
long long kb_line_bytes(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::atoll(line.c_str() + key.size() + 1) * 1024;
  }
  return -1;
}

// The children of process `pid`: those of every one of its threads.
std::vector<int> children_of(int pid) {
  std::vector<int> pids;
  std::error_code ec;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(dir, ec)) {
    std::istringstream in(read_text((task.path() / "children").string()));
    int child = 0;
    while (in >> child) pids.push_back(child);
  }
  return pids;
}

int task_count(int pid) {
  int count = 0;
  std::error_code ec;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++count;
  }
  return count;
}

bool is_alive(int pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  const char state = stat[close + 2];
  return state != 'Z' && state != 'X' && state != 'x';
}

// The memory of a process tree at one moment.
struct TreeMemory {
  long long pss_bytes = 0;
  long long page_table_bytes = 0;
  int processes = 0;
  int tasks = 0;
  long long max_child_private_dirty_bytes = 0;  // over the descendants, not the root
  std::vector<int> live_children;               // direct children of the root, not exited
};

// PSS (and page tables) of `root` and every descendant. A process that is gone by the time
// it is read (or a zombie, which has no memory) counts nothing.
TreeMemory measure_tree(int root) {
  TreeMemory m;
  std::vector<int> pending{root};
  while (!pending.empty()) {
    const int pid = pending.back();
    pending.pop_back();
    const std::string proc = "/proc/" + std::to_string(pid);
    const long long pss = kb_line_bytes(read_text(proc + "/smaps_rollup"), "Pss");
    if (pid == root && pss < 0) throw std::runtime_error("cannot read " + proc + "/smaps_rollup");
    if (pss >= 0) {
      m.pss_bytes += pss;
      m.processes += 1;
      m.tasks += task_count(pid);
      const long long pte = kb_line_bytes(read_text(proc + "/status"), "VmPTE");
      if (pte > 0) m.page_table_bytes += pte;
    }
    if (pid != root) {
      const long long dirty = kb_line_bytes(read_text(proc + "/smaps_rollup"), "Private_Dirty");
      m.max_child_private_dirty_bytes = std::max(m.max_child_private_dirty_bytes, dirty);
    }
    for (int child : children_of(pid)) {
      if (pid == root && is_alive(child)) m.live_children.push_back(child);
      pending.push_back(child);
    }
  }
  return m;
}

// ------------------------------------------------------------------------ the probe

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

std::size_t page_size() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

// One probe child: a process worker that also writes every page of the table it inherited.
[[noreturn]] void probe_child(std::size_t buffer_bytes, std::uint8_t* table, std::size_t size,
                              int sum_fd, int release_fd) {
  try {
    std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[buffer_bytes]);
    volatile std::uint8_t* b = buffer.get();
    for (std::size_t i = 0; i < buffer_bytes; i += page_size()) b[i] = 1;
    volatile std::uint8_t* t = table;
    for (std::size_t i = 0; i < size; i += page_size()) t[i] = t[i];  // a write: copy-on-write
    const std::uint64_t sum = lab06::sum_bytes(lab06::Table{table, size});
    if (!write_all(sum_fd, &sum, sizeof sum)) ::_exit(3);
    char byte = 0;
    while (::read(release_fd, &byte, 1) != 0) {
      if (errno != EINTR) break;
    }
    ::_exit(0);
  } catch (...) {
    ::_exit(1);
  }
}

// The probe, shaped like hold_processes(): N children, the callback while all are alive.
std::vector<std::uint64_t> cow_probe(int n, std::size_t buffer_bytes, std::uint8_t* table,
                                     std::size_t size, const std::function<void()>& while_alive) {
  int release[2];
  if (::pipe2(release, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe"));
  std::vector<pid_t> pids;
  std::vector<int> fds;
  std::string error;
  for (int i = 0; i < n; ++i) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) {
      error = errno_text("pipe");
      break;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(release[1]);
      ::close(p[0]);
      probe_child(buffer_bytes, table, size, p[1], release[0]);
    }
    ::close(p[1]);
    if (pid < 0) {
      error = errno_text("fork");
      ::close(p[0]);
      break;
    }
    pids.push_back(pid);
    fds.push_back(p[0]);
  }
  ::close(release[0]);
  std::vector<std::uint64_t> sums(pids.size(), 0);
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (!read_all(fds[i], &sums[i], sizeof sums[i]) && error.empty()) {
      error = "probe child " + std::to_string(i) + " failed";
    }
    ::close(fds[i]);
  }
  std::exception_ptr callback_error;
  if (error.empty()) {
    try {
      while_alive();
    } catch (...) {
      callback_error = std::current_exception();
    }
  }
  ::close(release[1]);
  for (pid_t pid : pids) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (callback_error) std::rethrow_exception(callback_error);
  if (!error.empty()) throw std::runtime_error(error);
  return sums;
}

std::uint64_t checksum(const std::vector<std::uint8_t>& bytes) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (std::uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  long long n = 0, buffer_kib = 0, table_mib = 0;
  if (argc != 5 || !parse_int(argv[2], &n) || n < 1 || n > kMaxWorkers ||
      !parse_int(argv[3], &buffer_kib) || buffer_kib < 0 || buffer_kib > kMaxBufferKiB ||
      !parse_int(argv[4], &table_mib) || table_mib < 0 || table_mib > kMaxTableMiB) {
    return usage();
  }
  const std::string variant = argv[1];
  if (variant != "threads" && variant != "processes" && variant != "cow-probe") return usage();
  const int workers = static_cast<int>(n);
  const auto buffer_bytes = static_cast<std::size_t>(buffer_kib) * 1024;
  const auto table_bytes = static_cast<std::size_t>(table_mib) * 1024 * 1024;
  const bool forks = variant != "threads";

  nlohmann::json out;
  try {
    // The table, every page written, before anything is measured.
    std::vector<std::uint8_t> table(table_bytes);
    for (std::size_t i = 0; i < table_bytes; ++i) {
      table[i] = static_cast<std::uint8_t>(i * 131u + 7u + (i >> 12));
    }
    const lab06::Table view{table.data(), table.size()};
    const std::uint64_t expected = lab06::sum_bytes(view);
    const std::uint64_t before_checksum = checksum(table);

    const int self = ptlabs::current_pid();
    const int caller_tid = ptlabs::current_tid();
    (void)measure_tree(self);  // once for nothing: the reading itself allocates the first time
    const TreeMemory baseline = measure_tree(self);

    int calls = 0;
    int callback_tid = 0;
    TreeMemory during;
    const std::function<void()> measure = [&] {
      if (++calls > 1) return;
      callback_tid = ptlabs::current_tid();
      during = measure_tree(self);
    };

    const std::uint64_t start = ptlabs::now_ns();
    std::vector<std::uint64_t> sums;
    if (variant == "threads") {
      sums = lab06::hold_threads(workers, buffer_bytes, view, measure);
    } else if (variant == "processes") {
      sums = lab06::hold_processes(workers, buffer_bytes, view, measure);
    } else {
      sums = cow_probe(workers, buffer_bytes, table.data(), table.size(), measure);
    }
    const std::uint64_t end = ptlabs::now_ns();

    // The rules of the lab, checked before any number is reported.
    if (calls != 1) {
      throw std::runtime_error("while_alive() ran " + std::to_string(calls) +
                               " times, expected exactly once");
    }
    if (callback_tid != caller_tid) {
      throw std::runtime_error("while_alive() did not run on the calling thread");
    }
    if (sums.size() != static_cast<std::size_t>(workers)) {
      throw std::runtime_error("expected " + std::to_string(workers) + " sums, got " +
                               std::to_string(sums.size()));
    }
    for (std::size_t i = 0; i < sums.size(); ++i) {
      if (sums[i] != expected)
        throw std::runtime_error("worker " + std::to_string(i) + ": wrong sum");
    }
    if (checksum(table) != before_checksum) throw std::runtime_error("the table was modified");
    const int live = static_cast<int>(during.live_children.size());
    if (forks && live != workers) {
      throw std::runtime_error(std::to_string(live) + " of " + std::to_string(workers) +
                               " workers were live child processes during while_alive()");
    }
    if (!forks && live != 0) {
      throw std::runtime_error("the thread version had " + std::to_string(live) +
                               " child processes during while_alive()");
    }
    if (!forks && during.tasks < baseline.tasks + workers) {
      throw std::runtime_error("only " + std::to_string(during.tasks - baseline.tasks) + " of " +
                               std::to_string(workers) +
                               " worker threads were alive during while_alive()");
    }

    const long long grown = during.pss_bytes - baseline.pss_bytes;
    const long long pte_grown = during.page_table_bytes - baseline.page_table_bytes;
    out = {{"ok", true},
           {"variant", variant},
           {"workers", workers},
           {"buffer_bytes", buffer_bytes},
           {"table_bytes", table_bytes},
           {"baseline_pss_bytes", baseline.pss_bytes},
           {"pss_bytes", during.pss_bytes},
           {"per_worker_bytes", grown / workers},
           {"baseline_page_table_bytes", baseline.page_table_bytes},
           {"page_table_bytes", during.page_table_bytes},
           {"per_worker_page_table_bytes", pte_grown / workers},
           {"processes", during.processes},
           {"tasks", during.tasks},
           {"wall_s", static_cast<double>(end - start) / 1e9}};
    if (forks) out["max_worker_private_dirty_bytes"] = during.max_child_private_dirty_bytes;
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
