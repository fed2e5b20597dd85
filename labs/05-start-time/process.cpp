// Lab 05 — the process version: one child process per worker.
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_processes(int n, const std::function<void(int)>& work) {
  // TODO: take call_ns = ptlabs::now_ns() first, and reject n < 0 with std::invalid_argument.
  // TODO: start every worker before awaiting any: one pipe and one fork() per worker. The
  //       child's very first action is ptlabs::now_ns(); then it takes its pid and tid, sends
  //       its Start through the pipe, calls work(i) and leaves with _exit().
  // TODO: then await them all: read each pipe, waitpid() each child, and throw
  //       std::runtime_error naming the index of a worker that failed, after reaping all.
  (void)n;
  (void)work;
  throw std::logic_error(
      "lab05::start_processes is not written yet (labs/05-start-time/process.cpp)");
}

}  // namespace lab05
