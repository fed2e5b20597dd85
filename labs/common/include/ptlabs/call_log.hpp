// The kernel-call log: who executed each unit of measured work, and when.
//
// The log lives in shared memory set up *before* any worker starts, so every
// process forked afterwards appends to the same log as its parent and its
// threads. That makes it the evidence for the model check (did the process
// version really run its work in child processes, the thread version in
// threads of one process?) and the data for per-worker timelines.
//
// Optionally the memory is backed by a file: another process (the grader's
// performance driver) can then read the log after the workers are gone.
//
// Thread-safety: append() is lock-free and safe from any thread of any process
// sharing the log, including right after fork(). install(), clear() and
// uninstall() must be called while no worker is running.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ptlabs {

// One call of a kernel. Plain data, the same layout in every process.
struct CallRecord {
  std::int32_t pid = 0;      // process that made the call
  std::int32_t tid = 0;      // thread that made the call
  std::uint32_t kernel = 0;  // which kernel (see kernel.hpp); free for other users
  std::uint32_t reserved = 0;
  std::uint64_t start_ns = 0;  // now_ns() when the call began
  std::uint64_t end_ns = 0;    // now_ns() when it returned
  std::int64_t arg0 = 0;       // first argument (for a range: its start)
  std::int64_t arg1 = 0;       // second argument (for a range: its end)
  std::int64_t result = 0;     // what the call returned
};

class CallLog {
 public:
  // Creates the process-wide log with room for `capacity` records and makes it
  // current. With an empty `path` the log is anonymous shared memory; otherwise
  // it is the file at `path` (created or truncated), readable by read_file().
  // Replaces a log installed earlier. Returns false and sets *err on failure.
  static bool install(std::size_t capacity, const std::string& path, std::string* err);

  // Installs a file-backed log at the path named by the environment variable
  // PTLABS_CALL_LOG, if it is set and no log is installed yet. Returns false
  // and sets *err only if the variable is set and the log cannot be made.
  static bool install_from_environment(std::string* err);

  // Returns true iff a log is installed in this process.
  static bool installed();

  // Appends one record. A no-op when no log is installed; when the log is full
  // the record is dropped and counted (see dropped()).
  static void append(const CallRecord& record);

  // Returns the complete records in the order their slots were taken.
  static std::vector<CallRecord> records();

  // Returns how many records did not fit.
  static std::uint64_t dropped();

  // Forgets every record (keeps the memory). Only while no worker runs.
  static void clear();

  // Unmaps the log (the file, if any, stays). Only while no worker runs.
  static void uninstall();

  // Reads a file-backed log written by another process.
  static bool read_file(const std::string& path, std::vector<CallRecord>* out,
                        std::uint64_t* dropped, std::string* err);
};

}  // namespace ptlabs
