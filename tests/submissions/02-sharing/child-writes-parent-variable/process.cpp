// Wrong, and the lesson of the lab: the children add their counts to ordinary variables and the
// parent reads those after waitpid(). But each child wrote to its own copy of the parent's
// memory (fork() copies the address space, copy-on-write), so the parent's variables never
// changed: the count is always 0 and the map always empty. The counting itself does happen in
// the children, so the model check passes.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace lab02 {
namespace {

std::uint64_t g_total = 0;
Frequencies g_words;

template <typename Body>
void fork_and_wait(int workers, Body body) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  std::vector<pid_t> pids;
  for (int w = 0; w < workers; ++w) {
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      body(w);
      _exit(0);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
}

}  // namespace

std::uint64_t count_words_in_processes(std::string_view text, int workers) {
  g_total = 0;
  fork_and_wait(workers, [&](int w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    g_total += count_chunk(text, chunk.begin, chunk.end);  // the child's own copy of g_total
  });
  return g_total;
}

Frequencies word_frequencies_in_processes(std::string_view text, int workers) {
  g_words.clear();
  fork_and_wait(workers, [&](int w) {
    Chunk chunk = chunk_of(text.size(), workers, w);
    for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
      ++g_words[std::string(word)];  // the child's own copy of g_words
    }
  });
  return g_words;
}

}  // namespace lab02
