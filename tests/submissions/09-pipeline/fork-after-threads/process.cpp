// WRONG SUBMISSION (tests/submissions/09-pipeline/README.md): the reference, except that the
// hybrid starts its fetching threads first and forks the scoring pool afterwards, while those
// threads are running. The scores come out right; the fork order is wrong.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab09 {
namespace {

// Status of a result record whose text is the exception a child caught.
constexpr std::int64_t kFailed = -1;

// More than any body or error text of this lab: a larger size means a corrupt stream.
constexpr std::uint64_t kMaxRecordBytes = std::uint64_t{1} << 30;

// A result, child to parent: a fixed header, then `size` bytes of error text (0 on success).
// Four 8-byte fields, no padding.
struct ResultHeader {
  std::uint64_t index;  // which path
  std::int64_t status;  // the HTTP status, or kFailed
  std::int64_t primes;  // the score, when status == 200
  std::uint64_t size;   // bytes of error text that follow
};

// A task, parent to scorer (hybrid): a fixed header, then the body's `size` bytes.
struct TaskHeader {
  std::uint64_t index;
  std::uint64_t size;
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

// Reads exactly `size` bytes. Returns `size`, 0 at end of file before the first byte, or
// anything else when the stream broke off.
std::size_t read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  std::size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, p + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

bool send_result(int fd, std::size_t index, std::int64_t status, std::int64_t primes,
                 const std::string& text) {
  ResultHeader header{index, status, primes, text.size()};
  return write_all(fd, &header, sizeof header) && write_all(fd, text.data(), text.size());
}

// Reaps one child; returns "" or why it failed.
std::string reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("waitpid: ") + std::strerror(errno);
  }
  if (WIFSIGNALED(status)) return std::string("was killed by ") + strsignal(WTERMSIG(status));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return "failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return "";
}

// The caller's collection of results, by path index, and the failure to report: the one of
// the lowest path index first, then one that belongs to no path (a worker died, a pipe broke).
class Results {
 public:
  explicit Results(const std::vector<std::string>& paths)
      : paths_(paths), primes_(paths.size(), 0), received_(paths.size(), false) {}

  void record(const ResultHeader& header, const std::string& text) {
    const auto i = static_cast<std::size_t>(header.index);
    if (header.status == 200) {
      primes_[i] = header.primes;
      received_[i] = true;
    } else if (header.status == kFailed) {
      fail_path(i, "GET " + paths_[i] + " failed: " + text);
    } else {
      fail_path(i, "GET " + paths_[i] + " answered status " + std::to_string(header.status));
    }
  }

  void fail_path(std::size_t i, std::string message) {
    if (path_error_.empty() || i < path_error_index_) {
      path_error_index_ = i;
      path_error_ = std::move(message);
    }
  }

  void fail_worker(const std::string& message) {
    if (worker_error_.empty()) worker_error_ = message;
  }

  std::size_t size() const { return paths_.size(); }

  // Throws the failure to report, if any; else returns the scores in path order.
  std::vector<Score> finish() const {
    if (!path_error_.empty()) throw std::runtime_error(path_error_);
    if (!worker_error_.empty()) throw std::runtime_error(worker_error_);
    std::vector<Score> scores;
    scores.reserve(paths_.size());
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (!received_[i]) throw std::runtime_error("no score came back for " + paths_[i]);
      scores.push_back(Score{paths_[i], primes_[i]});
    }
    return scores;
  }

 private:
  const std::vector<std::string>& paths_;
  std::vector<std::int64_t> primes_;
  std::vector<bool> received_;
  std::size_t path_error_index_ = 0;
  std::string path_error_;
  std::string worker_error_;
};

// The parent's view of one child: its result pipe and the record it is in the middle of.
struct Worker {
  int number = 0;
  pid_t pid = -1;
  int fd = -1;  // the result pipe's read end; -1 once it reached end of file
  ResultHeader header{};
  std::size_t header_got = 0;
  bool in_text = false;
  std::string text;
  std::size_t text_got = 0;
};

