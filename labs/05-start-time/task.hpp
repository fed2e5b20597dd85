// Lab 05 — start-time: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace lab05 {

// What one worker reports about its own start.
struct Start {
  int index;                 // which worker, in [0, n)
  int pid;                   // the process the worker runs in (ptlabs::current_pid())
  int tid;                   // the thread the worker runs on (ptlabs::current_tid())
  std::uint64_t started_ns;  // ptlabs::now_ns(), taken by the worker as its very first action
};

// The result of one call: when the call began, and every worker's report.
struct Starts {
  std::uint64_t call_ns;       // ptlabs::now_ns() at the entry of the call
  std::vector<Start> workers;  // one per worker, ordered by index
};

// Starts n workers, each in its own child process (resp. its own thread of the calling
// process), all of them started before any is awaited. Worker i first takes
// started_ns = ptlabs::now_ns(), then its pid and tid, then calls work(i) once, and its Start
// reaches the caller (a child sends it, e.g. through a pipe). The call returns after every
// worker has finished and was awaited (waitpid() resp. join()): no child and no thread is
// left behind. The start latency of worker i is workers[i].started_ns - call_ns.
//
// n == 0 gives no worker; n < 0 throws std::invalid_argument before anything starts. If a
// worker cannot start or fails (work throws, a child dies or sends no report), the call still
// awaits every worker, then throws std::runtime_error naming the worker's index.
Starts start_processes(int n, const std::function<void(int)>& work);
Starts start_threads(int n, const std::function<void(int)>& work);

}  // namespace lab05
