// Test support for hidden and public suites: memory shared with forked children,
// and a barrier with a deadline that works across processes and threads.
//
// Everything here is header-only so a suite needs nothing but this include.
#pragma once

#include <sys/mman.h>
#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"

namespace ptlabs::testing {

// One object of type T in anonymous shared memory: a child forked after the
// constructor sees the same object as its parent. T must be trivially
// destructible and usable across processes (plain data, lock-free atomics).
template <typename T>
class Shared {
 public:
  template <typename... Args>
  explicit Shared(Args&&... args) {
    void* memory =
        ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::runtime_error("mmap of shared test memory failed");
    object_ = new (memory) T(std::forward<Args>(args)...);
  }
  ~Shared() { ::munmap(object_, sizeof(T)); }
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  T* operator->() const { return object_; }
  T& operator*() const { return *object_; }

 private:
  T* object_ = nullptr;
};

// A barrier for `parties` workers that gives up at a deadline instead of
// hanging: arrive_and_wait() returns true iff every party arrived in time.
// Once the deadline has passed, late arrivals return false at once, so a
// serial submission costs one timeout in total, not one per worker.
class DeadlineBarrier {
 public:
  DeadlineBarrier(int parties, double timeout_s)
      : parties_(parties), deadline_ns_(now_ns() + static_cast<std::uint64_t>(timeout_s * 1e9)) {}

  bool arrive_and_wait() {
    int here = arrived_.fetch_add(1) + 1;
    int peak = peak_waiting_.load();
    while (here > peak && !peak_waiting_.compare_exchange_weak(peak, here)) {
    }
    while (arrived_.load() < parties_) {
      if (now_ns() > deadline_ns_) return false;
      sleep_ns(200'000);
    }
    return true;
  }

  int arrived() const { return arrived_.load(); }
  // The largest number of workers that had arrived while one of them was waiting.
  int peak() const { return peak_waiting_.load(); }

 private:
  const int parties_;
  const std::uint64_t deadline_ns_;
  std::atomic<int> arrived_{0};
  std::atomic<int> peak_waiting_{0};
};

// Returns true iff the calling process has no child left, running or zombie.
inline bool has_no_children() {
  int status = 0;
  pid_t pid = ::waitpid(-1, &status, WNOHANG);
  return pid == -1 && errno == ECHILD;
}

// Reaps whatever children are left so one failing test does not poison the next.
inline void reap_all_children() {
  int status = 0;
  while (::waitpid(-1, &status, WNOHANG) > 0) {
  }
}

}  // namespace ptlabs::testing
