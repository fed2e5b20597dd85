// Lab 04 — reference thread version: one thread per path, at most `concurrency`
// of them alive at once.
//
// A counting semaphore holds the free places: the caller takes one before it
// starts the thread for the next path, and the thread gives it back when its
// request is done, so at most C requests are in flight and, while paths
// remain, a finished request makes room for the next one at once. A thread
// that waits for the server costs no CPU. Each thread writes only the slot of
// its own path, so the bodies need no lock, and join() makes those writes
// visible to the caller. The body is moved, not copied: the threads share the
// caller's memory, so nothing has to be carried back.
#include <atomic>
#include <exception>
#include <semaphore>
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
  // One slot per path: its body, or why it failed. Slot i is written by the thread for path i
  // and read by the caller only after join().
  std::vector<std::string> bodies(paths.size());
  std::vector<std::string> errors(paths.size());
  std::atomic<bool> failed{false};  // after a failure, no thread for a further path starts
  std::counting_semaphore<> free_places(concurrency);

  auto fetch = [&](std::size_t i) {
    try {
      ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
      if (response.status == 200) {
        bodies[i] = std::move(response.body);
      } else {
        errors[i] = "GET " + paths[i] + " answered status " + std::to_string(response.status);
      }
    } catch (const std::exception& e) {
      errors[i] = "GET " + paths[i] + " failed: " + e.what();
    } catch (...) {
      // An exception escaping a thread's function would call std::terminate.
      errors[i] = "GET " + paths[i] + " failed: unknown exception";
    }
    if (!errors[i].empty()) failed.store(true);
    free_places.release();
  };

  std::vector<std::thread> threads;
  threads.reserve(paths.size());
  std::string start_error;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    free_places.acquire();
    if (failed.load()) break;
    try {
      threads.emplace_back(fetch, i);
    } catch (const std::system_error& e) {
      // Join the others before throwing: a joinable std::thread's destructor calls terminate.
      start_error = "the worker for " + paths[i] + " could not start: " + e.what();
      break;
    }
  }
  for (auto& thread : threads) thread.join();
  if (!start_error.empty()) throw std::runtime_error(start_error);

  // Report the failure first in path order (the process version does the same).
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  return bodies;
}

}  // namespace lab04
