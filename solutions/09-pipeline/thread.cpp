// Lab 09 — reference threads-only design: T threads of the calling process, each taking the
// next path from a shared counter, fetching it and scoring it.
//
// The fetches overlap: a thread waiting for the server holds no lock and uses no CPU. The
// scoring does not: score_body() runs Python code, and the one GIL of this process lets one
// thread at a time run it, so the scoring of N items takes about N times the scoring of one,
// however many cores the machine has. Each thread writes only the slots of the paths it took,
// so the results need no lock, and join() makes those writes visible to the caller.
#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab09 {

std::vector<Score> pipeline_threads(const std::string& host, int port,
                                    const std::vector<std::string>& paths, int threads) {
  if (threads < 1) {
    throw std::invalid_argument("threads must be >= 1, got " + std::to_string(threads));
  }
  const std::size_t n = paths.size();
  // One slot per path, written only by the thread that took the path.
  std::vector<std::int64_t> primes(n, 0);
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};  // after a failure no thread takes a further path

  auto work = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
        if (response.status == 200) {
          primes[i] = score_body(response.body);
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
    }
  };

  const std::size_t count = std::min(n, static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  workers.reserve(count);
  std::string start_error;
  for (std::size_t t = 0; t < count; ++t) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error& e) {
      // Join the others before throwing: a joinable std::thread's destructor calls terminate.
      start_error = std::string("a fetching thread could not start: ") + e.what();
      failed.store(true);
      break;
    }
  }
  for (auto& worker : workers) worker.join();
  if (!start_error.empty()) throw std::runtime_error(start_error);

  // The failure first in path order (the other designs report the same one).
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  std::vector<Score> scores;
  scores.reserve(n);
  for (std::size_t i = 0; i < n; ++i) scores.push_back(Score{paths[i], primes[i]});
  return scores;
}

}  // namespace lab09