// One read() from a ready result pipe, never past the end of the current header or text.
// Returns false at end of file or on an error.
bool read_some(Worker& worker, Results& out) {
  const std::string who = "worker process " + std::to_string(worker.number);
  void* into = nullptr;
  std::size_t want = 0;
  if (!worker.in_text) {
    into = reinterpret_cast<char*>(&worker.header) + worker.header_got;
    want = sizeof worker.header - worker.header_got;
  } else {
    into = worker.text.data() + worker.text_got;
    want = worker.text.size() - worker.text_got;
  }
  ssize_t n = ::read(worker.fd, into, want);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) {
    if (n < 0) out.fail_worker(who + ": read: " + std::strerror(errno));
    if (worker.header_got > 0) out.fail_worker(who + " stopped in the middle of a record");
    return false;
  }
  if (!worker.in_text) {
    worker.header_got += static_cast<std::size_t>(n);
    if (worker.header_got < sizeof worker.header) return true;
    if (worker.header.index >= out.size() || worker.header.size > kMaxRecordBytes) {
      out.fail_worker(who + " sent a malformed record");
      return false;
    }
    worker.in_text = true;
    worker.text.assign(static_cast<std::size_t>(worker.header.size), '\0');
    worker.text_got = 0;
  } else {
    worker.text_got += static_cast<std::size_t>(n);
  }
  if (worker.text_got == worker.text.size()) {  // the record is complete
    out.record(worker.header, worker.text);
    worker.header_got = 0;
    worker.in_text = false;
    worker.text.clear();
  }
  return true;
}

// Reads every worker's result pipe at once with poll() until each reached end of file, and
// reaps each worker as its pipe ends. Every worker is reaped when it returns.
void collect(std::vector<Worker>& workers, Results& out) {
  std::vector<Worker*> live;
  for (auto& worker : workers) live.push_back(&worker);
  while (!live.empty()) {
    std::vector<pollfd> fds;
    for (const Worker* worker : live) fds.push_back(pollfd{worker->fd, POLLIN, 0});
    int ready = ::poll(fds.data(), fds.size(), -1);
    if (ready < 0 && errno != EINTR) {
      out.fail_worker(std::string("poll: ") + std::strerror(errno));
      for (Worker* worker : live) {  // closing our ends makes blocked writers fail and exit
        ::close(worker->fd);
        worker->fd = -1;
      }
    }
    for (std::size_t j = 0; j < fds.size() && ready > 0; ++j) {
      // POLLHUP with data still buffered: read() returns the data first, then 0.
      if (fds[j].revents != 0 && !read_some(*live[j], out)) {
        ::close(live[j]->fd);
        live[j]->fd = -1;
      }
    }
    for (auto it = live.begin(); it != live.end();) {
      if ((*it)->fd >= 0) {
        ++it;
        continue;
      }
      const std::string cause = reap((*it)->pid);
      if (!cause.empty())
        out.fail_worker("worker process " + std::to_string((*it)->number) + " " + cause);
      it = live.erase(it);
    }
  }
}

// ------------------------------------------------------------------- processes only

// Child w of `count`: fetches and scores the paths w, w + count, ... one at a time, and sends
// one record for each. After a failure (its record names the path) it takes no further path.
[[noreturn]] void fetch_and_score(const std::string& host, int port,
                                  const std::vector<std::string>& paths, std::size_t w,
                                  std::size_t count, int fd) {
  bool sent = true;
  for (std::size_t i = w; i < paths.size(); i += count) {
    std::int64_t status = kFailed;
    std::int64_t primes = 0;
    std::string text;
    try {
      ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
      if (response.status == 200) primes = score_body(response.body);
      status = response.status;
    } catch (const std::exception& e) {
      text = e.what();
    } catch (...) {
      text = "unknown exception";
    }
    sent = send_result(fd, i, status, primes, text);
    if (!sent || status != 200) break;
  }
  ::_exit(sent ? 0 : 1);
}

