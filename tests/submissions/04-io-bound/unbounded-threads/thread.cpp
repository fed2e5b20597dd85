// WRONG (unbounded-threads): starts one thread per path and ignores `concurrency`, so the
// server sees up to N requests in flight. Bodies and errors are right; the concurrency check
// (at most C in flight) fails.
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
  std::vector<std::string> bodies(paths.size());
  std::vector<std::string> errors(paths.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < paths.size(); ++i) {  // the mistake: one thread per path
    threads.emplace_back([&, i] {
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
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  return bodies;
}

}  // namespace lab04
