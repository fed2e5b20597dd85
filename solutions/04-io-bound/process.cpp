// Lab 04 — reference process version: one child process per path, at most
// `concurrency` of them alive at once.
//
// Each child fetches its one path, writes the result to the parent through its
// own pipe as a record (a fixed header: index, status, size; then `size` bytes,
// the body or the error text) and leaves with _exit(). The parent reads all
// live pipes at once with poll(): a pipe holds only 64 KiB, so a child writing
// a larger body blocks until the parent reads it, and a parent that waited for
// one child while another sat blocked on a full pipe could wait forever. When a
// pipe reaches end of file its child is reaped with waitpid() and the next path
// gets a child of its own. After a failure no new child is started, and every
// running one is still awaited.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab04 {
namespace {

// Status of a record whose bytes are the text of the exception http_get threw.
constexpr std::int64_t kRequestFailed = -1;

// More than any body of these labs (the test server sends at most 64 MiB): a larger size can
// only come from a corrupt stream, and must not become a huge allocation.
constexpr std::uint64_t kMaxRecordBytes = std::uint64_t{1} << 30;

// The fixed part of a record. No padding: three 8-byte fields.
struct RecordHeader {
  std::uint64_t index;  // which path, in [0, N)
  std::int64_t status;  // the HTTP status, or kRequestFailed
  std::uint64_t size;   // bytes that follow: the body, or the error text
};

// Writes all of `size` bytes, retrying after signals and short writes.
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

bool send_record(int fd, std::uint64_t index, std::int64_t status, const std::string& bytes) {
  RecordHeader header{index, status, bytes.size()};
  return write_all(fd, &header, sizeof header) && write_all(fd, bytes.data(), bytes.size());
}

// The child for path `i`: fetches it and sends one record.
[[noreturn]] void run_child(const std::string& host, int port, const std::string& path,
                            std::size_t i, int fd) {
  bool sent;
  try {
    ptlabs::HttpResponse response = ptlabs::http_get(host, port, path);
    sent = send_record(fd, i, response.status, response.body);
  } catch (const std::exception& e) {
    sent = send_record(fd, i, kRequestFailed, e.what());
  } catch (...) {
    sent = send_record(fd, i, kRequestFailed, "unknown exception");
  }
  ::_exit(sent ? 0 : 1);
}

// The parent's view of one child: its pipe and the record it is in the middle of reading.
struct Child {
  std::size_t index = 0;  // the path it fetches
  pid_t pid = -1;
  int fd = -1;  // -1 once the pipe reached end of file
  RecordHeader header{};
  std::size_t header_got = 0;  // bytes of `header` read so far
  bool in_payload = false;     // the header is complete, its `size` bytes are coming
  std::string payload;         // the bytes after the header, read in place
  std::size_t payload_got = 0;
};

// Collects the results: bodies by index, and the failure of the lowest path index (the one
// the caller is told about; lower indices are the ones the caller would have reached first).
class Collector {
 public:
  explicit Collector(const std::vector<std::string>& paths) : paths_(paths), bodies_(paths.size()) {
    received_.assign(paths.size(), false);
  }

  void record(const RecordHeader& header, std::string payload) {
    const std::size_t i = static_cast<std::size_t>(header.index);
    if (header.status == 200) {
      bodies_[i] = std::move(payload);
      received_[i] = true;
    } else if (header.status == kRequestFailed) {
      fail(i, "GET " + paths_[i] + " failed: " + payload);
    } else {
      fail(i, "GET " + paths_[i] + " answered status " + std::to_string(header.status));
    }
  }

  // A failure that belongs to no single path (a child died, a pipe broke): reported after
  // any failure of a path.
  void fail_worker(const std::string& message) {
    if (worker_error_.empty()) worker_error_ = message;
  }

  // Throws the failure to report, if any; else returns the bodies.
  std::vector<std::string> finish() {
    if (!path_error_.empty()) throw std::runtime_error(path_error_);
    if (!worker_error_.empty()) throw std::runtime_error(worker_error_);
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (!received_[i]) throw std::runtime_error("no answer came back for " + paths_[i]);
    }
    return std::move(bodies_);
  }

  std::size_t size() const { return paths_.size(); }
  bool failed() const { return !path_error_.empty() || !worker_error_.empty(); }
  const std::string& path(std::size_t i) const { return paths_[i]; }

 private:
  void fail(std::size_t i, std::string message) {
    if (path_error_.empty() || i < path_error_index_) {
      path_error_index_ = i;
      path_error_ = std::move(message);
    }
  }

  const std::vector<std::string>& paths_;
  std::vector<std::string> bodies_;
  std::vector<bool> received_;
  std::size_t path_error_index_ = 0;
  std::string path_error_;
  std::string worker_error_;
};

