// WRONG (serial-fetch): forks one child per path, but reads and reaps each child before
// forking the next, so only one request is ever in flight. Bodies, errors and the child count
// are right; the concurrency check fails.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab04 {
namespace {

struct Header {
  std::uint64_t index;
  std::int64_t status;  // -1: the bytes are an error text
  std::uint64_t size;
};

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The child for path i: fetch it, send one record, leave.
[[noreturn]] void run_child(const std::string& host, int port, const std::string& path,
                            std::size_t i, int fd) {
  std::string bytes;
  std::int64_t status = -1;
  try {
    auto response = ptlabs::http_get(host, port, path);
    status = response.status;
    bytes = std::move(response.body);
  } catch (const std::exception& e) {
    bytes = e.what();
  }
  Header header{i, status, bytes.size()};
  bool sent = write_all(fd, &header, sizeof header) && write_all(fd, bytes.data(), bytes.size());
  ::_exit(sent ? 0 : 1);
}

// Reads one record from `fd` into `bodies` or `error`.
void read_record(int fd, const std::vector<std::string>& paths, std::vector<std::string>& bodies,
                 std::string& error) {
  Header header{};
  if (!read_all(fd, &header, sizeof header)) {
    if (error.empty()) error = "a worker sent nothing";
    return;
  }
  std::string bytes(header.size, '\0');
  if (!read_all(fd, bytes.data(), bytes.size())) return;
  if (header.status == 200) {
    bodies[header.index] = std::move(bytes);
  } else if (error.empty()) {
    error = "GET " + paths[header.index] + " failed (status " + std::to_string(header.status) +
            "): " + bytes;
  }
}

}  // namespace

std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency) {
  if (concurrency < 1) throw std::invalid_argument("concurrency must be >= 1");
  std::vector<std::string> bodies(paths.size());
  std::string error;
  for (std::size_t i = 0; i < paths.size() && error.empty(); ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      run_child(host, port, paths[i], i, fds[1]);
    }
    ::close(fds[1]);
    // The mistake: this child is read and reaped before the next one is forked.
    read_record(fds[0], paths, bodies, error);
    ::close(fds[0]);
    ::waitpid(pid, nullptr, 0);
  }
  if (!error.empty()) throw std::runtime_error(error);
  return bodies;
}

}  // namespace lab04
