// WRONG (error-swallowed): a path answered with an error status gets an empty body instead of
// an exception, so the caller never learns that /error/500 failed. Everything else is right;
// the errors check fails.
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab04 {

std::vector<std::string> fetch_all_in_threads(const std::string& host, int port,
                                              const std::vector<std::string>& paths,
                                              int concurrency) {
  if (concurrency < 1) throw std::invalid_argument("concurrency must be >= 1");
  if (paths.empty()) return {};
  const std::size_t workers = std::min(static_cast<std::size_t>(concurrency), paths.size());
  std::vector<std::string> bodies(paths.size());
  std::vector<std::string> errors(paths.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < workers; ++k) {
    threads.emplace_back([&] {
      for (std::size_t i = next.fetch_add(1); i < paths.size(); i = next.fetch_add(1)) {
        try {
          auto response = ptlabs::http_get(host, port, paths[i]);
          // The mistake: the status is never looked at.
          bodies[i] = response.status == 200 ? std::move(response.body) : std::string();
        } catch (const std::exception& e) {
          errors[i] = "GET " + paths[i] + " failed: " + e.what();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  return bodies;
}

}  // namespace lab04