// One read() from a ready pipe, at most up to the end of the current header or body, so the
// next header never lands in a body's buffer. Returns false at end of file or on an error.
bool read_some(Child& child, std::size_t k, Collector& out) {
  void* into;
  std::size_t want;
  if (!child.in_payload) {
    into = reinterpret_cast<char*>(&child.header) + child.header_got;
    want = sizeof child.header - child.header_got;
  } else {
    into = child.payload.data() + child.payload_got;
    want = std::min<std::size_t>(child.payload.size() - child.payload_got, 1 << 20);
  }
  ssize_t n = ::read(child.fd, into, want);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) {
    if (n < 0) out.fail_worker("the worker for " + out.path(k) + ": read: " + std::strerror(errno));
    if (child.header_got > 0 || child.in_payload) {
      out.fail_worker("the worker for " + out.path(k) + " stopped in the middle of a record");
    }
    return false;
  }
  const auto got = static_cast<std::size_t>(n);
  if (!child.in_payload) {
    child.header_got += got;
    if (child.header_got < sizeof child.header) return true;
    if (child.header.index >= out.size() || child.header.size > kMaxRecordBytes) {
      out.fail_worker("the worker for " + out.path(k) + " sent a malformed record");
      return false;
    }
    child.in_payload = true;
    child.payload.assign(static_cast<std::size_t>(child.header.size), '\0');
    child.payload_got = 0;
  } else {
    child.payload_got += got;
  }
  if (child.payload_got == child.payload.size()) {  // the record is complete
    out.record(child.header, std::move(child.payload));
    child.payload = std::string();
    child.header_got = 0;
    child.in_payload = false;
  }
  return true;
}

// Reaps one child; returns "" or why it failed.
std::string reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("waitpid: ") + std::strerror(errno);
  }
  if (WIFSIGNALED(status)) return std::string("killed by ") + strsignal(WTERMSIG(status));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return "could not send its results (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return "";
}

// Waits until some live pipe has data, reads it, and removes every child whose pipe
// reached end of file from `live` after reaping it.
void read_live_pipes(std::vector<Child>& live, Collector& out) {
  std::vector<pollfd> fds;
  for (const auto& child : live) fds.push_back(pollfd{child.fd, POLLIN, 0});
  int ready = ::poll(fds.data(), fds.size(), -1);
  if (ready < 0 && errno != EINTR) {
    out.fail_worker(std::string("poll: ") + std::strerror(errno));
    for (auto& child : live) {  // closing our ends lets blocked writers fail and exit
      ::close(child.fd);
      child.fd = -1;
    }
  }
  for (std::size_t j = 0; j < fds.size() && ready > 0; ++j) {
    Child& child = live[j];
    // POLLHUP with data still buffered: read() returns the data first, then 0.
    if (fds[j].revents != 0 && !read_some(child, child.index, out)) {
      ::close(child.fd);
      child.fd = -1;
    }
  }
  for (auto it = live.begin(); it != live.end();) {
    if (it->fd >= 0) {
      ++it;
      continue;
    }
    std::string cause = reap(it->pid);
    if (!cause.empty()) out.fail_worker("the worker for " + out.path(it->index) + " " + cause);
    it = live.erase(it);
  }
}

// Forks the child for path `i`; false (with *err) if it cannot start.
bool start_child(const std::string& host, int port, const std::vector<std::string>& paths,
                 std::size_t i, std::vector<Child>& live, std::string* err) {
  int fds[2];
  // O_CLOEXEC: nothing the caller later exec()s inherits these ends.
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *err = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    *err = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    for (const auto& other : live) ::close(other.fd);  // the other pipes are the parent's
    run_child(host, port, paths[i], i, fds[1]);
  }
  // Close the write end at once: the read end reports end of file only when every write
  // end is closed, and a later child must not inherit this one.
  ::close(fds[1]);
  Child child;
  child.index = i;
  child.pid = pid;
  child.fd = fds[0];
  live.push_back(std::move(child));
  return true;
}

}  // namespace

std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency) {
  if (concurrency < 1) {
    throw std::invalid_argument("concurrency must be >= 1, got " + std::to_string(concurrency));
  }
  Collector out(paths);
  std::vector<Child> live;  // at most `concurrency` children at any moment
  std::size_t next = 0;
  std::string start_error;
  while (true) {
    while (live.size() < static_cast<std::size_t>(concurrency) && next < paths.size() &&
           start_error.empty() && !out.failed()) {
      if (start_child(host, port, paths, next, live, &start_error)) ++next;
    }
    if (live.empty()) break;
    read_live_pipes(live, out);
  }
  if (!start_error.empty()) {
    throw std::runtime_error("the worker for " + paths[next] + " could not start: " + start_error);
  }
  return out.finish();
}

}  // namespace lab04
