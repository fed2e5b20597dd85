// The protocol between a lab's harness (the hidden suite, GoogleTest) and its
// subject (the student's code with the framework's stub), shared by both sides.
// docs/security.md explains why the two are separate processes.
//
// Calls. The harness sends each call as one message on a SOCK_SEQPACKET socket,
// the subject's descriptor kChannelFd: a JSON object {"call": NAME, "args": {...}}.
// The subject answers each call with one message: {"ok": true, "result": ...}
// or {"ok": false, "exception": TYPE, "what": TEXT} when the student's code
// threw. The harness reads answers with SO_PASSCRED, so it knows from the
// kernel which process sent each one and takes answers from the subject's main
// process only.
//
// Events. What the subject's tasks do for a job (begin it, finish it, wait at a
// barrier) they announce with a system call that does nothing on its own:
// ioctl() on the descriptor number kEventFd, which is never open. The harness
// installs a seccomp filter before the subject starts that hands exactly these
// calls to the harness (seccomp user notification), with the id of the calling
// thread as the kernel saw it. So the harness, not the subject, learns which
// task did each job; and the answer to the call (its return value) is the
// harness's: a job's input, or the release of a barrier. Without the harness
// the call fails with EBADF, so a subject cannot make up inputs on its own.
#pragma once

#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace ptlabs::subject_protocol {

// The subject's end of the call socket.
inline constexpr int kChannelFd = 3;
// The largest call or answer message.
inline constexpr std::size_t kMaxMessageBytes = 1 << 20;
// An answer's exception text is cut to this many bytes by the subject's stub.
inline constexpr std::size_t kMaxWhatBytes = 2048;

// The descriptor number of events: never a real descriptor (it is negative).
inline constexpr int kEventFd = -4242;
// The ioctl request number of events ('ptlb').
inline constexpr unsigned long kEventRequest = 0x70746c62ul;

// What an event says. Arguments a, b, c follow the kind.
enum class EventKind : std::int64_t {
  kHello = 1,       // the subject's main() starts: this task is the subject
  kJobBegin = 2,    // a = call number, b = job index; returns the job's input (> 0)
  kJobEnd = 3,      // a = call number, b = job index, c = the job's output
  kArrive = 4,      // a = barrier id, b = job index; returns 1 if every party came in time
  kMark = 5,        // a = call number, b = a lab-defined tag, c = a value; returns 0
  kStrayChild = 6,  // a child process returned into the stub's call loop
  // A unit of measured work done by framework code the student's code calls (lab 03's
  // kernels, labs/common/src/kernel.cpp): the calling task announces it itself, so the
  // harness sees which task did it and how much CPU time that task spent on it.
  kWorkBegin = 7,  // a = the work's first argument, b = its second, c = a lab-defined tag;
                   // returns a nonce (> 0): the caller learns that a harness listens
  kWorkEnd = 8     // a, b as at kWorkBegin, c = the work's result
};

// Sends one event and returns the harness's answer, or -1 (errno EBADF) when no
// harness listens. Async-signal-safe: one system call.
inline std::int64_t send_event(EventKind kind, std::int64_t a = 0, std::int64_t b = 0,
                               std::int64_t c = 0) {
  return ::syscall(SYS_ioctl, kEventFd, kEventRequest, static_cast<std::int64_t>(kind), a, b, c);
}

}  // namespace ptlabs::subject_protocol
