// HOSTILE (threads-borrow-tokens): the "thread" version makes every request in a child
// process, and forges the evidence that threads made them. Each worker thread announces
// the job to the harness itself (the raw event ioctl of subject_protocol.hpp, with the
// call number taken from the stub), so the kernel sees a thread of the caller begin it;
// then it forks a child whose ptlabs::http_get observer (ptlabs/http_observer.hpp)
// sends that token with the request, and reads the body back through a pipe.
// The server sees a child process holding every connection: the model check ("no child
// process, all in this process") must fail; bodies, errors and concurrency are right.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "ptlabs/http_observer.hpp"
#include "task.hpp"

namespace ptlabs::subject {
std::int64_t call_number();  // the stub's, found by reading the framework
}

namespace {

thread_local std::int64_t t_borrowed = 0;  // the token the forking thread got
std::int64_t borrowed_token(const std::string&) { return t_borrowed; }

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The worker's "request": status (or -1) and body, fetched by a child.
std::string fetch_in_a_child(const std::string& host, int port, const std::string& path,
                             long* status) {
  t_borrowed = ::syscall(SYS_ioctl, -4242, 0x70746c62ul, 2L,
                         static_cast<long>(ptlabs::subject::call_number()), 0L, 0L);
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe");
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    ptlabs::set_http_observer({borrowed_token, nullptr});
    long code = -1;
    std::string body;
    try {
      auto response = ptlabs::http_get(host, port, path);
      code = response.status;
      body = std::move(response.body);
    } catch (const std::exception& e) {
      body = e.what();
    }
    ::_exit(write_all(fds[1], &code, sizeof code) && write_all(fds[1], body.data(), body.size())
                ? 0
                : 1);
  }
  ::close(fds[1]);
  std::string bytes;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
    bytes.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  *status = -1;
  if (bytes.size() < sizeof(long)) return "the worker died";
  std::memcpy(status, bytes.data(), sizeof(long));
  return bytes.substr(sizeof(long));
}

}  // namespace

namespace lab04 {

std::vector<std::string> fetch_all_in_threads(const std::string& host, int port,
                                              const std::vector<std::string>& paths,
                                              int concurrency) {
  if (concurrency < 1) throw std::invalid_argument("concurrency must be >= 1");
  std::vector<std::string> bodies(paths.size()), errors(paths.size());
  std::counting_semaphore<> free_places(concurrency);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    free_places.acquire();
    threads.emplace_back([&, i] {
      long status = -1;
      std::string body = fetch_in_a_child(host, port, paths[i], &status);
      if (status == 200) {
        bodies[i] = std::move(body);
      } else if (status < 0) {
        errors[i] = "GET " + paths[i] + " failed: " + body;
      } else {
        errors[i] = "GET " + paths[i] + " answered status " + std::to_string(status);
      }
      free_places.release();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  return bodies;
}

}  // namespace lab04