// ------------------------------------------------------------------------- the hybrid

// A scorer of the pool: reads tasks until end of file, scores each body, sends its result.
[[noreturn]] void score_tasks(int task_fd, int result_fd) {
  bool ok = true;
  try {
    std::string body;
    for (;;) {
      TaskHeader header{};
      const std::size_t got = read_all(task_fd, &header, sizeof header);
      if (got == 0) break;  // end of file: the fetchers are done, no task will come
      if (got != sizeof header || header.size > kMaxRecordBytes) {
        ok = false;
        break;
      }
      body.resize(static_cast<std::size_t>(header.size));
      if (read_all(task_fd, body.data(), body.size()) != body.size() ||
          !send_result(result_fd, static_cast<std::size_t>(header.index), 200, score_body(body),
                       "")) {
        ok = false;
        break;
      }
    }
  } catch (...) {
    ok = false;
  }
  ::_exit(ok ? 0 : 1);
}

// Forks `count` scorers, each with a task pipe (parent writes) and a result pipe (parent
// reads). Called while the caller has no other thread. Returns "" or why one could not start;
// the ones started by then are in `workers` and `task_fds`.
std::string start_pool(std::size_t count, std::vector<Worker>& workers,
                       std::vector<int>& task_fds) {
  for (std::size_t w = 0; w < count; ++w) {
    int task[2];
    int result[2];
    // O_CLOEXEC: nothing the caller later exec()s inherits these ends.
    if (::pipe2(task, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
    if (::pipe2(result, O_CLOEXEC) != 0) {
      const std::string error = std::string("pipe: ") + std::strerror(errno);
      ::close(task[0]);
      ::close(task[1]);
      return error;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      const std::string error = std::string("fork: ") + std::strerror(errno);
      for (int fd : {task[0], task[1], result[0], result[1]}) ::close(fd);
      return error;
    }
    if (pid == 0) {
      ::close(task[1]);
      ::close(result[0]);
      // The parent's ends of the earlier scorers' pipes came along with the fork. A task pipe's
      // write end left open here would keep that scorer from ever reading end of file.
      for (int fd : task_fds) ::close(fd);
      for (const auto& other : workers) ::close(other.fd);
      score_tasks(task[0], result[1]);
    }
    ::close(task[0]);
    ::close(result[1]);
    task_fds.push_back(task[1]);
    Worker worker;
    worker.number = static_cast<int>(w);
    worker.pid = pid;
    worker.fd = result[0];
    workers.push_back(std::move(worker));
  }
  return "";
}

}  // namespace

std::vector<Score> pipeline_processes(const std::string& host, int port,
                                      const std::vector<std::string>& paths, int processes) {
  if (processes < 1) {
    throw std::invalid_argument("processes must be >= 1, got " + std::to_string(processes));
  }
  Results out(paths);
  const std::size_t count = std::min(paths.size(), static_cast<std::size_t>(processes));
  std::vector<Worker> workers;
  workers.reserve(count);
  std::string start_error;
  for (std::size_t w = 0; w < count; ++w) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error = std::string("pipe: ") + std::strerror(errno);
      break;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      start_error = std::string("fork: ") + std::strerror(errno);
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (const auto& other : workers) ::close(other.fd);  // the other pipes are the parent's
      fetch_and_score(host, port, paths, w, count, fds[1]);
    }
    // Close the write end at once: the read end reports end of file only when every write end
    // is closed, and a later child must not inherit this one.
    ::close(fds[1]);
    Worker worker;
    worker.number = static_cast<int>(w);
    worker.pid = pid;
    worker.fd = fds[0];
    workers.push_back(std::move(worker));
  }
  collect(workers, out);
  if (!start_error.empty()) {
    out.fail_worker("worker process " + std::to_string(workers.size()) +
                    " could not start: " + start_error);
  }
  return out.finish();
}

