// WRONG (threads-as-processes): the "process" version runs threads, not child processes.
// Bodies, errors and concurrency are right; the model check (one child per path) fails.
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab04 {

std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency) {
  if (concurrency < 1) throw std::invalid_argument("concurrency must be >= 1");
  if (paths.empty()) return {};
  const std::size_t workers = std::min(static_cast<std::size_t>(concurrency), paths.size());
  std::vector<std::string> bodies(paths.size());
  std::vector<std::string> errors(paths.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;  // the mistake: threads where child processes were asked for
  for (std::size_t k = 0; k < workers; ++k) {
    threads.emplace_back([&] {
      for (std::size_t i = next.fetch_add(1); i < paths.size(); i = next.fetch_add(1)) {
        try {
          auto response = ptlabs::http_get(host, port, paths[i]);
          if (response.status == 200) {
            bodies[i] = std::move(response.body);
          } else {
            errors[i] = "GET " + paths[i] + " answered status " + std::to_string(response.status);
          }
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
