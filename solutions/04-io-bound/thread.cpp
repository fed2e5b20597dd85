// Lab 04 — reference thread version: `concurrency` threads of this process fetch the paths.
//
// min(C, N) threads each take the next path index from one shared atomic
// counter, so at most C requests are in flight and, while paths remain, every
// thread has one: a thread that waits for the server costs no CPU, and the
// next path goes to whichever thread is free first. Each thread writes only
// the slots of the indices it took, so the bodies need no lock, and join()
// makes those writes visible to the caller. The body is moved, not copied:
// the threads share the caller's memory, so nothing has to be carried back.
#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab04 {

std::vector<std::string> fetch_all_in_threads(const std::string& host, int port,
                                              const std::vector<std::string>& paths,
                                              int concurrency) {
  if (concurrency < 1) {
    throw std::invalid_argument("concurrency must be >= 1, got " + std::to_string(concurrency));
  }
  if (paths.empty()) return {};
  const std::size_t workers = std::min(static_cast<std::size_t>(concurrency), paths.size());

  // One slot per path: its body, or why it failed. Slot i is written by the one thread that
  // took index i, and read by the caller only after join().
  std::vector<std::string> bodies(paths.size());
  std::vector<std::string> errors(paths.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};  // after a failure, no thread starts another request

  auto worker = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= paths.size()) return;
      try {
        ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
        if (response.status == 200) {
          bodies[i] = std::move(response.body);
          continue;
        }
        errors[i] = "GET " + paths[i] + " answered status " + std::to_string(response.status);
      } catch (const std::exception& e) {
        errors[i] = "GET " + paths[i] + " failed: " + e.what();
      } catch (...) {
        // An exception escaping a thread's function would call std::terminate.
        errors[i] = "GET " + paths[i] + " failed: unknown exception";
      }
      failed.store(true);
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(workers);
  try {
    for (std::size_t k = 0; k < workers; ++k) threads.emplace_back(worker);
  } catch (const std::system_error& e) {
    // Could not start a thread: stop the others early and join them before throwing, or the
    // destructor of a joinable std::thread would call std::terminate.
    failed.store(true);
    for (auto& thread : threads) thread.join();
    throw std::runtime_error("worker " + std::to_string(threads.size()) +
                             " could not start: " + e.what());
  }
  for (auto& thread : threads) thread.join();

  // Report the failure first in path order (the process version does the same).
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  return bodies;
}

}  // namespace lab04
