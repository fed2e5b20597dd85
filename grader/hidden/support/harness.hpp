// The harness's side of a lab's subject (subject_protocol.hpp): starts the
// subject, the program built from the student's files, as the grader said;
// sends it calls; and watches, through seccomp user notification, which task
// of the subject did each job. The hidden tests assert on what the subject
// answered and on what the kernel showed; nothing the subject computes about
// itself is taken as evidence.
//
// One Subject per test: harness_main.cpp stops it when the test ends, so no
// state, child or thread of one test reaches the next.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/subject_protocol.hpp"

namespace ptlabs::harness {

using Json = nlohmann::json;
using subject_protocol::EventKind;

// One event, as the kernel showed it to the harness.
struct Event {
  EventKind kind{};
  std::int64_t a = 0, b = 0, c = 0;  // the event's arguments (subject_protocol.hpp)
  std::int64_t answer = 0;           // what the harness answered
  pid_t tid = 0;                     // the calling thread, in the harness's PID namespace
  pid_t tgid = 0;                    // its process
  pid_t ppid = 0;                    // that process's parent
  pid_t ns_tid = 0;                  // the thread and process ids as the subject sees them
  pid_t ns_tgid = 0;                 //   (its own PID namespace)
  std::uint64_t at_ns = 0;           // when the harness received it (CLOCK_MONOTONIC)
  std::uint64_t cpu_ns = 0;          // the calling thread's CPU time so far, read from
                                     //   /proc while it was stopped in the event (the
                                     //   kernel's sum_exec_runtime; 0 if unreadable)
};

// A call's answer.
struct Reply {
  bool answered = false;  // the subject's main process answered
  bool ok = false;        // ... and the call returned (no exception)
  Json result;            // when ok
  std::string exception;  // when the student's code threw: "runtime_error", ...
  std::string what;       // its text (cut by the stub)
  std::string failure;    // when not answered: what happened instead, for a person
  std::uint64_t sent_ns = 0, answered_ns = 0;
};

// A child of the subject's main process, from /proc.
struct Child {
  pid_t pid = 0;
  char state = '?';  // R, S, D, Z (zombie), ...
};

// What a process forked by the harness needs to join the subject's network namespace
// (Subject::network_entry, enter_network): taken before the fork, so the child needs no
// lock of the harness.
struct NetworkEntry {
  pid_t subject = 0;              // the subject's main process (harness PID namespace)
  int harness_fds[2] = {-1, -1};  // the harness's ends of the subject's channels
};

// In a single-threaded process forked by the harness (a server the harness runs for a
// lab, such as lab 04's HTTP server): closes the harness's ends of the subject's
// channels and joins the subject's network namespace, so a server bound to 127.0.0.1
// there is reachable from the subject (bubblewrap gives it a loopback of its own). As
// root setns(CLONE_NEWNET) suffices; without that privilege the process first joins the
// user namespace that owns that network (NS_GET_USERNS). A subject sharing the
// harness's namespace (no sandbox) is left as it is. What such a server observes is the
// harness's evidence: the subject cannot write into it. Returns false (with errno) if it
// cannot join.
bool enter_network(const NetworkEntry& entry);

class Subject {
 public:
  // The current test's subject, started on first use.
  static Subject& current();
  // Stops the current test's subject, if any (harness_main.cpp, at each test's end).
  static void stop_current();
  // The command that starts a subject (harness_main.cpp sets it from argv).
  static void set_command(std::vector<std::string> argv, bool wrapped);

  ~Subject();
  Subject(const Subject&) = delete;
  Subject& operator=(const Subject&) = delete;

  // Sends a call and waits for its answer. The call number the subject gives
  // its events is call_number() right after.
  Reply call(const std::string& name, const Json& args);
  std::int64_t call_number() const { return calls_sent_; }

  // Makes barrier `id` wait for `parties` arrivals, at most `timeout_s` seconds
  // from the first one; kArrive events then block until it opens.
  void set_barrier(std::int64_t id, int parties, double timeout_s);
  // The most arrivals barrier `id` held at once.
  int barrier_peak(std::int64_t id) const;

  // Every event so far, or those of one call (a == call number).
  std::vector<Event> events() const;
  std::vector<Event> events_of_call(std::int64_t call, EventKind kind) const;
  // Waits up to `timeout_s` for `count` events of `kind` of call `call`.
  bool wait_events(std::int64_t call, EventKind kind, std::size_t count, double timeout_s) const;

  // For servers that must run in the subject's network namespace (enter_network).
  NetworkEntry network_entry() const;

  // The subject's main process (from its hello): harness PID namespace, and its own.
  pid_t pid() const;
  pid_t ns_pid() const;
  // The children of the subject's main process now (all its threads' children).
  std::vector<Child> children() const;
  // What ended the subject, if it ended ("" while it runs).
  std::string ended() const;

 private:
  Subject();
  struct State;
  // Fails the running test once per process that returned into the stub's loop.
  void check_strays();
  std::unique_ptr<State> state_;
  std::int64_t calls_sent_ = 0;
  pid_t reported_stray_ = 0;
};

// "a call to NAME did not return: ..." or the exception: for failure messages.
std::string describe(const Reply& reply);

}  // namespace ptlabs::harness