std::vector<Score> pipeline_hybrid(const std::string& host, int port,
                                   const std::vector<std::string>& paths, int fetchers,
                                   int scorers) {
  if (fetchers < 1) {
    throw std::invalid_argument("fetchers must be >= 1, got " + std::to_string(fetchers));
  }
  if (scorers < 1) {
    throw std::invalid_argument("scorers must be >= 1, got " + std::to_string(scorers));
  }
  const std::size_t n = paths.size();
  if (n == 0) return {};
  Results out(paths);

  const std::size_t pool_size = std::min(n, static_cast<std::size_t>(scorers));
  std::vector<Worker> workers;
  workers.reserve(pool_size);
  std::vector<int> task_fds;
  std::string start_error;

  // 1. WRONG: the fetching threads first, "so that they get going sooner". A thread waits for
  //    the pool only once it has a body to hand over.
  std::latch pool_ready(1);
  std::deque<std::mutex> task_locks(pool_size);
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::atomic<int> running{1};
  auto end_share = [&] {
    if (running.fetch_sub(1) != 1) return;
    for (std::size_t w = 0; w < task_fds.size(); ++w) {
      std::lock_guard<std::mutex> lock(task_locks[w]);
      ::close(task_fds[w]);
      task_fds[w] = -1;
    }
  };
  auto fetch = [&] {
    sigset_t pipe_signal;
    ::sigemptyset(&pipe_signal);
    ::sigaddset(&pipe_signal, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n) break;
      try {
        ptlabs::HttpResponse response = ptlabs::http_get(host, port, paths[i]);
        pool_ready.wait();
        if (response.status != 200) {
          errors[i] = "GET " + paths[i] + " answered status " + std::to_string(response.status);
        } else if (task_fds.size() != pool_size) {
          errors[i] = "no scoring process for " + paths[i];
        } else {
          const std::size_t w = i % pool_size;
          const TaskHeader header{i, response.body.size()};
          std::lock_guard<std::mutex> lock(task_locks[w]);
          if (!write_all(task_fds[w], &header, sizeof header) ||
              !write_all(task_fds[w], response.body.data(), response.body.size())) {
            const int error = errno;
            errors[i] = "the scoring process for " + paths[i] +
                        " is gone: " + std::system_category().message(error);
          }
        }
      } catch (const std::exception& e) {
        errors[i] = "GET " + paths[i] + " failed: " + e.what();
      } catch (...) {
        errors[i] = "GET " + paths[i] + " failed: unknown exception";
      }
      if (!errors[i].empty()) failed.store(true);
    }
    end_share();
  };
  const std::size_t fetch_count = std::min(n, static_cast<std::size_t>(fetchers));
  std::vector<std::thread> threads;
  threads.reserve(fetch_count);
  for (std::size_t t = 0; t < fetch_count; ++t) {
    running.fetch_add(1);
    try {
      threads.emplace_back(fetch);
    } catch (const std::system_error& e) {
      running.fetch_sub(1);
      start_error = std::string("a fetching thread could not start: ") + e.what();
      failed.store(true);
      break;
    }
  }

  // 2. WRONG: the pool, forked while the fetching threads run. It works here, most of the time;
  //    the grader's fork watch sees the threads.
  const std::string pool_error = start_pool(pool_size, workers, task_fds);
  if (!pool_error.empty()) {
    failed.store(true);
    if (start_error.empty()) start_error = "the scoring pool could not start: " + pool_error;
  }
  pool_ready.count_down();
  end_share();

  // 3. The scores, read while the fetchers run; every scorer is reaped when this returns.
  collect(workers, out);
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < n; ++i) {
    if (!errors[i].empty()) out.fail_path(i, errors[i]);
  }
  if (!start_error.empty()) out.fail_worker(start_error);
  return out.finish();
}

}  // namespace lab09
