// Wrong: like the reference, but after the stop request it joins the thread
// instead of waiting at most the grace period. A job that does not listen keeps
// the caller waiting until it ends by itself, and is reported as stopped.
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
  worker.request_stop();
  // Wrong: no grace period and no giving up: join the thread, however long the job runs.
  (void)grace_end;
  lock.unlock();
  worker.join();
  return Result{Outcome::kStoppedCooperatively, ptlabs::seconds_since(start_ns)};
}

}  // namespace lab07
