// Lab 07 — reference thread version: a thread is stopped safely only by asking it.
//
// There is no safe way to end one thread of a process from outside: it shares
// the memory, the locks and the open files of every other thread, and ending
// it in the middle of its work would leave them in whatever state it had them.
// So the runner asks (std::jthread's stop_token), waits the grace period, and
// if the job did not listen, gives the thread up with detach() and says so.
// The thread keeps running inside this process until the job ends by itself.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "ptlabs/clock.hpp"
#include "task.hpp"

namespace lab07 {
namespace {

// What the worker and the caller share. It lives on the heap, owned by both through a
// shared_ptr: a worker that was given up outlives the call, and must not write into the
// caller's stack frame after the caller has returned.
struct Done {
  std::mutex mutex;
  std::condition_variable changed;
  bool finished = false;
};

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(s > 0 ? s : 0.0));
}

}  // namespace

Result run_in_thread(const Job& job, double deadline_s, double grace_s) {
  const std::uint64_t start_ns = ptlabs::now_ns();
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + seconds(deadline_s);
  const auto grace_end = deadline + seconds(grace_s);

  auto done = std::make_shared<Done>();
  // The thread gets its own copy of the job: the caller's `job` may be gone before it ends.
  std::jthread worker([job, done](std::stop_token stop) {
    try {
      job(stop);
    } catch (...) {
      // An exception leaving a thread's function would end the whole process.
    }
    std::lock_guard lock(done->mutex);
    done->finished = true;
    done->changed.notify_all();
  });

  std::unique_lock lock(done->mutex);
  if (done->changed.wait_until(lock, deadline, [&] { return done->finished; })) {
    lock.unlock();
    worker.join();
    return Result{Outcome::kFinished, ptlabs::seconds_since(start_ns)};
  }
  worker.request_stop();  // the only thing one thread can do to another: ask
  if (done->changed.wait_until(lock, grace_end, [&] { return done->finished; })) {
    lock.unlock();
    worker.join();
    return Result{Outcome::kStoppedCooperatively, ptlabs::seconds_since(start_ns)};
  }
  lock.unlock();
  // Without detach(), ~jthread() would join: the caller would wait as long as the job runs.
  worker.detach();
  return Result{Outcome::kNotInterruptible, ptlabs::seconds_since(start_ns)};
}

}  // namespace lab07
