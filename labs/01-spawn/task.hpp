// Lab 01 — spawn: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace lab01 {

// What one worker reports about itself.
struct Report {
  int index;            // which job this worker ran, in [0, n)
  int pid;              // the process that ran the job (ptlabs::current_pid())
  int tid;              // the thread that ran the job (ptlabs::current_tid())
  std::uint64_t value;  // what job(index) returned
};

// Runs job(i) for every i in [0, n), each in its own child process (resp. thread); all
// workers are started before any is awaited. Returns reports ordered by index. If a job
// throws or a child dies, throws std::runtime_error naming the worker index and the cause,
// after every worker was awaited. n < 0 throws std::invalid_argument.
std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job);
std::vector<Report> run_in_threads(int n, const std::function<std::uint64_t(int)>& job);

}  // namespace lab01
