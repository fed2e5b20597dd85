// Lab 01 — reference thread version: one thread per job, all in this process.
//
// Each thread writes only its own slot of `reports` and `errors`, so no lock is
// needed; join() makes those writes visible to the caller.
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_threads(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  const auto count = static_cast<std::size_t>(n);
  std::vector<Report> reports(count);
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  threads.reserve(count);
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    auto& report = reports[static_cast<std::size_t>(i)];
    auto& error = errors[static_cast<std::size_t>(i)];
    try {
      threads.emplace_back([i, &job, &report, &error] {
        try {
          report = Report{i, ptlabs::current_pid(), ptlabs::current_tid(), job(i)};
        } catch (...) {
          error = std::current_exception();
        }
      });
    } catch (const std::system_error& e) {
      start_error = "worker " + std::to_string(i) + " could not start: " + e.what();
      break;
    }
  }
  for (auto& thread : threads) thread.join();
  if (!start_error.empty()) throw std::runtime_error(start_error);

  for (std::size_t i = 0; i < count; ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception& e) {
      throw std::runtime_error("worker " + std::to_string(i) + " failed: job threw: " + e.what());
    } catch (...) {
      throw std::runtime_error("worker " + std::to_string(i) + " failed: unknown exception");
    }
  }
  return reports;
}

}  // namespace lab01
