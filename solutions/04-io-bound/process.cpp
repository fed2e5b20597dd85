// Lab 04 — reference process version: `concurrency` child processes fetch the paths.
//
// min(C, N) children are forked before any is awaited. Child k fetches paths
// k, k + C, k + 2C, ... one after another and streams each result to the
// parent through its own pipe as a record: a fixed header (index, status,
// size) followed by `size` bytes, the body or the error text. The parent
// reads all pipes at once with poll(): a pipe holds only 64 KiB, so a child
// writing a larger body blocks until the parent reads it, and a parent that
// waited for one child (or read one pipe to the end) while another child sat
// blocked on a full pipe could wait forever. Every child leaves with _exit()
// and is reaped with waitpid(), also when a request failed.
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
  std::uint64_t index;   // which path, in [0, N)
  std::int64_t status;   // the HTTP status, or kRequestFailed
  std::uint64_t size;    // bytes that follow: the body, or the error text
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

// Child `k` of `workers`: fetches its share of the paths in order and stops at the first
// failure (the parent throws anyway, so the rest would be wasted requests).
[[noreturn]] void run_child(const std::string& host, int port,
                            const std::vector<std::string>& paths, std::size_t k,
                            std::size_t workers, int fd) {
  bool sent = true;
  for (std::size_t i = k; i < paths.size() && sent; i += workers) {
    try {
      ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
      sent = send_record(fd, i, response.status, response.body);
      if (response.status != 200) break;
    } catch (const std::exception& e) {
      sent = send_record(fd, i, kRequestFailed, e.what());
      break;
    } catch (...) {
      sent = send_record(fd, i, kRequestFailed, "unknown exception");
      break;
    }
  }
  ::_exit(sent ? 0 : 1);
}

// The parent's view of one child: its pipe and the record it is in the middle of reading.
struct Child {
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
    if (n < 0) out.fail_worker("worker " + std::to_string(k) + ": read: " + std::strerror(errno));
    if (child.header_got > 0 || child.in_payload) {
      out.fail_worker("worker " + std::to_string(k) + " stopped in the middle of a record");
    }
    return false;
  }
  const auto got = static_cast<std::size_t>(n);
  if (!child.in_payload) {
    child.header_got += got;
    if (child.header_got < sizeof child.header) return true;
    if (child.header.index >= out.size() || child.header.size > kMaxRecordBytes) {
      out.fail_worker("worker " + std::to_string(k) + " sent a malformed record");
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

// Reads every child's pipe until all reach end of file, whichever has data first.
void read_all_pipes(std::vector<Child>& children, Collector& out) {
  std::vector<pollfd> fds;
  std::vector<std::size_t> owner;
  while (true) {
    fds.clear();
    owner.clear();
    for (std::size_t k = 0; k < children.size(); ++k) {
      if (children[k].fd < 0) continue;
      fds.push_back(pollfd{children[k].fd, POLLIN, 0});
      owner.push_back(k);
    }
    if (fds.empty()) return;
    int ready = ::poll(fds.data(), fds.size(), -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      out.fail_worker(std::string("poll: ") + std::strerror(errno));
      for (auto& child : children) {  // closing our ends lets blocked writers fail and exit
        if (child.fd >= 0) ::close(child.fd);
        child.fd = -1;
      }
      return;
    }
    for (std::size_t j = 0; j < fds.size(); ++j) {
      if (fds[j].revents == 0) continue;
      Child& child = children[owner[j]];
      // POLLHUP with data still buffered: read() returns the data first, then 0.
      if (!read_some(child, owner[j], out)) {
        ::close(child.fd);
        child.fd = -1;
      }
    }
  }
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

}  // namespace

std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency) {
  if (concurrency < 1) {
    throw std::invalid_argument("concurrency must be >= 1, got " + std::to_string(concurrency));
  }
  if (paths.empty()) return {};
  const std::size_t workers = std::min(static_cast<std::size_t>(concurrency), paths.size());

  std::vector<Child> children;
  children.reserve(workers);
  std::string start_error;
  for (std::size_t k = 0; k < workers; ++k) {
    int fds[2];
    // O_CLOEXEC: nothing the caller later exec()s inherits these ends.
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error = std::string("pipe: ") + std::strerror(errno);
      break;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
      start_error = std::string("fork: ") + std::strerror(errno);
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      // The read ends of the earlier children's pipes are the parent's business.
      for (const auto& earlier : children) ::close(earlier.fd);
      run_child(host, port, paths, k, workers, fds[1]);
    }
    // Close the write end at once: the read end reports end of file only when every write
    // end is closed, and a later child must not inherit this one.
    ::close(fds[1]);
    Child child;
    child.pid = pid;
    child.fd = fds[0];
    children.push_back(std::move(child));
  }

  Collector out(paths);
  read_all_pipes(children, out);
  // Every child has closed its pipe, so each one has finished or is about to: reap them all.
  for (std::size_t k = 0; k < children.size(); ++k) {
    std::string cause = reap(children[k].pid);
    if (!cause.empty()) out.fail_worker("worker " + std::to_string(k) + " " + cause);
  }
  if (!start_error.empty()) {
    throw std::runtime_error("worker " + std::to_string(children.size()) +
                             " could not start: " + start_error);
  }
  return out.finish();
}

}  // namespace lab04
