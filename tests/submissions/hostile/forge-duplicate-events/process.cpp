// Hostile: forges the kernel's evidence. The "process" version runs the jobs in threads,
// and beside them forks one child per job that announces "job i began" and "job i ended"
// itself, with the framework's event system call, hoping the harness counts the children
// as the workers. Every announcement is counted with the task that made it: job i then
// began twice, once in the caller's process.
// Expected: "process: one child process per job" fails.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <thread>

#include "task.hpp"

namespace ptlabs::subject {
std::int64_t call_number();  // the stub's own, declared by hand
}

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  const std::int64_t call = ptlabs::subject::call_number();
  std::vector<pid_t> decoys;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const long input = ::syscall(SYS_ioctl, -4242, 0x70746c62ul, 2L, call, long{i}, 0L);
      ::syscall(SYS_ioctl, -4242, 0x70746c62ul, 3L, call, long{i}, input);
      ::_exit(0);
    }
    decoys.push_back(pid);
  }
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&, i] {
      reports[static_cast<std::size_t>(i)] = {i, decoys[static_cast<std::size_t>(i)],
                                              decoys[static_cast<std::size_t>(i)], job(i)};
    });
  }
  for (auto& w : workers) w.join();
  for (pid_t pid : decoys) ::waitpid(pid, nullptr, 0);
  return reports;
}

}  // namespace lab01
