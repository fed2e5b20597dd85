// Wrong: the children are forked and awaited, but they do nothing; the parent then counts every
// chunk itself. The results are right, yet no counting happened in a child process: the model
// check reads the call log and sees every count_chunk() and chunk_words() call made by the
// caller's pid.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace lab02 {
namespace {

void fork_idle_children(int workers) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  std::vector<pid_t> pids;
  for (int w = 0; w < workers; ++w) {
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) _exit(0);
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
}

}  // namespace

std::uint64_t count_words_in_processes(std::string_view text, int workers) {
  fork_idle_children(workers);
  std::uint64_t total = 0;
  for (int w = 0; w < workers; ++w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    total += count_chunk(text, chunk.begin, chunk.end);  // in the parent
  }
  return total;
}

Frequencies word_frequencies_in_processes(std::string_view text, int workers) {
  fork_idle_children(workers);
  Frequencies total;
  for (int w = 0; w < workers; ++w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
      ++total[std::string(word)];  // in the parent
    }
  }
  return total;
}

}  // namespace lab02
