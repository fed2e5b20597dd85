// Wrong: each child counts its chunk as a text of its own, text.substr(begin, size), instead of
// passing the whole text and the chunk's range. The first byte of a chunk then always looks like
// the start of a word, so a word cut by a chunk border is counted twice ("hel|lo" gives "hel"
// and "lo"), and the map gets pieces of words. The results travel back correctly, over pipes.
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace lab02 {
namespace {

void write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) _exit(1);
    done += static_cast<std::size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

// Forks one child per worker; child w writes body(w) to its pipe. Returns what each wrote.
template <typename Body>
std::vector<std::string> run_children(int workers, Body body) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  std::vector<pid_t> pids;
  std::vector<int> fds;
  for (int w = 0; w < workers; ++w) {
    int p[2];
    if (pipe(p) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      close(p[0]);
      write_all(p[1], body(w));
      _exit(0);
    }
    close(p[1]);
    pids.push_back(pid);
    fds.push_back(p[0]);
  }
  std::vector<std::string> outputs;
  for (std::size_t w = 0; w < pids.size(); ++w) {
    outputs.push_back(read_all(fds[w]));
    close(fds[w]);
    int status = 0;
    waitpid(pids[w], &status, 0);
  }
  return outputs;
}

}  // namespace

std::uint64_t count_words_in_processes(std::string_view text, int workers) {
  auto outputs = run_children(workers, [&](int w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    std::string_view piece = text.substr(chunk.begin, chunk.end - chunk.begin);
    std::uint64_t n = count_chunk(piece, 0, piece.size());  // the mistake: a substring
    return std::string(reinterpret_cast<const char*>(&n), sizeof n);
  });
  std::uint64_t total = 0;
  for (const auto& bytes : outputs) {
    std::uint64_t n = 0;
    if (bytes.size() == sizeof n) std::memcpy(&n, bytes.data(), sizeof n);
    total += n;
  }
  return total;
}

Frequencies word_frequencies_in_processes(std::string_view text, int workers) {
  auto outputs = run_children(workers, [&](int w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    std::string_view piece = text.substr(chunk.begin, chunk.end - chunk.begin);
    std::string bytes;  // each word as: size (8 bytes), then its bytes
    for (std::string_view word : chunk_words(piece, 0, piece.size())) {  // the same mistake
      std::uint64_t size = word.size();
      bytes.append(reinterpret_cast<const char*>(&size), sizeof size);
      bytes.append(word);
    }
    return bytes;
  });
  Frequencies total;
  for (const auto& bytes : outputs) {
    std::size_t at = 0;
    while (at + sizeof(std::uint64_t) <= bytes.size()) {
      std::uint64_t size = 0;
      std::memcpy(&size, bytes.data() + at, sizeof size);
      at += sizeof size;
      ++total[bytes.substr(at, size)];
      at += size;
    }
  }
  return total;
}

}  // namespace lab02
