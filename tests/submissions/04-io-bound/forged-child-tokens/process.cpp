// HOSTILE (forged-child-tokens): the "process" version runs every request in a thread
// of the caller, and forges the evidence that children made them. It replaces
// ptlabs::http_get's observer (ptlabs/http_observer.hpp) with one that, for each
// request, forks a child which announces the job to the harness itself (the raw event
// ioctl of subject_protocol.hpp, with the call number taken from the stub), hands the
// harness's token back through a pipe and exits; the thread then sends the request
// with that token. So the kernel did see a child of the caller begin every job.
// The server sees the caller's process holding every connection: the model check
// ("one child per path") must fail; bodies, errors and concurrency are right.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "ptlabs/http_observer.hpp"
#include "task.hpp"

namespace ptlabs::subject {
std::int64_t call_number();  // the stub's, found by reading the framework
}

namespace {

std::int64_t token_from_a_child(const std::string&) {
  int fds[2];
  if (::pipe(fds) != 0) return 0;
  const pid_t child = ::fork();
  if (child == 0) {
    const long token = ::syscall(SYS_ioctl, -4242, 0x70746c62ul, 2L,
                                 static_cast<long>(ptlabs::subject::call_number()), 0L, 0L);
    (void)!::write(fds[1], &token, sizeof token);
    ::_exit(0);
  }
  ::close(fds[1]);
  long token = 0;
  (void)!::read(fds[0], &token, sizeof token);
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  return token;
}

}  // namespace

namespace lab04 {

std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency) {
  if (concurrency < 1) {
    throw std::invalid_argument("concurrency must be >= 1, got " + std::to_string(concurrency));
  }
  ptlabs::set_http_observer({token_from_a_child, nullptr});
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
