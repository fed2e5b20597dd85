// Lab 02 — reference process version: `workers` child processes count, the parent collects.
//
// A forked child gets a copy of the parent's memory (copy-on-write), so nothing it writes to an
// ordinary variable ever reaches the parent. The two functions here show the two ways back:
//   - count_words_in_processes: an array of counts mapped MAP_SHARED before the fork, one slot
//     per child; parent and children then see the same physical pages;
//   - word_frequencies_in_processes: each child serialises its partial map into its own pipe,
//     and the parent decodes and merges the maps.
// Every child is forked before any is awaited, and leaves with _exit().
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab02 {
namespace {

void check_workers(int workers) {
  if (workers < 1) {
    throw std::invalid_argument("workers must be >= 1, got " + std::to_string(workers));
  }
}

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

// Reads `fd` to end of file into *out; false on a read error.
bool read_to_eof(int fd, std::string* out) {
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out->append(buffer, static_cast<std::size_t>(n));
  }
}

struct Child {
  pid_t pid;
  int read_fd;
};

// Forks one child per worker, all before any is awaited. In child w, body(w, fd) runs with fd
// the write end of the child's own pipe, and returns true iff the child delivered its result.
// Then reads every pipe to end of file (before waitpid(): a child blocked on a full pipe would
// never exit) and reaps every child. Returns what each child wrote to its pipe; throws
// std::runtime_error naming the first worker that failed, after every child was reaped.
template <typename Body>
std::vector<std::string> run_children(int workers, const Body& body) {
  std::vector<Child> children;
  children.reserve(static_cast<std::size_t>(workers));
  std::string start_error;
  for (int w = 0; w < workers; ++w) {
    int fds[2];
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
      bool ok = false;
      try {
        ok = body(w, fds[1]);
      } catch (...) {
      }
      ::_exit(ok ? 0 : 1);  // never return into the caller's code, never run its atexit()
    }
    ::close(fds[1]);
    children.push_back(Child{pid, fds[0]});
  }

  std::vector<std::string> outputs(children.size());
  std::string first_error;
  for (std::size_t w = 0; w < children.size(); ++w) {
    bool read_ok = read_to_eof(children[w].read_fd, &outputs[w]);
    ::close(children[w].read_fd);
    int status = 0;
    while (::waitpid(children[w].pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::string cause;
    if (WIFSIGNALED(status)) {
      cause = std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
              strsignal(WTERMSIG(status)) + ")";
    } else if (WEXITSTATUS(status) != 0) {
      cause = "exited with status " + std::to_string(WEXITSTATUS(status));
    } else if (!read_ok) {
      cause = std::string("reading its pipe failed: ") + std::strerror(errno);
    }
    if (!cause.empty() && first_error.empty()) {
      first_error = "worker " + std::to_string(w) + " failed: " + cause;
    }
  }
  if (!start_error.empty()) {
    throw std::runtime_error("worker " + std::to_string(children.size()) +
                             " could not start: " + start_error);
  }
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return outputs;
}

// `count` objects of type T in memory that stays shared with children forked afterwards.
template <typename T>
class SharedArray {
 public:
  explicit SharedArray(std::size_t count) : bytes_(count * sizeof(T)) {
    void* memory =
        ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::runtime_error(std::string("mmap: ") + std::strerror(errno));
    }
    data_ = static_cast<T*>(memory);  // anonymous mappings start zero-filled
  }
  ~SharedArray() { ::munmap(data_, bytes_); }
  SharedArray(const SharedArray&) = delete;
  SharedArray& operator=(const SharedArray&) = delete;
  T& operator[](std::size_t i) const { return data_[i]; }

 private:
  std::size_t bytes_;
  T* data_ = nullptr;
};

// The pipe format of a map: for every entry, the word's size (8 bytes), its bytes, and its
// count (8 bytes). Parent and child are the same binary, so native byte order is fine.
void append_u64(std::string* out, std::uint64_t value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof value);
}

std::string serialise(const Frequencies& frequencies) {
  std::string out;
  for (const auto& [word, count] : frequencies) {
    append_u64(&out, word.size());
    out += word;
    append_u64(&out, count);
  }
  return out;
}

// Adds the entries encoded in `bytes` to *into; throws if `bytes` is cut short.
void merge_serialised(std::string_view bytes, std::size_t worker, Frequencies* into) {
  auto take_u64 = [&](std::uint64_t* value) {
    if (bytes.size() < sizeof *value) return false;
    std::memcpy(value, bytes.data(), sizeof *value);
    bytes.remove_prefix(sizeof *value);
    return true;
  };
  while (!bytes.empty()) {
    std::uint64_t size = 0;
    std::uint64_t count = 0;
    bool ok = take_u64(&size) && size <= bytes.size();
    std::string word;
    if (ok) {
      word.assign(bytes.substr(0, size));
      bytes.remove_prefix(size);
      ok = take_u64(&count);
    }
    if (!ok) {
      throw std::runtime_error("worker " + std::to_string(worker) +
                               " failed: its map was cut short");
    }
    (*into)[word] += count;
  }
}

}  // namespace

std::uint64_t count_words_in_processes(std::string_view text, int workers) {
  check_workers(workers);
  // Mapped before the fork: every child writes its own slot, the parent reads them all.
  SharedArray<std::uint64_t> counts(static_cast<std::size_t>(workers));
  run_children(workers, [&](int w, int /*fd*/) {
    const Chunk chunk = chunk_of(text.size(), workers, w);
    counts[static_cast<std::size_t>(w)] = count_chunk(text, chunk.begin, chunk.end);
    return true;
  });
  // waitpid() has returned for every child, so their writes are complete.
  std::uint64_t total = 0;
  for (std::size_t w = 0; w < static_cast<std::size_t>(workers); ++w) total += counts[w];
  return total;
}

Frequencies word_frequencies_in_processes(std::string_view text, int workers) {
  check_workers(workers);
  auto outputs = run_children(workers, [&](int w, int fd) {
    const Chunk chunk = chunk_of(text.size(), workers, w);
    Frequencies mine;
    for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
      ++mine[std::string(word)];
    }
    const std::string bytes = serialise(mine);
    return write_all(fd, bytes.data(), bytes.size());
  });
  Frequencies total;
  for (std::size_t w = 0; w < outputs.size(); ++w) merge_serialised(outputs[w], w, &total);
  return total;
}

}  // namespace lab02
