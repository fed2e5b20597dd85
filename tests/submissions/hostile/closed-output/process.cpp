// Hostile: closes its stdout and stderr (the grader's capture pipe) and then runs the
// reference algorithm unchanged. The grader must neither mistake the closed pipe for the
// end of the run nor lose the verdict, which travels in the GoogleTest results file.
// Expected: every check passes, exactly as for the reference (the one case that scores
// full marks), and nothing survives.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {
namespace {

// What a child sends back: a fixed header, then `text_size` bytes of error text.
struct Message {
  bool ok;
  Report report;
  std::size_t text_size;
};

struct Child {
  pid_t pid = -1;
  int read_fd = -1;
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

// Reads exactly `size` bytes; false on end of file or error.
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

[[noreturn]] void run_child(int index, const std::function<std::uint64_t(int)>& job, int fd) {
  Message message{true, Report{index, ptlabs::current_pid(), ptlabs::current_tid(), 0}, 0};
  std::string error;
  try {
    message.report.value = job(index);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  if (!error.empty()) {
    message.ok = false;
    message.text_size = error.size();
  }
  bool sent = write_all(fd, &message, sizeof message) && write_all(fd, error.data(), error.size());
  ::_exit(sent ? 0 : 1);
}

// Reads the child's message and reaps it. Returns an empty string on success,
// else the cause of failure.
std::string await_child(const Child& child, Report* report) {
  Message message{};
  std::string text;
  bool got = read_all(child.read_fd, &message, sizeof message);
  if (got && message.text_size > 0) {
    text.resize(message.text_size);
    got = read_all(child.read_fd, text.data(), text.size());
  }
  ::close(child.read_fd);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (!got)
    return "exited with status " + std::to_string(WEXITSTATUS(status)) + " without a report";
  if (!message.ok) return "job threw: " + text;
  *report = message.report;
  return "";
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  ::close(STDOUT_FILENO);
  ::close(STDERR_FILENO);
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  std::vector<Child> children;
  children.reserve(static_cast<std::size_t>(n));
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error = std::string("pipe failed: ") + std::strerror(errno);
      break;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
      start_error = std::string("fork failed: ") + std::strerror(errno);
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      run_child(i, job, fds[1]);
    }
    ::close(fds[1]);
    children.push_back(Child{pid, fds[0]});
  }

  // Await every child that was started, even after a failure, so none is left a zombie.
  std::vector<Report> reports(children.size());
  std::string first_error;
  for (std::size_t i = 0; i < children.size(); ++i) {
    std::string cause = await_child(children[i], &reports[i]);
    if (!cause.empty() && first_error.empty()) {
      first_error = "worker " + std::to_string(i) + " failed: " + cause;
    }
  }
  if (!start_error.empty()) {
    throw std::runtime_error("worker " + std::to_string(children.size()) +
                             " could not start: " + start_error);
  }
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return reports;
}

}  // namespace lab01
